"""Reads of the network (network/selectors.py): the stored analysis for the
current window and new ties on top of it, other windows measured on the spot
and cached, a node's place in words and numbers, who may see what, and a
lab's new cross-agency ties."""

# Fixtures imported from other apps' conftest files are requested by name.
# ruff: noqa: F401, F811

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

from directory.models import Sector
from network import selectors, services, ties
from network.models import Level, Scope, TieKind
from network.tests.test_services import organisation, small, tie
from workshops.tests.conftest import make_lab, person


def analyse(level: str = Level.ORGANISATION, scope: str = Scope.PUBLIC, **kwargs):
    return services.analyse(level=level, scope=scope, recommend=False, **kwargs)


@pytest.fixture
def counted(monkeypatch):
    """How many times services.measure ran."""
    calls: list[int] = []
    measure = services.measure

    def counting(network, **kwargs):
        calls.append(network.graph.n)
        return measure(network, **kwargs)

    monkeypatch.setattr(services, "measure", counting)
    return calls


# --- network_view -------------------------------------------------------------------


def test_the_current_window_reads_the_stored_analysis(small, counted):
    snapshot = analyse()
    calls = len(counted)
    view = selectors.network_view(level=Level.ORGANISATION, scope=Scope.PUBLIC)
    assert len(counted) == calls  # nothing measured for the page
    assert not view.live and view.snapshot.pk == snapshot.pk
    assert view.computed_at == snapshot.computed_at
    assert view.pending_ties == 0
    assert view.density == pytest.approx(snapshot.density)
    assert len(view.nodes) == 6 and len(view.edges) == 5
    c = small[2]
    row = next(node for node in view.nodes if node.pk == c.pk)
    assert (row.degree, row.broker_rank, row.articulation, row.reach) == (3, 1, True, 4)
    assert row.url == c.get_absolute_url()
    assert row.sector_label == str(Sector.GOVERNMENT_CENTRAL.label)  # in the active language
    assert sum(community.size for community in view.communities) == 6


def test_a_tie_added_after_the_analysis_shows_up_with_its_new_node_placed(small):
    a, b, c, d, e, f = small
    analyse()
    newcomer = organisation("กรมใหม่")
    tie(c, newcomer, day=timezone.localdate())
    tie(a, f, day=timezone.localdate())
    view = selectors.network_view(level=Level.ORGANISATION, scope=Scope.PUBLIC)
    assert not view.live
    by_pk = {node.pk: node for node in view.nodes}
    pairs = {frozenset((view.nodes[edge.a].pk, view.nodes[edge.b].pk)) for edge in view.edges}
    assert frozenset((c.pk, newcomer.pk)) in pairs and frozenset((a.pk, f.pk)) in pairs
    # One node and two ties the analysis has not seen.
    assert view.pending_ties == 1 + 2
    new = by_pk[newcomer.pk]
    assert (new.degree, new.component, new.community) == (1, -1, -1)
    # Beside its one partner, which keeps its stored place.
    assert (new.x, new.y) == pytest.approx((by_pk[c.pk].x + 0.01, by_pk[c.pk].y + 0.01))
    # Degrees are live; the rest waits for the next analysis.
    assert by_pk[c.pk].degree == 4 and by_pk[f.pk].degree == 1
    assert by_pk[f.pk].component == 1


def test_another_window_is_measured_live_and_cached(small, counted):
    analyse()
    calls = len(counted)
    window = {
        "level": Level.ORGANISATION,
        "scope": Scope.PUBLIC,
        "start": dt.date(2024, 1, 1),
        "end": dt.date(2024, 3, 31),
    }
    first = selectors.network_view(**window)
    assert first.live and len(counted) == calls + 1
    assert first.start == dt.date(2024, 1, 1) and first.end == dt.date(2024, 3, 31)
    second = selectors.network_view(**window)
    assert len(counted) == calls + 1  # from the cache
    assert [(n.pk, n.degree, n.betweenness) for n in second.nodes] == [
        (n.pk, n.degree, n.betweenness) for n in first.nodes
    ]
    c = small[2]
    assert next(n for n in second.nodes if n.pk == c.pk).broker_rank == 1
    # A new tie in the window is a new network: measured again.
    a, f = small[0], small[-1]
    tie(a, f, day=dt.date(2024, 2, 1))
    third = selectors.network_view(**window)
    assert len(counted) == calls + 2
    assert next(n for n in third.nodes if n.pk == f.pk).degree == 1


