"""The demo's network (manage.py loaddemo, network/demo.py): the map has
something to show the moment the demo is loaded — communities, islands,
brokers, and a lab whose new cross-agency ties lasted."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from directory.demo.data import PEOPLE
from directory.demo.examples import EXAMPLE_TAG
from directory.models import Organisation, Person
from labs.demo.events import PMDU, UNDP
from labs.models import Lab
from network import selectors
from network.demo import HAZE_LAB
from network.models import Level, Scope, Snapshot, Tie

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """loaddemo once for the module, in a transaction rolled back at its end
    (each test then runs in a savepoint of its own, as usual)."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True):
        with transaction.atomic():
            out = io.StringIO()
            call_command("loaddemo", stdout=out)
            yield out.getvalue()
            transaction.set_rollback(True)


def _org(abbreviation_th: str) -> Organisation:
    return Organisation.objects.get(abbreviation_th=abbreviation_th)


def _lab(name_th: str) -> Lab:
    return Lab.objects.get(name_th=name_th)


def _view(scope: str = Scope.PUBLIC):
    return selectors.network_view(level=Level.ORGANISATION, scope=scope)


def test_loaddemo_analyses_the_network_straight_away(demo):
    assert "Demo network:" in demo
    for level in Level.values:
        for scope in Scope.values:
            snapshot = selectors.current_snapshot(level=level, scope=scope)
            assert snapshot is not None and snapshot.status == Snapshot.Status.DONE
            assert snapshot.node_count > 100 and snapshot.tie_count > 500


def test_its_people_are_examples_and_say_so(demo):
    examples = Person.objects.exclude(pk__in=_seed_people())
    assert examples.count() >= 150
    assert not examples.exclude(tags__name=EXAMPLE_TAG).exists()
    assert Organisation.objects.count() >= 120


def _seed_people() -> list[int]:
    names = {(p.first_name_th, p.last_name_th, p.first_name_en, p.last_name_en) for p in PEOPLE}
    return [
        p.pk
        for p in Person.objects.all()
        if (p.first_name_th, p.last_name_th, p.first_name_en, p.last_name_en) in names
    ]


def test_the_organisation_network_has_the_three_clusters_of_the_events(demo):
    view = _view()
    community = {row.pk: row.community for row in view.nodes}
    southern = {community[_org(a).pk] for a in ("ศอ.บต.", "สสจ.ยะลา", "อบจ.ปัตตานี", "มรย.")}
    cohort = {community[_org(a).pk] for a in ("ป.ย.ป.", "ป.ป.ส.", "คป.", "สพฐ.")}
    reform = {community[_org(a).pk] for a in ("สพร.", "สสช.", "สำนักงาน ก.พ.", "สนช.")}
    # Each cluster is one community, and the three are different ones.
    assert len(southern) == len(cohort) == len(reform) == 1
    assert len(southern | cohort | reform) == 3
    sizes = Counter(row.community for row in view.nodes)
    assert all(sizes[label] >= 15 for label in southern | cohort | reform)


def test_agencies_that_did_no_shared_work_are_islands(demo):
    view = _view()
    by_pk = {row.pk: row for row in view.nodes}
    korat = by_pk[Organisation.objects.get(name_th="เทศบาลนครนครราชสีมา").pk]
    assert korat.degree == 0
    islands = Counter(row.component for row in view.nodes)
    assert islands[korat.component] == 1
    assert len(islands) >= 3


def test_brokers_bridge_the_clusters(demo):
    view = _view()
    rows = {row.index: row for row in view.nodes}
    top = min((row for row in view.nodes if row.broker_rank), key=lambda row: row.broker_rank)
    assert top.betweenness > 0
    reached = defaultdict(set)
    for edge in view.edges:
        reached[edge.a].add(rows[edge.b].community)
        reached[edge.b].add(rows[edge.a].community)
    # The top broker has partners in several communities besides its own.
    assert len(reached[top.index] - {top.community}) >= 2
    # สศช. sat in the southern workshop, the OECD review and the TIPC session:
    # it ties the southern cluster to the reform one.
    community = {row.pk: row.community for row in view.nodes}
    nesdc = next(row for row in view.nodes if row.pk == _org("สศช.").pk)
    assert nesdc.broker_rank
    assert {community[_org("ศอ.บต.").pk], community[_org("สพร.").pk]} <= reached[nesdc.index]


def test_the_pmdu_course_made_new_cross_agency_ties_and_some_lasted(demo):
    found = selectors.lab_new_ties(lab=_lab(PMDU.name_th), scope=Scope.PUBLIC)
    assert found.new_count > 0 and 0 < found.lasted < found.can_tell
    # Probation and the national drug treatment institute first met in the
    # course's drugs group (May 2023) and worked together again on the 2024 plan.
    pair = {_org("คป.").pk, _org("สบยช.").pk}
    tie = next(t for t in found.new if {t.a.pk, t.b.pk} == pair)
    assert tie.first == dt.date(2023, 5, 19) and tie.lasted is True
    later = Tie.objects.filter(
        level=Level.ORGANISATION,
        organisation_a_id=min(pair),
        organisation_b_id=max(pair),
        kind="action",
    ).values_list("date", flat=True)
    assert dt.date(2024, 1, 15) in set(later)


def test_the_southern_workshop_mixed_agencies_in_its_breakout_groups(demo):
    from workshops.models import BreakoutGroup

    groups = BreakoutGroup.objects.filter(session__workshop__lab=_lab(UNDP.name_th))
    assert groups.count() >= 20
    for group in groups.prefetch_related("members__person__affiliations"):
        organisations = [
            m.person.affiliations.all()[0].organisation_id for m in group.members.all()
        ]
        # Mixed: hardly anyone shares a group with their own agency.
        assert len(set(organisations)) >= len(organisations) - 1


def test_a_members_only_labs_ties_are_seen_by_administrators_only(demo):
    lab = _lab(HAZE_LAB)
    assert not lab.is_public
    council = Organisation.objects.get(name_th="สภาลมหายใจเชียงใหม่").pk
    public = {row.pk: row for row in _view(Scope.PUBLIC).nodes}
    everything = {row.pk: row for row in _view(Scope.ALL).nodes}
    assert public[council].degree == 0
    assert everything[council].degree > 0
    # The lab's own page (for those who may see it) still shows its evidence.
    assert selectors.lab_new_ties(lab=lab, scope=Scope.PUBLIC).cross_agency > 0


def test_loaddemo_twice_adds_nothing(demo):
    from audit.models import AuditEntry
    from workshops.models import Attendance, BreakoutGroup, GroupMember, Registration

    def counts():
        return (
            Organisation.objects.count(),
            Person.objects.count(),
            Registration.objects.count(),
            Attendance.objects.count(),
            BreakoutGroup.objects.count(),
            GroupMember.objects.count(),
            AuditEntry.objects.count(),
            sorted(Counter(Tie.objects.values_list("level", "kind")).items()),
        )

    before = counts()
    with override_settings(DEBUG=True):
        out = io.StringIO()
        call_command("loaddemo", stdout=out)
    assert counts() == before
    assert "Demo network: nothing to add" in out.getvalue()
    # One current analysis per level and scope, whatever the runs.
    assert Snapshot.objects.filter(current=True).count() == len(Level.values) * len(Scope.values)
