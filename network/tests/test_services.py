"""One window of ties as one graph (network/graph.py) and the analyses kept
of it (network/services.py), on small networks built by hand."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.test import override_settings

from network import graph, services, ties
from network.models import (
    CommunitySummary,
    Level,
    NodeMeasure,
    Recommendation,
    Scope,
    Snapshot,
    Tie,
    TieKind,
)
from workshops.tests.conftest import make_lab, person

UTC = dt.UTC
DAY = dt.date(2024, 2, 10)


def organisation(name: str, *, sector: str = "gov_central", kind: str = "department", **fields):
    from directory.models import Organisation

    return Organisation.objects.create(name_th=name, sector=sector, kind=kind, **fields)


def tie(
    a,
    b,
    kind: str = TieKind.GROUP,
    day: dt.date = DAY,
    *,
    lab=None,
    public: bool = True,
    origin: str = "",
):
    """One piece of evidence between two organisations (or two people)."""
    from directory.models import Person

    level = Level.PERSON if isinstance(a, Person) else Level.ORGANISATION
    low, high = sorted((a, b), key=lambda item: item.pk)
    ends = (
        {"person_a": low, "person_b": high}
        if level == Level.PERSON
        else {"organisation_a": low, "organisation_b": high}
    )
    return Tie.objects.create(
        level=level,
        kind=kind,
        date=day,
        lab=lab,
        public=public,
        origin=origin or f"test:{a.pk}-{b.pk}",
        **ends,
    )


def edges(network: graph.Network) -> dict[tuple[int, int], dict]:
    """{(pk, pk): weight, kinds, first, last, count} of a built network."""
    g = network.graph
    found = {}
    for i, (s, t) in enumerate(zip(g.sources.tolist(), g.targets.tolist(), strict=True)):
        a, b = network.nodes[s].pk, network.nodes[t].pk
        found[(min(a, b), max(a, b))] = {
            "weight": float(g.weights[i]),
            "kinds": network.edge_kinds[i],
            "first": network.edge_first[i],
            "last": network.edge_last[i],
            "count": int(network.edge_count[i]),
        }
    return found


def key(a, b) -> tuple[int, int]:
    return (min(a.pk, b.pk), max(a.pk, b.pk))


@pytest.fixture
def small(db):
    """A triangle a-b-c, then c-d and d-e (two bridges, cut points c and d),
    and f alone: six active organisations, five ties.

    a, b, c: central government; d, e: civil society; f: academia."""
    a, b, c = (organisation(name) for name in ("กรมเอ", "กรมบี", "กรมซี"))
    d, e = (organisation(name, sector="civil_society", kind="ngo") for name in ("มูลนิธิดี", "สมาคมอี"))
    f = organisation("มหาวิทยาลัยเอฟ", sector="academia", kind="university")
    for x, y in ((a, b), (b, c), (a, c), (c, d), (d, e)):
        tie(x, y)
    return a, b, c, d, e, f


# --- graph.build ----------------------------------------------------------------------


def test_duplicate_evidence_folds_into_one_edge(db):
    a, b = organisation("กรมเอ"), organisation("กรมบี")
    tie(a, b, TieKind.SESSION, dt.date(2024, 1, 5))
    tie(a, b, TieKind.GROUP, dt.date(2024, 3, 1))
    tie(a, b, TieKind.GROUP, dt.date(2024, 2, 1))
    network = graph.build(level=Level.ORGANISATION, scope=Scope.PUBLIC, end=dt.date(2024, 12, 31))
    assert edges(network) == {
        key(a, b): {
            "weight": 3.0 + 3.0 + 1.0,
            "kinds": (TieKind.GROUP, TieKind.SESSION),
            "first": dt.date(2024, 1, 5),
            "last": dt.date(2024, 3, 1),
            "count": 3,
        }
    }


@override_settings(NETWORK_TIE_WEIGHTS={"group": 5, "session": 0, "board": 0.5})
def test_weights_come_from_the_settings_and_a_kind_at_zero_is_left_out(db):
    a, b, c = organisation("กรมเอ"), organisation("กรมบี"), organisation("กรมซี")
    tie(a, b, TieKind.GROUP)
    tie(a, b, TieKind.SESSION)
    tie(a, b, TieKind.BOARD)
    tie(b, c, TieKind.SESSION)
    tie(a, c, TieKind.ACTION)  # not overridden: its default
    assert graph.weights()[TieKind.GROUP] == 5.0
    assert TieKind.SESSION not in graph.weights()
    found = edges(graph.build(level=Level.ORGANISATION, scope=Scope.PUBLIC))
    assert found[key(a, b)]["weight"] == 5.5
    assert found[key(a, b)]["kinds"] == (TieKind.BOARD, TieKind.GROUP)
    assert found[key(a, b)]["count"] == 2
    assert found[key(a, c)]["weight"] == graph.DEFAULT_WEIGHTS[TieKind.ACTION]
    assert key(b, c) not in found


def test_a_window_has_its_start_and_end_and_the_hierarchy_in_every_window(db):
    a, b, c, d = (organisation(name) for name in ("กรมเอ", "กรมบี", "กรมซี", "กรมดี"))
    tie(a, b, day=dt.date(2024, 1, 31))
    tie(b, c, day=dt.date(2024, 2, 1))
    tie(c, d, day=dt.date(2024, 3, 1))
    tie(a, d, TieKind.HIERARCHY, ties.STANDING)

    def window(start, end):
        return set(
            edges(graph.build(level=Level.ORGANISATION, scope=Scope.PUBLIC, start=start, end=end))
        )

    assert window(None, dt.date(2024, 1, 31)) == {key(a, b), key(a, d)}
    assert window(dt.date(2024, 2, 1), dt.date(2024, 2, 29)) == {key(b, c), key(a, d)}
    assert window(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == {key(a, d)}
    assert window(None, None) == {key(a, b), key(b, c), key(c, d), key(a, d)}


def test_a_labs_network_holds_its_ties_and_the_organisations_they_tie(db):
    one, other = make_lab("ห้องหนึ่ง"), make_lab("ห้องสอง")
    a, b, c = organisation("กรมเอ"), organisation("กรมบี"), organisation("กรมซี")
    organisation("กรมไม่เกี่ยว")
    tie(a, b, lab=one)
    tie(b, c, lab=other)
    tie(a, c, TieKind.HIERARCHY, ties.STANDING)
    network = graph.build(level=Level.ORGANISATION, scope=Scope.PUBLIC, lab_id=one.pk)
    assert set(edges(network)) == {key(a, b)}
    assert {node.pk for node in network.nodes} == {a.pk, b.pk}


def test_the_public_scope_leaves_out_members_only_labs(db):
    closed = make_lab("ห้องปิด", visibility="members")
    a, b, c = organisation("กรมเอ"), organisation("กรมบี"), organisation("กรมซี")
    tie(a, b)
    tie(b, c, lab=closed, public=False)
    public = graph.build(level=Level.ORGANISATION, scope=Scope.PUBLIC)
    everything = graph.build(level=Level.ORGANISATION, scope=Scope.ALL)
    assert set(edges(public)) == {key(a, b)}
    assert set(edges(everything)) == {key(a, b), key(b, c)}
    # c is still a node of the public network: an island of one there.
    assert c.pk in public.index


def test_inactive_organisations_are_nodes_only_with_ties(db):
    a, b = organisation("กรมเอ"), organisation("กรมบี")
    island = organisation("กรมโดดเดี่ยว")
    gone = organisation("กรมที่ยุบแล้ว", is_active=False)
    gone_but_tied = organisation("กรมที่ยุบแล้วแต่เคยร่วมงาน", is_active=False)
    tie(a, b)
    tie(a, gone_but_tied)
    network = graph.build(level=Level.ORGANISATION, scope=Scope.PUBLIC)
    pks = {node.pk for node in network.nodes}
    assert {a.pk, b.pk, island.pk, gone_but_tied.pk} <= pks
    assert gone.pk not in pks
    assert network.graph.igraph.degree(network.index[island.pk]) == 0
    # Node i of the graph is nodes[i].
    assert all(network.index[node.pk] == i for i, node in enumerate(network.nodes))


def test_organisation_nodes_carry_their_ministry(db):
    ministry = organisation("กระทรวงการคลัง", kind="ministry")
    department = organisation("กรมบัญชีกลาง", parent=ministry)
    division = organisation("กองหนึ่ง", kind="division", parent=department)
    local = organisation("อบต.", sector="gov_local", kind="local_government")
    network = graph.build(level=Level.ORGANISATION, scope=Scope.PUBLIC)
    nodes = {node.pk: node for node in network.nodes}
    assert nodes[division.pk].ministry_id == ministry.pk
    assert nodes[division.pk].parent_id == department.pk
    assert nodes[ministry.pk].ministry_id == ministry.pk
    assert nodes[local.pk].ministry_id is None
    assert nodes[local.pk].sector == "gov_local"


def test_person_nodes_carry_their_organisations_sector(db):
    from directory.models import Affiliation

    academy = organisation("มหาวิทยาลัย", sector="academia", kind="university")
    ngo = organisation("มูลนิธิ", sector="civil_society", kind="ngo")
    teacher = person("อาจารย์", organisation=academy)
    mover = person("ย้ายงาน")
    Affiliation.objects.create(
        person=mover,
        organisation=academy,
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2023, 12, 31),
    )
    Affiliation.objects.create(person=mover, organisation=ngo, start_date=dt.date(2024, 1, 1))
    loner = person("ไม่มีสังกัด")
    person("ไม่มีคู่", organisation=ngo)  # no tie: not a node
    tie(teacher, mover, day=dt.date(2023, 5, 1))
    tie(mover, loner, day=dt.date(2023, 5, 1))
    network = graph.build(level=Level.PERSON, scope=Scope.PUBLIC, end=dt.date(2024, 6, 1))
    nodes = {node.pk: node for node in network.nodes}
    assert set(nodes) == {teacher.pk, mover.pk, loner.pk}
    assert (nodes[teacher.pk].sector, nodes[teacher.pk].organisation_id) == ("academia", academy.pk)
    assert (nodes[mover.pk].sector, nodes[mover.pk].organisation_id) == ("civil_society", ngo.pk)
    assert (nodes[loner.pk].sector, nodes[loner.pk].organisation_id) == ("", None)
    assert nodes[mover.pk].kind == "person"
    # At the end of 2023 the mover was still at the university.
    earlier = graph.build(level=Level.PERSON, scope=Scope.PUBLIC, end=dt.date(2023, 6, 1))
    assert {node.pk: node.sector for node in earlier.nodes}[mover.pk] == "academia"


# --- measure and analyse --------------------------------------------------------------


def test_analyse_stores_a_snapshot_of_a_small_known_network(small):
    a, b, c, d, e, f = small
    snapshot = services.analyse(level=Level.ORGANISATION, scope=Scope.PUBLIC, recommend=False)
    snapshot.refresh_from_db()
    assert snapshot.status == Snapshot.Status.DONE and snapshot.current
    assert snapshot.computed_at is not None and snapshot.error == ""
    assert (snapshot.node_count, snapshot.tie_count) == (6, 5)
    assert (snapshot.component_count, snapshot.isolated_count, snapshot.largest_component) == (
        2,
        1,
        5,
    )
    assert (snapshot.bridge_count, snapshot.articulation_count) == (2, 2)
    assert snapshot.density == pytest.approx(2 * 5 / (6 * 5))
    assert snapshot.betweenness_sample is None  # exact on a small network
    # Weighted across sectors minus within, over all: c-d across (3), the rest within (12).
    assert snapshot.ei_index == pytest.approx((3 - 12) / 15)
    assert snapshot.weights["weights"][TieKind.GROUP] == 3.0
    measures = {m.organisation_id: m for m in NodeMeasure.objects.filter(snapshot=snapshot)}
    assert set(measures) == {x.pk for x in small}
    assert {pk for pk, m in measures.items() if m.articulation} == {c.pk, d.pk}
    assert measures[c.pk].bridge_count == 1 and measures[d.pk].bridge_count == 2
    assert measures[e.pk].bridge_count == 1 and measures[a.pk].bridge_count == 0
    assert [measures[x.pk].degree for x in small] == [2, 2, 3, 2, 1, 0]
    assert measures[c.pk].broker_rank == 1  # c lies between the triangle and d, e
    assert measures[a.pk].broker_rank is None and measures[a.pk].betweenness == 0
    assert measures[f.pk].component == 1 and measures[a.pk].component == 0
    assert [measures[x.pk].reach for x in small] == [3, 3, 4, 4, 2, 0]  # within two steps
    assert measures[e.pk].ei_sector == pytest.approx(-1.0)
    assert measures[d.pk].ei_sector == pytest.approx(0.0)  # one tie across, one within
    assert measures[f.pk].ei_sector is None


def test_community_summaries_count_their_members_sectors(small):
    snapshot = services.analyse(level=Level.ORGANISATION, scope=Scope.PUBLIC, recommend=False)
    sectors = {x.pk: x.sector for x in small}
    members: dict[int, list[int]] = {}
    for m in NodeMeasure.objects.filter(snapshot=snapshot):
        members.setdefault(m.community, []).append(m.organisation_id)
    summaries = list(CommunitySummary.objects.filter(snapshot=snapshot))
    assert snapshot.community_count == len(summaries) == len(members)
    assert [s.label for s in summaries] == list(range(len(summaries)))
    for summary in summaries:
        assert summary.size == len(members[summary.label])
        assert summary.sectors == dict(Counter(sectors[pk] for pk in members[summary.label]))
        assert set(summary.leaders) <= set(members[summary.label])
    # Community 0 is the largest; f is a community of its own.
    assert summaries[0].size == max(s.size for s in summaries)
    f = small[-1]
    (alone,) = [s for s in summaries if f.pk in members[s.label]]
    assert (alone.size, alone.sectors, alone.density) == (1, {"academia": 1}, 0.0)


def test_the_current_analysis_moves_to_the_newest_and_old_ones_are_pruned(small):
    def analyse() -> Snapshot:
        return services.analyse(level=Level.ORGANISATION, scope=Scope.PUBLIC, recommend=False)

    first, second = analyse(), analyse()
    assert list(Snapshot.objects.filter(current=True).values_list("pk", flat=True)) == [second.pk]
    third = analyse()
    # The current one and the one before it stay; older ones go, with their rows.
    assert set(Snapshot.objects.values_list("pk", flat=True)) == {second.pk, third.pk}
    assert not NodeMeasure.objects.filter(snapshot_id=first.pk).exists()
    assert Snapshot.objects.get(current=True).pk == third.pk
    # Another level and scope keep their own current analysis.
    other = services.analyse(level=Level.ORGANISATION, scope=Scope.ALL, recommend=False)
    assert set(Snapshot.objects.filter(current=True).values_list("pk", flat=True)) == {
        third.pk,
        other.pk,
    }


@time_machine.travel(dt.datetime(2024, 8, 15, 3, tzinfo=UTC), tick=False)
def test_pruning_keeps_quarter_ends(small):
    analyse = services.analyse
    march = analyse(
        level=Level.ORGANISATION, scope=Scope.PUBLIC, end=dt.date(2024, 3, 31), current=False
    )
    for _ in range(4):
        analyse(level=Level.ORGANISATION, scope=Scope.PUBLIC, recommend=False)
    assert Snapshot.objects.filter(pk=march.pk, current=False).exists()
    assert Snapshot.objects.count() == 3  # the quarter end, the current one and the one before


def test_a_failed_analysis_leaves_the_previous_one_current(small, monkeypatch):
    previous = services.analyse(level=Level.ORGANISATION, scope=Scope.PUBLIC, recommend=False)

    def broken(network, **kwargs):
        raise RuntimeError("igraph ran out of memory")

    monkeypatch.setattr(services, "measure", broken)
    with pytest.raises(RuntimeError):
        services.analyse(level=Level.ORGANISATION, scope=Scope.PUBLIC, recommend=False)
    failed = Snapshot.objects.exclude(pk=previous.pk).get()
    assert failed.status == Snapshot.Status.FAILED and not failed.current
    assert "out of memory" in failed.error
    assert not NodeMeasure.objects.filter(snapshot=failed).exists()
    previous.refresh_from_db()
    assert previous.current and previous.status == Snapshot.Status.DONE
    # The next analysis that succeeds clears the failure away.
    monkeypatch.undo()
    latest = services.analyse(level=Level.ORGANISATION, scope=Scope.PUBLIC, recommend=False)
    assert set(Snapshot.objects.values_list("pk", "status")) == {
        (previous.pk, Snapshot.Status.DONE),
        (latest.pk, Snapshot.Status.DONE),
    }


def test_a_failure_while_storing_leaves_no_rows(small, monkeypatch):
    previous = services.analyse(level=Level.ORGANISATION, scope=Scope.PUBLIC, recommend=False)

    def broken(snapshot, network, m):
        raise RuntimeError("no room left")

    monkeypatch.setattr(services, "community_summaries", broken)
    with pytest.raises(RuntimeError):
        services.analyse(level=Level.ORGANISATION, scope=Scope.PUBLIC, recommend=False)
    failed = Snapshot.objects.get(status=Snapshot.Status.FAILED)
    assert not NodeMeasure.objects.filter(snapshot=failed).exists()
    assert Snapshot.objects.get(current=True).pk == previous.pk


@time_machine.travel(dt.datetime(2024, 3, 31, 18, 0, tzinfo=UTC), tick=False)
def test_an_analysis_ends_today_in_bangkok_whatever_the_active_time_zone(small):
    from django.utils import timezone

    # 18:00 UTC on 31 March is 1 April in Bangkok, still 31 March in London.
    with timezone.override("Europe/London"):
        snapshot = services.analyse(level=Level.ORGANISATION, scope=Scope.PUBLIC, recommend=False)
        assert services.quarter_ends() == [dt.date(2024, 3, 31)]
    assert snapshot.end == dt.date(2024, 4, 1)
    assert graph.build(level=Level.ORGANISATION, scope=Scope.PUBLIC).end == dt.date(2024, 4, 1)


def test_an_empty_network_is_analysed_too(db):
    from directory.models import Organisation

    Organisation.objects.all().delete()
    snapshot = services.analyse(level=Level.PERSON, scope=Scope.PUBLIC, recommend=False)
    assert (snapshot.status, snapshot.node_count, snapshot.tie_count) == (
        Snapshot.Status.DONE,
        0,
        0,
    )
    assert snapshot.component_count == 0 and snapshot.ei_index is None


# --- Quarter ends ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        # A tie on 31 March: its quarter ends that day, once the day is over.
        (dt.date(2024, 3, 31), dt.date(2024, 3, 31), []),
        (dt.date(2024, 3, 31), dt.date(2024, 4, 1), [dt.date(2024, 3, 31)]),
        (dt.date(2024, 1, 1), dt.date(2024, 5, 15), [dt.date(2024, 3, 31)]),
        # Across the new year.
        (dt.date(2023, 11, 15), dt.date(2024, 4, 2), [dt.date(2023, 12, 31), dt.date(2024, 3, 31)]),
        (dt.date(2024, 12, 31), dt.date(2025, 1, 1), [dt.date(2024, 12, 31)]),
        (dt.date(2024, 10, 1), dt.date(2024, 12, 31), []),
        (
            dt.date(2024, 2, 29),
            dt.date(2025, 2, 1),
            [
                dt.date(2024, 3, 31),
                dt.date(2024, 6, 30),
                dt.date(2024, 9, 30),
                dt.date(2024, 12, 31),
            ],
        ),
    ],
)
def test_quarter_ends(first, last, expected):
    assert services.quarter_ends(first, last) == expected


@time_machine.travel(dt.datetime(2024, 7, 2, 3, tzinfo=UTC), tick=False)
def test_quarter_ends_start_from_the_first_dated_tie(db):
    assert services.quarter_ends() == []
    a, b = organisation("กรมเอ"), organisation("กรมบี")
    tie(a, b, TieKind.HIERARCHY, ties.STANDING)  # standing: dated no quarter
    assert services.quarter_ends() == []
    tie(a, b, day=dt.date(2024, 3, 31))
    assert services.quarter_ends() == [dt.date(2024, 3, 31), dt.date(2024, 6, 30)]


# --- analyse_all --------------------------------------------------------------------------


@time_machine.travel(dt.datetime(2024, 8, 15, 3, tzinfo=UTC), tick=False)
def test_analyse_all_makes_a_snapshot_per_quarter_end_per_level_and_scope(db):
    closed = make_lab("ห้องปิด", visibility="members")
    a, b, c = organisation("กรมเอ"), organisation("กรมบี"), organisation("กรมซี")
    p, q = person("หนึ่ง", organisation=a), person("สอง", organisation=b)
    tie(a, b, day=dt.date(2024, 2, 10))
    tie(b, c, day=dt.date(2024, 5, 5), lab=closed, public=False)
    tie(p, q, day=dt.date(2024, 5, 5))
    done = services.analyse_all(rebuild_ties=False)
    levels_scopes = {(level, scope) for level in Level.values for scope in Scope.values}
    assert len(done) == len(levels_scopes) * 3
    for level, scope in levels_scopes:
        mine = Snapshot.objects.filter(level=level, scope=scope, status=Snapshot.Status.DONE)
        assert sorted(mine.values_list("end", "current")) == [
            (dt.date(2024, 3, 31), False),
            (dt.date(2024, 6, 30), False),
            (dt.date(2024, 8, 15), True),
        ]
    tie_counts = {
        (s.scope, s.end): s.tie_count for s in Snapshot.objects.filter(level=Level.ORGANISATION)
    }
    assert tie_counts == {
        (Scope.PUBLIC, dt.date(2024, 3, 31)): 1,
        (Scope.PUBLIC, dt.date(2024, 6, 30)): 1,
        (Scope.PUBLIC, dt.date(2024, 8, 15)): 1,
        (Scope.ALL, dt.date(2024, 3, 31)): 1,
        (Scope.ALL, dt.date(2024, 6, 30)): 2,
        (Scope.ALL, dt.date(2024, 8, 15)): 2,
    }
    # Again with the ties kept: quarter ends already analysed with these settings stay.
    quarter_pks = set(Snapshot.objects.filter(current=False).values_list("pk", flat=True))
    again = services.analyse_all(rebuild_ties=False)
    assert len(again) == len(levels_scopes)
    assert quarter_pks <= set(Snapshot.objects.values_list("pk", flat=True))
    # With other weights, they are analysed again.
    with override_settings(NETWORK_TIE_WEIGHTS={"session": 0}):
        assert len(services.analyse_all(rebuild_ties=False, levels=(Level.ORGANISATION,))) == 2 * 3
    # New evidence dated in the second quarter: that quarter is analysed
    # again (in each organisation scope), the first is not.
    services.analyse_all(rebuild_ties=False, levels=(Level.ORGANISATION,))  # weights back
    tie(a, c, day=dt.date(2024, 4, 2))
    redone = services.analyse_all(rebuild_ties=False, levels=(Level.ORGANISATION,))
    assert sorted((s.scope, s.end) for s in redone if not s.current) == [
        (Scope.ALL, dt.date(2024, 6, 30)),
        (Scope.PUBLIC, dt.date(2024, 6, 30)),
    ]
    assert Snapshot.objects.filter(level=Level.ORGANISATION, end=dt.date(2024, 6, 30)).count() == 2


def test_analyse_all_without_quarters_extracts_the_ties_again(db, opdc, ocsc):
    from directory.models import Affiliation

    both = person("สองสังกัด", organisation=opdc)
    Affiliation.objects.create(person=both, organisation=ocsc)
    lines: list[str] = []
    done = services.analyse_all(
        levels=(Level.ORGANISATION,), scopes=(Scope.PUBLIC,), quarters=False, log=lines.append
    )
    assert [s.tie_count for s in done] == [1]
    assert lines[0].startswith("ties: 1 in")
    assert lines[1].startswith("organisation/public: 2 nodes, 1 ties, ")


# --- Recommendations, end to end ----------------------------------------------------------


def test_the_current_analysis_stores_who_should_meet_whom(db):
    from labs.models import Challenge, ChallengeAgency

    lab = make_lab()
    stage = lab.process.stages.first()
    water = [organisation(name) for name in ("กรมทรัพยากรน้ำ", "กรมชลประทาน")]
    health = organisation("กรมควบคุมโรค")
    texts = {
        water[0]: "การบริหารจัดการน้ำท่วมและภัยแล้งในลุ่มน้ำยม",
        water[1]: "ระบบเตือนภัยน้ำท่วมและภัยแล้งลุ่มน้ำยม",
        health: "การป้องกันโรคไข้เลือดออกในโรงเรียน",
    }
    for org, text in texts.items():
        challenge = Challenge.objects.create(lab=lab, title_th=text, problem=text, stage=stage)
        ChallengeAgency.objects.create(challenge=challenge, organisation=org, role="lead")
    snapshot = services.analyse(level=Level.ORGANISATION, scope=Scope.PUBLIC)
    assert snapshot.status == Snapshot.Status.DONE
    found = {
        (r.organisation_id, r.other_organisation_id): r
        for r in Recommendation.objects.filter(snapshot=snapshot)
    }
    first, second = water
    assert (first.pk, second.pk) in found and (second.pk, first.pk) in found
    suggestion = found[(first.pk, second.pk)]
    assert suggestion.rank == 1 and suggestion.similarity > 0
    assert suggestion.steps is None  # no tie between them: different islands
    assert suggestion.terms
    # Quarter ends are not given any.
    quarter = services.analyse(
        level=Level.ORGANISATION, scope=Scope.PUBLIC, end=dt.date(2024, 3, 31), current=False
    )
    assert not Recommendation.objects.filter(snapshot=quarter).exists()