def test_a_new_organisation_is_not_given_a_cached_networks_measures(small, counted):
    window = {"level": Level.ORGANISATION, "scope": Scope.PUBLIC, "end": dt.date(2024, 3, 31)}
    before = selectors.network_view(**window)
    newcomer = organisation("กรมใหม่")
    after = selectors.network_view(**window)
    assert len(after.nodes) == len(before.nodes) + 1
    row = next(n for n in after.nodes if n.pk == newcomer.pk)
    assert (row.degree, row.reach, row.broker_rank) == (0, 0, None)
    assert len(counted) == 2


def test_a_lab_switched_to_members_only_leaves_the_public_windows_cache(small, counted):
    a, b, c, d, e, f = small
    closed = make_lab("ห้องที่จะปิด")
    tie(a, f, day=dt.date(2024, 2, 1), lab=closed)
    window = {"level": Level.ORGANISATION, "scope": Scope.PUBLIC, "end": dt.date(2024, 3, 31)}
    assert next(n for n in selectors.network_view(**window).nodes if n.pk == f.pk).degree == 1
    closed.visibility = "members"
    closed.save()
    view = selectors.network_view(**window)
    assert next(n for n in view.nodes if n.pk == f.pk).degree == 0
    assert not any(
        view.nodes[edge.a].pk == f.pk or view.nodes[edge.b].pk == f.pk for edge in view.edges
    )


def test_a_labs_window_is_measured_live(small):
    analyse()
    lab = make_lab("ห้องหนึ่ง")
    a, b = small[0], small[1]
    tie(a, b, lab=lab)
    view = selectors.network_view(level=Level.ORGANISATION, scope=Scope.PUBLIC, lab_id=lab.pk)
    assert view.live and view.lab_id == lab.pk
    assert {node.pk for node in view.nodes} == {a.pk, b.pk}
    assert [(edge.count, edge.kinds) for edge in view.edges] == [(1, (TieKind.GROUP,))]


def test_without_an_analysis_the_current_window_is_measured_live(small):
    view = selectors.network_view(level=Level.ORGANISATION, scope=Scope.PUBLIC)
    assert view.live and view.snapshot is None
    assert len(view.nodes) == 6


@time_machine.travel(dt.datetime(2024, 3, 10, 20, 0, tzinfo=dt.UTC), tick=False)
def test_a_reader_in_another_time_zone_sees_the_ties_made_today(small, charlie):
    a, f = small[0], small[-1]
    lab = make_lab()
    # Made now: 03:00 on 11 March in Bangkok, still 10 March in London.
    tie(a, f, day=dt.date(2024, 3, 11), lab=lab)
    analyse()
    with timezone.override("Europe/London"):
        view = selectors.network_view(level=Level.ORGANISATION, scope=Scope.PUBLIC)
        detail = selectors.node_detail(level=Level.ORGANISATION, pk=f.pk, user=charlie)
        new = selectors.lab_new_ties(lab=lab, scope=Scope.PUBLIC)
    assert not view.live and view.end == dt.date(2024, 3, 11)
    assert frozenset((a.pk, f.pk)) in {
        frozenset((view.nodes[edge.a].pk, view.nodes[edge.b].pk)) for edge in view.edges
    }
    assert detail is not None and [p.pk for p in detail.partners] == [a.pk]
    assert new.new_count == 1


# --- Who sees what ----------------------------------------------------------------------


def test_scope_for(alice, bob, charlie):
    assert selectors.scope_for(alice) == Scope.ALL
    assert selectors.scope_for(bob) == Scope.PUBLIC
    assert selectors.scope_for(charlie) == Scope.PUBLIC
    assert selectors.scope_for(AnonymousUser()) == Scope.PUBLIC
    alice.is_active = False
    assert selectors.scope_for(alice) == Scope.PUBLIC


def test_the_person_level_is_for_signed_in_users(db, charlie):
    a, b = person("หนึ่ง"), person("สอง")
    tie(a, b)
    assert selectors.node_detail(level=Level.PERSON, pk=a.pk, user=AnonymousUser()) is None
    assert not selectors.may_see_level(AnonymousUser(), Level.PERSON)
    detail = selectors.node_detail(level=Level.PERSON, pk=a.pk, user=charlie)
    assert detail is not None and [p.pk for p in detail.partners] == [b.pk]
    assert selectors.node_detail(level=Level.ORGANISATION, pk=10**6, user=charlie) is None


def test_members_only_partners_are_for_administrators(db, alice, charlie):
    closed = make_lab("ห้องปิด", visibility="members")
    a, b, c = organisation("กรมเอ"), organisation("กรมบี"), organisation("กรมซี")
    tie(a, b)
    tie(a, c, lab=closed, public=False)

    def seen(user) -> set[int]:
        detail = selectors.node_detail(level=Level.ORGANISATION, pk=a.pk, user=user)
        assert detail is not None
        return {partner.pk for partner in detail.partners}

    assert seen(AnonymousUser()) == seen(charlie) == {b.pk}
    assert seen(alice) == {b.pk, c.pk}


