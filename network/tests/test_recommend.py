"""Who should meet whom (network/recommend.py): similar work and no tie yet,
across communities and sectors first, with the words both work on; the
steps between them; the reason in words; the words of each organisation's
and person's work as the database holds them; agencies for a challenge."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from network import analysis, recommend
from network.graph import NodeInfo
from network.models import Level, Scope

DRUGS = ["การบำบัด", "ผู้ติดยาเสพติด", "ชุมชน", "ยะลา"]
ELDERLY = ["ผู้สูงอายุ", "ติดเตียง", "ดูแล", "อาสาสมัคร"]
FLOODS = ["น้ำท่วม", "ระบาย", "เขตเมือง", "คลอง"]


def graph_of(n: int, ties: list[tuple[int, int]] = ()) -> analysis.Graph:  # type: ignore[assignment]
    return analysis.Graph.from_edges(n, [a for a, _ in ties], [b for _, b in ties])


def pairs_of(found: recommend.Recommendations) -> set[tuple[int, int]]:
    return set(zip(found.source.tolist(), found.target.tolist(), strict=True))


# --- similar_pairs ---------------------------------------------------------------


def test_pairs_with_shared_topic_words_and_no_tie_are_recommended():
    tokens = [DRUGS, DRUGS + ["ปัตตานี"], ELDERLY, ELDERLY + ["ชนบท"], FLOODS]
    graph = graph_of(5, [(2, 3), (0, 4)])
    found = recommend.similar_pairs(
        tokens, graph=graph, communities=np.zeros(5, dtype=int), sectors=["gov_central"] * 5
    )
    pairs = pairs_of(found)
    assert (0, 1) in pairs and (1, 0) in pairs
    # Tied (2, 3) never, however alike; nothing shared, nothing recommended.
    assert not pairs & {(2, 3), (3, 2)}
    assert pairs == {(0, 1), (1, 0)}


def test_tied_pairs_and_a_node_itself_are_never_recommended():
    rng = np.random.default_rng(7)
    n = 300
    topics = [DRUGS, ELDERLY, FLOODS, ["การท่องเที่ยว", "ริมทะเล", "ประมง", "ชุมชน"]]
    tokens = [
        list(rng.choice(topics[i % 4], size=3)) + list(rng.choice(topics[(i * 7) % 4], size=1))
        for i in range(n)
    ]
    ties = [tuple(pair) for pair in rng.integers(0, n, (1500, 2)).tolist()]
    graph = graph_of(n, ties)
    found = recommend.similar_pairs(
        tokens, graph=graph, communities=np.arange(n) % 5, sectors=["local"] * n, k=8
    )
    assert len(found) > 0
    tied = {(int(a), int(b)) for a, b in zip(graph.sources, graph.targets, strict=True)}
    tied |= {(b, a) for a, b in tied}
    assert not pairs_of(found) & tied
    assert not (found.source == found.target).any()


def test_a_pair_across_communities_ranks_above_one_inside_at_equal_similarity():
    tokens = [DRUGS, DRUGS, DRUGS, DRUGS]
    found = recommend.similar_pairs(
        tokens,
        graph=graph_of(4),
        communities=np.array([0, 0, 1, 0]),
        sectors=["gov_central", "gov_central", "gov_central", "academia"],
        sources=np.array([0]),
    )
    # Another community, another sector, neither: all equally similar.
    assert found.target.tolist() == [2, 3, 1]
    assert found.rank.tolist() == [1, 2, 3]
    assert np.allclose(found.similarity, 1.0)
    assert np.allclose(found.score, [recommend.ACROSS_COMMUNITY, recommend.ACROSS_SECTOR, 1.0])
    assert found.across_community.tolist() == [True, False, False]
    assert found.across_sector.tolist() == [False, True, False]


def test_an_unknown_sector_is_not_another_sector():
    found = recommend.similar_pairs(
        [DRUGS, DRUGS],
        graph=graph_of(2),
        communities=np.zeros(2, dtype=int),
        sectors=["gov_local", ""],
    )
    assert not found.across_sector.any()


def test_terms_are_the_shared_words_the_rarest_first():
    tokens = [
        ["ยาเสพติด", "ยะลา", "ชุมชน", "ประมง"],
        ["ยาเสพติด", "ยะลา", "ชุมชน", "ท่องเที่ยว"],
        ["ชุมชน", "ผู้สูงอายุ"],
        ["ชุมชน", "น้ำท่วม"],
        ["ยะลา", "คลอง"],
    ]
    found = recommend.similar_pairs(
        tokens, graph=graph_of(5), communities=np.zeros(5, dtype=int), sectors=["ngo"] * 5
    )
    row = [
        r for r, pair in enumerate(zip(found.source, found.target, strict=True)) if pair == (0, 1)
    ][0]
    # ชุมชน is on every profile, ยะลา on three, ยาเสพติด on these two only.
    assert found.terms[row] == ["ยาเสพติด", "ยะลา", "ชุมชน"]


def test_similarity_and_the_top_k_equal_a_brute_force_cosine():
    rng = np.random.default_rng(3)
    n, k = 120, 5
    vocabulary = [f"คำ{i}" for i in range(60)]
    tokens = [list(rng.choice(vocabulary, size=rng.integers(0, 8))) for _ in range(n)]
    graph = graph_of(n, [tuple(p) for p in rng.integers(0, n, (200, 2)).tolist()])
    communities = rng.integers(0, 4, n)
    sectors = list(rng.choice(["gov_central", "academia", "ngo"], size=n))
    found = recommend.similar_pairs(
        tokens, graph=graph, communities=communities, sectors=sectors, k=k, min_similarity=0.1
    )
    # The same by hand: sublinear tf, smoothed idf, l2 rows, dense cosine.
    counts = np.zeros((n, len(vocabulary)))
    for i, doc in enumerate(tokens):
        for word in doc:
            counts[i, vocabulary.index(word)] += 1
    tf = np.where(counts > 0, 1 + np.log(np.where(counts > 0, counts, 1)), 0)
    idf = np.log((1 + n) / (1 + (counts > 0).sum(axis=0))) + 1
    weights = tf * idf
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    unit = weights / np.where(norms > 0, norms, 1)
    cosine = unit @ unit.T
    tied = np.zeros((n, n), dtype=bool)
    tied[graph.sources, graph.targets] = tied[graph.targets, graph.sources] = True
    expected: dict[int, list[float]] = {}
    for i in range(n):
        scores = [
            cosine[i, j]
            * (recommend.ACROSS_COMMUNITY if communities[i] != communities[j] else 1)
            * (recommend.ACROSS_SECTOR if sectors[i] != sectors[j] else 1)
            for j in range(n)
            if j != i and not tied[i, j] and cosine[i, j] >= 0.1
        ]
        expected[i] = sorted(scores, reverse=True)[:k]
    for i in range(n):
        mine = found.source == i
        assert np.allclose(found.score[mine], expected[i]), i
        assert found.rank[mine].tolist() == list(range(1, len(expected[i]) + 1))
    assert np.allclose(found.similarity, cosine[found.source, found.target])


def test_one_source_alone_gets_what_it_gets_in_a_full_run(monkeypatch):
    rng = np.random.default_rng(5)
    n = 200
    vocabulary = [f"คำ{i}" for i in range(40)]
    tokens = [list(rng.choice(vocabulary, size=6)) for _ in range(n)]
    graph = graph_of(n, [tuple(p) for p in rng.integers(0, n, (400, 2)).tolist()])
    arguments = {"graph": graph, "communities": np.arange(n) % 3, "sectors": ["ngo"] * n}
    everyone = recommend.similar_pairs(tokens, **arguments)
    alone = recommend.similar_pairs(tokens, **arguments, sources=np.array([17]))
    mine = everyone.source == 17
    assert alone.target.tolist() == everyone.target[mine].tolist()
    assert alone.terms == [everyone.terms[r] for r in np.flatnonzero(mine)]
    # Shared words sorted in batches come out the same.
    monkeypatch.setattr(recommend, "_TERMS_BATCH", 7)
    assert recommend.similar_pairs(tokens, **arguments).terms == everyone.terms


def test_no_words_no_recommendations():
    found = recommend.similar_pairs(
        [[], [], []], graph=graph_of(3), communities=np.zeros(3, dtype=int), sectors=[""] * 3
    )
    assert len(found) == 0 and found.terms == []


# --- steps ------------------------------------------------------------------------


def test_steps_equal_networkx_shortest_paths_on_the_karate_club():
    peer = nx.karate_club_graph()
    graph = graph_of(peer.number_of_nodes(), list(peer.edges()))
    pairs = list(itertools.product(range(graph.n), repeat=2))
    expected = [nx.shortest_path_length(peer, a, b) for a, b in pairs]
    assert recommend.steps(graph, pairs) == expected


def test_steps_far_apart_and_on_other_islands():
    # A path of 12 nodes (beyond the balls' reach) and an island of two.
    peer = nx.path_graph(12)
    peer.add_edge(12, 13)
    graph = graph_of(14, list(peer.edges()))
    pairs = [(0, 11), (3, 10), (0, 12), (13, 12), (5, 5)]
    assert recommend.steps(graph, pairs) == [11, 7, None, 1, 0]
    assert recommend.steps(graph, []) == []


# --- reason -------------------------------------------------------------------------


def test_the_reason_reads_in_english():
    with translation.override("en"):
        text = recommend.reason(
            terms=["drug treatment", "community", "Yala", "fishing"],
            steps=4,
            across_community=True,
            across_sector=True,
            other_sector_label="Academia",
        )
        assert text == (
            "Both work on drug treatment, community and Yala; 4 steps apart; "
            "in different communities; a different sector (Academia)."
        )
        assert recommend.reason(
            terms=[], steps=None, across_community=False, across_sector=True
        ) == ("Not connected at all yet; a different sector.")


def test_the_reason_reads_in_thai():
    with translation.override("th"):
        text = recommend.reason(
            terms=["ยาเสพติด", "ยะลา"],
            steps=4,
            across_community=False,
            across_sector=True,
            other_sector_label="ภาคประชาสังคม",
        )
        assert text == ("ทำงานเรื่อง ยาเสพติด และ ยะลา เหมือนกัน; ห่างกัน 4 ขั้น; ต่างภาคส่วน (ภาคประชาสังคม)")
        assert (
            recommend.reason(terms=[], steps=None, across_community=True, across_sector=False)
            == "ยังไม่เชื่อมถึงกันเลย; อยู่ต่างกลุ่มกัน"
        )


# --- profiles (the database) ------------------------------------------------------------


def make_lab(visibility: str = "public"):
    from workshops.tests.conftest import make_lab as make

    return make("ห้องปฏิบัติการปิด" if visibility != "public" else "ห้องปฏิบัติการ", visibility=visibility)


def make_challenge(lab, title: str, problem: str = "", provinces=()):
    from labs.models import Challenge, Stage

    challenge = Challenge.objects.create(
        lab=lab,
        title_th=title,
        problem=problem,
        stage=Stage.objects.get(process=lab.process, key="discover"),
    )
    if provinces:
        challenge.provinces.set(provinces)
    return challenge


def make_org(name: str, sector: str = "gov_central"):
    from directory.models import Organisation

    return Organisation.objects.create(name_th=name, sector=sector, kind="office")


def node(organisation=None, *, person=None, organisation_id=None) -> NodeInfo:
    if person is not None:
        return NodeInfo(
            pk=person.pk,
            label=person.name_th,
            name=person.name_th,
            name_en="",
            sector="",
            kind="person",
            province_id=None,
            parent_id=None,
            ministry_id=None,
            organisation_id=organisation_id,
        )
    return NodeInfo(
        pk=organisation.pk,
        label=organisation.name_th,
        name=organisation.name_th,
        name_en="",
        sector=organisation.sector,
        kind=organisation.kind,
        province_id=None,
        parent_id=None,
        ministry_id=None,
    )


def make_note(board, author, text: str, **fields):
    from boards.models import Note

    return Note.objects.create(
        board=board,
        author=author,
        client_id=f"c{Note.objects.count()}",
        zone=board.zone_keys()[0],
        text=text,
        **fields,
    )


def make_board(lab, by):
    from boards.models import Method
    from boards.services import board_create

    return board_create(
        lab=lab, by=by, method=Method.objects.get(key="hopes-fears", lab=None), title="บอร์ด"
    )


@pytest.mark.django_db
def test_organisation_profiles_read_challenges_notes_proposals_and_actions(opdc, ocsc, alice):
    from actions.models import Action, ActionAgency, ActionPlan, Pledge, Proposal
    from boards.services import participant_join
    from labs.models import ChallengeAgency, Stakeholder

    lab = make_lab()
    closed = make_lab("members")
    ChallengeAgency.objects.create(
        challenge=make_challenge(lab, "บำบัดผู้ติดยาเสพติด"), organisation=opdc, role="lead"
    )
    Stakeholder.objects.create(challenge=make_challenge(lab, "ผู้สูงอายุติดเตียง"), organisation=ocsc)
    ChallengeAgency.objects.create(
        challenge=make_challenge(closed, "ความมั่นคงชายแดน"), organisation=opdc, role="lead"
    )
    board = make_board(lab, alice)
    writer, _ = participant_join(board=board, display_name="สมหญิง", organisation=ocsc)
    make_note(board, writer, "ระบายน้ำท่วมขัง")  # written from OCSC
    make_note(board, writer, "ท่องเที่ยวริมทะเล", organisation=opdc)  # about OPDC
    from django.utils import timezone

    make_note(board, writer, "ลบแล้วประมง", deleted_at=timezone.now())
    make_note(board, writer, "ซ่อนไว้เกษตรกร", hidden=True)
    make_note(board, writer, "คว่ำไว้ทุเรียน", private=True)
    proposal = Proposal.objects.create(lab=lab, kind="project", title_th="ศูนย์ดูแลกลางวัน")
    Pledge.objects.create(proposal=proposal, organisation=opdc, kind="staff")
    concerned = Proposal.objects.create(lab=lab, kind="policy", title_th="คลองสะอาด")
    concerned.agencies.add(ocsc)
    plan = ActionPlan.objects.create(lab=lab, title_th="แผน")
    action = Action.objects.create(
        plan=plan, lab=lab, title_th="ห้องสมุดชุมชน", description="หนังสือ", lead_agency=opdc
    )
    ActionAgency.objects.create(action=action, organisation=ocsc)

    nodes = [node(opdc), node(ocsc)]
    public = recommend.profiles(level=Level.ORGANISATION, scope=Scope.PUBLIC, nodes=nodes)
    everything = recommend.profiles(level=Level.ORGANISATION, scope=Scope.ALL, nodes=nodes)

    assert {"บำบัด", "ท่องเที่ยว", "ดูแล", "ห้องสมุด"} <= set(public[0])
    assert {"ผู้สูงอายุ", "ระบาย", "คลอง", "ห้องสมุด"} <= set(public[1])
    assert "ชายแดน" not in public[0] and "ชายแดน" in everything[0]
    for words in public + everything:
        assert not {"ประมง", "เกษตรกร", "ทุเรียน"} & set(words)


@pytest.mark.django_db
def test_profiles_take_a_fixed_number_of_queries(opdc, ocsc):
    from labs.models import ChallengeAgency

    lab = make_lab()
    others = [make_org(f"องค์การบริหารส่วนตำบลที่ {i}", "gov_local") for i in range(8)]
    for i, organisation in enumerate([opdc, ocsc, *others]):
        challenge = make_challenge(lab, f"โจทย์ที่ {i} ยาเสพติด")
        ChallengeAgency.objects.create(challenge=challenge, organisation=organisation, role="lead")

    def queries(nodes):
        with CaptureQueriesContext(connection) as context:
            recommend.profiles(level=Level.ORGANISATION, scope=Scope.PUBLIC, nodes=nodes)
        return len(context.captured_queries)

    assert queries([node(opdc)]) == queries([node(o) for o in [opdc, ocsc, *others]])


@pytest.mark.django_db
def test_person_profiles_read_their_notes_stakes_actions_and_organisation(opdc, ocsc, alice):
    from actions.models import Action, ActionPlan
    from boards.models import Participant
    from labs.models import ChallengeAgency, Stakeholder
    from workshops.tests.conftest import person

    lab = make_lab()
    closed = make_lab("members")
    somchai = person("สมชาย", organisation=opdc)
    somying = person("สมหญิง", organisation=ocsc)
    board = make_board(lab, alice)
    author = Participant.objects.create(board=board, display_name="สมชาย", person=somchai)
    make_note(board, author, "ระบายน้ำท่วมขัง")
    Stakeholder.objects.create(challenge=make_challenge(lab, "ผู้สูงอายุติดเตียง"), person=somchai)
    Stakeholder.objects.create(challenge=make_challenge(closed, "ความมั่นคงชายแดน"), person=somchai)
    ChallengeAgency.objects.create(
        challenge=make_challenge(lab, "บำบัดผู้ติดยาเสพติด", "ชุมชนเข้มแข็ง"),
        organisation=opdc,
        role="lead",
    )
    plan = ActionPlan.objects.create(lab=lab, title_th="แผน")
    Action.objects.create(
        plan=plan, lab=lab, title_th="ห้องสมุดชุมชน", lead_agency=ocsc, owner=somying
    )

    nodes = [
        node(person=somchai, organisation_id=opdc.pk),
        node(person=somying, organisation_id=ocsc.pk),
    ]
    found = recommend.profiles(level=Level.PERSON, scope=Scope.PUBLIC, nodes=nodes)
    assert {"ระบาย", "ผู้สูงอายุ", "บำบัด"} <= set(found[0])
    assert "ชุมชนเข้มแข็ง" not in found[0]  # the organisation's challenge: its title only
    assert "ชายแดน" not in found[0]
    assert "ห้องสมุด" in found[1]


@pytest.mark.django_db
def test_an_anonymous_note_never_reaches_its_authors_profile(opdc, ocsc, alice):
    """Written anonymously (the note, or its board now, in anonymous mode):
    its words count for whom it names, never for who wrote it, for
    organisations and for people alike."""
    from boards.models import Participant
    from labs.models import Stakeholder
    from workshops.tests.conftest import person

    lab = make_lab()
    somchai = person("สมชาย", organisation=ocsc)
    somying = person("สมหญิง", organisation=opdc)
    board = make_board(lab, alice)
    writer = Participant.objects.create(
        board=board, display_name="สมชาย", person=somchai, organisation=ocsc
    )
    make_note(board, writer, "ระบายน้ำท่วมขัง")  # openly
    make_note(board, writer, "ประมงพื้นบ้าน", anonymous=True)
    make_note(board, writer, "ท่องเที่ยวริมทะเล", anonymous=True, organisation=opdc, person=somying)
    stake = Stakeholder.objects.create(
        challenge=make_challenge(lab, "โจทย์"), organisation=opdc, person=somying
    )
    make_note(board, writer, "ห้องสมุดเคลื่อนที่", anonymous=True, stakeholder=stake)
    # Written openly, but the board has turned anonymous since.
    later = make_board(lab, alice)
    later_writer = Participant.objects.create(
        board=later, display_name="สมชาย", person=somchai, organisation=ocsc
    )
    make_note(later, later_writer, "เกษตรกรปลูกทุเรียน")
    later.anonymous = True
    later.save(update_fields=["anonymous"])

    organisations = recommend.profiles(
        level=Level.ORGANISATION, scope=Scope.ALL, nodes=[node(opdc), node(ocsc)]
    )
    people = recommend.profiles(
        level=Level.PERSON,
        scope=Scope.ALL,
        nodes=[
            node(person=somying, organisation_id=opdc.pk),
            node(person=somchai, organisation_id=ocsc.pk),
        ],
    )
    for named, author in (organisations, people):
        assert "ระบาย" in author  # the open note counts for its author
        assert not {"ประมง", "ท่องเที่ยว", "ห้องสมุด", "เกษตรกร", "ทุเรียน"} & set(author)
        # Named on the note, or as its stakeholder: they count for whom they name.
        assert {"ท่องเที่ยว", "ห้องสมุด"} <= set(named)
        assert not {"ระบาย", "ประมง", "เกษตรกร"} & set(named)


# --- agencies for a challenge -------------------------------------------------------------


@pytest.mark.django_db
def test_agencies_of_similar_challenges_are_suggested(opdc, ocsc):
    from directory.models import Province
    from labs.models import ChallengeAgency, Stakeholder

    lab = make_lab()
    closed = make_lab("members")
    yala = Province.objects.get(name_th="ยะลา")
    health = make_org("สำนักงานสาธารณสุขจังหวัดยะลา", "gov_regional")
    police = make_org("ตำรวจภูธรจังหวัดยะลา", "gov_regional")
    mosque = make_org("มัสยิดกลางจังหวัดยะลา", "community")
    water = make_org("กรมชลประทาน")
    secret = make_org("หน่วยงานในห้องปิด")

    ours = make_challenge(lab, "บำบัดผู้ติดยาเสพติดโดยชุมชน", "เยาวชนติดยาเสพติด", [yala])
    ChallengeAgency.objects.create(challenge=ours, organisation=opdc, role="lead")
    similar = make_challenge(lab, "ชุมชนบำบัดยาเสพติด", "ผู้ติดยาเสพติดกลับสู่ชุมชน", [yala])
    for organisation in (health, opdc):
        ChallengeAgency.objects.create(challenge=similar, organisation=organisation, role="partner")
    Stakeholder.objects.create(challenge=similar, organisation=mosque)
    less = make_challenge(lab, "ป้องกันยาเสพติดในโรงเรียน", "", [yala])
    ChallengeAgency.objects.create(challenge=less, organisation=police, role="lead")
    ChallengeAgency.objects.create(challenge=less, organisation=health, role="partner")
    floods = make_challenge(lab, "ระบายน้ำท่วมขังในเขตเมือง", "คลองตื้นเขิน")
    ChallengeAgency.objects.create(challenge=floods, organisation=water, role="lead")
    hidden = make_challenge(closed, "บำบัดผู้ติดยาเสพติดโดยชุมชน", "เยาวชนติดยาเสพติด", [yala])
    ChallengeAgency.objects.create(challenge=hidden, organisation=secret, role="lead")

    found = recommend.agencies_for_challenge(ours, scope=Scope.PUBLIC)
    names = [suggestion.organisation for suggestion in found]
    assert set(names) == {health, mosque, police}
    assert names[0] == health  # on the two similar challenges
    assert found[0].via == [similar, less]
    assert opdc not in names  # already on it
    assert water not in names  # a dissimilar challenge's agency
    assert secret not in names  # a members-only lab's challenge, in public

    everything = recommend.agencies_for_challenge(ours, scope=Scope.ALL)
    assert secret in [suggestion.organisation for suggestion in everything]
    assert len(recommend.agencies_for_challenge(ours, scope=Scope.ALL, limit=2)) == 2


@pytest.mark.django_db
def test_agencies_for_a_challenge_take_a_fixed_number_of_queries(opdc, ocsc):
    from labs.models import ChallengeAgency

    lab = make_lab()
    ours = make_challenge(lab, "บำบัดผู้ติดยาเสพติด")

    def queries():
        with CaptureQueriesContext(connection) as context:
            recommend.agencies_for_challenge(ours, scope=Scope.PUBLIC)
        return len(context.captured_queries)

    ChallengeAgency.objects.create(
        challenge=make_challenge(lab, "ยาเสพติดในชุมชน"), organisation=opdc, role="lead"
    )
    few = queries()
    for i in range(6):
        challenge = make_challenge(lab, f"ยาเสพติดในชุมชนที่ {i}")
        ChallengeAgency.objects.create(
            challenge=challenge, organisation=make_org(f"หน่วยงาน {i}"), role="lead"
        )
    assert queries() == few


def suggested(challenge, scope=Scope.PUBLIC) -> list:
    return [s.organisation for s in recommend.agencies_for_challenge(challenge, scope=scope)]


@pytest.mark.django_db
def test_a_lab_turning_members_only_leaves_the_suggestions_at_once(opdc, monkeypatch):
    """Public suggestions never come from a members-only lab's challenge,
    even when the in-scope challenges were cached while it was public, and
    however its visibility was changed (here without touching updated_at)."""
    from labs.models import ChallengeAgency, Lab
    from workshops.tests.conftest import make_lab as make

    lab = make("ห้องปฏิบัติการยาเสพติด")
    other = make("ห้องปฏิบัติการชุมชน")
    health = make_org("สำนักงานสาธารณสุขจังหวัดยะลา", "gov_regional")
    ours = make_challenge(lab, "บำบัดผู้ติดยาเสพติดโดยชุมชน", "เยาวชนติดยาเสพติด")
    ChallengeAgency.objects.create(challenge=ours, organisation=opdc, role="lead")
    similar = make_challenge(other, "ชุมชนบำบัดยาเสพติด", "ผู้ติดยาเสพติดกลับสู่ชุมชน")
    ChallengeAgency.objects.create(challenge=similar, organisation=health, role="lead")

    assert suggested(ours) == [health]

    # Cached: asked again, nothing is weighed again; only the version, the
    # organisations and the challenges shown are read.
    def weigh_again(scope):
        raise AssertionError("weighed again")

    monkeypatch.setattr(recommend, "_weigh_challenges", weigh_again)
    with CaptureQueriesContext(connection) as context:
        assert suggested(ours) == [health]
    assert len(context.captured_queries) == 3
    monkeypatch.undo()

    Lab.objects.filter(pk=other.pk).update(visibility=Lab.Visibility.MEMBERS)
    assert suggested(ours, Scope.ALL) == [health]  # administrators still see it
    assert suggested(ours) == []
    Lab.objects.filter(pk=other.pk).update(visibility=Lab.Visibility.PUBLIC)
    assert suggested(ours) == [health]


@pytest.mark.django_db
def test_cached_suggestions_follow_challenges_and_their_agencies(opdc, ocsc):
    from labs.models import ChallengeAgency, Stakeholder

    lab = make_lab()
    health = make_org("สำนักงานสาธารณสุขจังหวัดยะลา", "gov_regional")
    ours = make_challenge(lab, "บำบัดผู้ติดยาเสพติดโดยชุมชน", "เยาวชนติดยาเสพติด")
    similar = make_challenge(lab, "ชุมชนบำบัดยาเสพติด", "ผู้ติดยาเสพติดกลับสู่ชุมชน")
    agency = ChallengeAgency.objects.create(challenge=similar, organisation=health, role="lead")
    assert suggested(ours) == [health]

    stake = Stakeholder.objects.create(challenge=similar, organisation=ocsc)
    assert set(suggested(ours)) == {health, ocsc}
    stake.organisation = opdc  # the same row, now naming another
    stake.save()
    assert set(suggested(ours)) == {health, opdc}
    ChallengeAgency.objects.create(challenge=ours, organisation=health, role="lead")
    assert suggested(ours) == [opdc]  # already on ours
    agency.delete()
    similar.title_th, similar.problem = "ระบายน้ำท่วมขังในเขตเมือง", "คลองตื้นเขิน"
    similar.save()
    assert suggested(ours) == []  # no longer similar


@pytest.mark.django_db
def test_a_members_only_challenge_is_compared_with_public_ones_only_in_public(opdc):
    from labs.models import ChallengeAgency

    lab = make_lab()
    closed = make_lab("members")
    health = make_org("สำนักงานสาธารณสุขจังหวัดยะลา", "gov_regional")
    secret = make_org("หน่วยงานในห้องปิด")
    ours = make_challenge(closed, "บำบัดผู้ติดยาเสพติดโดยชุมชน", "เยาวชนติดยาเสพติด")
    ChallengeAgency.objects.create(challenge=ours, organisation=opdc, role="lead")
    similar = make_challenge(lab, "ชุมชนบำบัดยาเสพติด", "ผู้ติดยาเสพติดกลับสู่ชุมชน")
    for organisation in (health, opdc):
        ChallengeAgency.objects.create(challenge=similar, organisation=organisation, role="lead")
    sibling = make_challenge(closed, "ชุมชนบำบัดยาเสพติด", "ผู้ติดยาเสพติดกลับสู่ชุมชน")
    ChallengeAgency.objects.create(challenge=sibling, organisation=secret, role="lead")

    public = recommend.agencies_for_challenge(ours, scope=Scope.PUBLIC)
    assert [s.organisation for s in public] == [health]  # opdc: already on ours
    assert public[0].via == [similar]
    assert set(suggested(ours, Scope.ALL)) == {health, secret}


def test_a_distance_not_computed_is_left_unsaid_but_another_island_is_said():
    from django.utils import translation

    with translation.override("en"):
        unknown = recommend.reason(
            terms=["ยะลา"],
            steps=None,
            across_community=False,
            across_sector=False,
            same_island=True,
        )
        apart = recommend.reason(
            terms=["ยะลา"],
            steps=None,
            across_community=False,
            across_sector=False,
            same_island=False,
        )
    assert unknown == "Both work on ยะลา."
    assert apart == "Both work on ยะลา; not connected at all yet."