# --- node_detail in words -----------------------------------------------------------


NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def numbers(lines: list[str]) -> Counter[str]:
    return Counter(NUMBER.findall(" ".join(lines)))


@pytest.mark.parametrize("language", ["th", "en"])
def test_a_nodes_place_in_words_carries_its_numbers(small, charlie, language):
    a, b, c, d, e, f = small
    snapshot = analyse()
    with translation.override(language):
        detail = selectors.node_detail(level=Level.ORGANISATION, pk=c.pk, user=charlie)
    m, community = detail.measures, detail.community
    assert detail.snapshot.pk == snapshot.pk and m.organisation_id == c.pk
    assert {p.pk for p in detail.partners} == {a.pk, b.pk, d.pk}
    top_sector_count = next(iter(community.sectors.values()))
    expected = [
        "3",  # worked directly with three others
        "5",
        "6",  # on the main island, five of six
        str(community.label + 1),
        str(community.size),
        str(round(100 * top_sector_count / community.size)),
        "1",
        "6",
        f"{m.betweenness:.3f}",  # broker number one of six
        "1",  # one of its ties is a bridge
        f"{(3 - 6) / 9:.2f}",  # E-I: one tie across sectors, two within
        "4",  # reaches four within two steps
    ]
    assert m.betweenness == pytest.approx(0.4)
    assert numbers(detail.summary) == Counter(expected)
    if language == "en":
        text = " ".join(detail.summary)
        assert "Has worked directly with 3 others" in text
        assert "On the main island of the network, with 5 of 6." in text
        assert "Broker number 1 of 6 (betweenness 0.400)." in text
        assert "A cut point" in text
        assert "1 of its ties is a bridge" in text
        assert "Openness across sectors (E-I index): -0.33, mostly within its own sector." in text
        assert "Reaches 4 others within two steps." in text


def test_an_island_of_one_and_a_separate_island_in_words(small, charlie):
    f = small[-1]
    g, h = organisation("กรมจี"), organisation("กรมเอช")
    tie(g, h)
    analyse()
    with translation.override("en"):
        alone = selectors.node_detail(level=Level.ORGANISATION, pk=f.pk, user=charlie)
        apart = selectors.node_detail(level=Level.ORGANISATION, pk=g.pk, user=charlie)
    assert alone.summary == ["No ties yet: an island of one."]
    assert "On a separate island, cut off from the main network of 5." in apart.summary


def test_before_any_analysis_and_before_the_next_one_in_words(small, charlie):
    c = small[2]
    with translation.override("en"):
        detail = selectors.node_detail(level=Level.ORGANISATION, pk=c.pk, user=charlie)
        assert detail.measures is None and detail.snapshot is None
        assert detail.summary[-1] == "The network has not been analysed yet."
        analyse()
        newcomer = organisation("กรมใหม่")
        tie(c, newcomer, day=timezone.localdate())
        detail = selectors.node_detail(level=Level.ORGANISATION, pk=newcomer.pk, user=charlie)
    assert detail.measures is None and detail.snapshot is not None
    assert detail.summary == [
        "Has worked directly with 1 other: กรมซี",
        "Not in the last analysis yet: its measures come with the next run.",
    ]


def test_a_nodes_recommendations_come_with_a_reason(db, charlie):
    from labs.models import Challenge, ChallengeAgency

    lab = make_lab()
    stage = lab.process.stages.first()
    first, second = organisation("กรมทรัพยากรน้ำ"), organisation("กรมชลประทาน", sector="gov_regional")
    for org in (first, second):
        text = "ระบบเตือนภัยน้ำท่วมและภัยแล้งลุ่มน้ำยม"
        challenge = Challenge.objects.create(lab=lab, title_th=text, problem=text, stage=stage)
        ChallengeAgency.objects.create(challenge=challenge, organisation=org, role="lead")
    services.analyse(level=Level.ORGANISATION, scope=Scope.PUBLIC)
    with translation.override("en"):
        detail = selectors.node_detail(level=Level.ORGANISATION, pk=first.pk, user=charlie)
    (row,) = detail.recommendations
    assert row.pk == second.pk and row.url == second.get_absolute_url()
    assert row.score > 0 and row.terms and row.reason
    assert row.sector_label == "Government, regional"


# --- A lab's new ties ----------------------------------------------------------------


def test_a_labs_new_ties_and_how_many_lasted(db, settings):
    settings.NETWORK_LASTING_DAYS = 90
    today = timezone.localdate()
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    lab, other = make_lab("ห้องหนึ่ง"), make_lab("ห้องสอง")
    a, b, c, d, e = (organisation(name) for name in ("กรมเอ", "กรมบี", "กรมซี", "กรมดี", "กรมอี"))
    tie(a, b, day=ago(200), lab=lab)  # new, and they worked together again 100 days later
    tie(a, b, TieKind.ACTION, day=ago(100), lab=other)
    tie(a, c, day=ago(200), lab=lab)  # new, never again
    tie(a, c, TieKind.SESSION, day=ago(150), lab=lab)  # again, but within the 90 days
    tie(b, c, day=ago(10), lab=lab)  # new, too early to tell
    tie(c, d, day=ago(200), lab=lab)  # they had met before the lab
    tie(c, d, TieKind.SESSION, day=ago(300), lab=other)
    tie(d, e, day=ago(200), lab=lab)  # one is the other's parent: not new
    tie(d, e, TieKind.HIERARCHY, day=ties.STANDING)
    found = selectors.lab_new_ties(lab=lab, scope=Scope.PUBLIC)
    assert found.cross_agency == 5
    # Oldest first (then by name: ซ comes before บ in Thai).
    assert [(tie.a.pk, tie.b.pk, tie.first, tie.lasted) for tie in found.new] == [
        (a.pk, c.pk, ago(200), False),
        (a.pk, b.pk, ago(200), True),
        (b.pk, c.pk, ago(10), None),
    ]
    assert (found.new_count, found.can_tell, found.lasted, found.lasted_percent) == (3, 2, 1, 50)
    assert found.lasting_days == 90
    assert len(found.new[0].kinds) == 2  # a group and a session


def test_a_tie_renewed_exactly_at_the_lasting_day_lasted(db, settings):
    settings.NETWORK_LASTING_DAYS = 30
    today = timezone.localdate()
    lab = make_lab()
    a, b = organisation("กรมเอ"), organisation("กรมบี")
    tie(a, b, day=today - dt.timedelta(days=30), lab=lab)
    tie(a, b, TieKind.SESSION, day=today, lab=None)
    found = selectors.lab_new_ties(lab=lab, scope=Scope.PUBLIC)
    assert [t.lasted for t in found.new] == [True]


def test_a_members_only_lab_shows_its_own_ties_but_not_another_closed_labs_history(db):
    closed = make_lab("ห้องปิด", visibility="members")
    other = make_lab("ห้องปิดอื่น", visibility="members")
    a, b = organisation("กรมเอ"), organisation("กรมบี")
    tie(a, b, day=dt.date(2023, 1, 1), lab=other, public=False)
    tie(a, b, day=dt.date(2024, 1, 1), lab=closed, public=False)
    # Whoever sees the lab (the caller checked) sees its own ties; the other
    # closed lab's earlier work is invisible to a member, so the pair looks new...
    seen = selectors.lab_new_ties(lab=closed, scope=Scope.PUBLIC)
    assert (seen.cross_agency, seen.new_count) == (1, 1)
    # ... and an administrator sees it was not.
    assert selectors.lab_new_ties(lab=closed, scope=Scope.ALL).new_count == 0
    empty = selectors.lab_new_ties(lab=make_lab(), scope=Scope.ALL)
    assert (empty.cross_agency, empty.new, empty.lasted_percent) == (0, [], None)


def test_a_persons_suggestion_names_the_other_persons_sector(db, charlie):
    from network.models import Recommendation, Snapshot

    ministry = organisation("กรมราชการ")
    university = organisation("มหาวิทยาลัยทดลอง", sector=Sector.ACADEMIA, kind="university")
    me, other = person("หนึ่ง", organisation=ministry), person("สอง", organisation=university)
    snapshot = Snapshot.objects.create(
        level=Level.PERSON,
        scope=Scope.PUBLIC,
        end=ties.today(),
        current=True,
        status=Snapshot.Status.DONE,
        computed_at=timezone.now(),
    )
    Recommendation.objects.create(
        snapshot=snapshot,
        person=me,
        other_person=other,
        rank=1,
        score=0.5,
        similarity=0.4,
        across_sector=True,
        terms=["ข้อมูล"],
        steps=3,
    )
    with translation.override("en"):
        detail = selectors.node_detail(level=Level.PERSON, pk=me.pk, user=charlie)
    (suggestion,) = detail.recommendations
    assert suggestion.sector_label == "Academia"
    assert suggestion.reason.endswith("a different sector (Academia).")
