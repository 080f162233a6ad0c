"""Ties kept current by signals (network/signals.py): a change to the work
updates its ties when the transaction commits, a rolled-back one changes
nothing, and a lab's visibility travels with its ties."""

# Fixtures imported from other apps' conftest files are requested by name.
# ruff: noqa: F401, F811

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.db import transaction

from actions.tests.conftest import make_action
from network import signals
from network.models import Level, Tie, TieKind
from network.tests.test_ties import (
    attend,
    challenge_of,
    group_of,
    organisation,
    pair,
    plan_of,
    pledge,
    proposal_of,
    session_of,
)
from workshops.tests.conftest import (
    dana,
    erin,
    lab,
    person,
    workshop,
)

UTC = dt.UTC


class Boom(Exception):
    pass


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """committed() -> a block whose on-commit callbacks run at its end, as
    when a request's transaction commits (the test's own never does).

    What was written before the block is taken as committed first (its
    callbacks run on entry), so that a change in the block is not folded
    into the fixtures' still-pending refresh, as it rightly would be if
    they were one transaction."""

    @contextlib.contextmanager
    def block():
        connection = transaction.get_connection()
        pending, connection.run_on_commit = connection.run_on_commit, []
        for _savepoints, callback, _robust in pending:
            callback()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks

    return block


@pytest.fixture
def setting(committed, workshop, opdc, ocsc):
    """A session and three people (two of OPDC, one of OCSC), committed, and
    every tie they already make (colleagues at OPDC) in place."""
    with committed():
        session = session_of(workshop, dt.datetime(2024, 3, 10, 23, 30, tzinfo=UTC))
        people = (
            person("สมชาย", organisation=opdc),
            person("สมหญิง", organisation=ocsc),
            person("สมศักดิ์", organisation=opdc),
        )
    return session, people


def org_pairs(**filters) -> set[tuple[int, int]]:
    return set(
        Tie.objects.filter(level=Level.ORGANISATION, **filters).values_list(
            "organisation_a_id", "organisation_b_id"
        )
    )


def test_setting_up_people_already_tied_colleagues(setting, opdc, ocsc, dana, erin):
    _, (p1, p2, p3) = setting
    d, e = dana.person, erin.person
    at_opdc, at_ocsc = f"organisation:{opdc.pk}", f"organisation:{ocsc.pk}"
    assert set(
        Tie.objects.filter(kind=TieKind.AFFILIATION).values_list(
            "person_a_id", "person_b_id", "origin"
        )
    ) == {
        (*pair(d, p1), at_opdc),
        (*pair(d, p3), at_opdc),
        (*pair(p1, p3), at_opdc),
        (*pair(e, p2), at_ocsc),
    }


def test_adding_a_group_member_ties_them_after_commit(committed, setting, opdc, ocsc):
    from workshops.models import GroupMember

    session, (p1, p2, p3) = setting
    with committed():
        group = group_of(session, p1, p3)
    origin = f"group:{group.pk}"
    assert org_pairs(origin=origin) == set()  # both of OPDC
    with committed() as callbacks:
        GroupMember.objects.create(group=group, person=p2)
        # Nothing yet: the ties follow the commit, in one refresh.
        assert (
            not Tie.objects.filter(origin=origin, person_a__isnull=False)
            .exclude(person_a=p1, person_b=p3)
            .exists()
        )
    assert len([c for c in callbacks if isinstance(c, signals._Flush)]) == 1
    assert org_pairs(origin=origin, kind=TieKind.GROUP) == {pair(opdc, ocsc)}
    assert Tie.objects.filter(origin=origin, level=Level.PERSON).count() == 3
    assert set(Tie.objects.filter(origin=origin).values_list("date", flat=True)) == {
        dt.date(2024, 3, 11)
    }


def test_removing_a_group_member_unties_them(committed, setting):
    from workshops.models import GroupMember

    session, (p1, p2, p3) = setting
    with committed():
        group = group_of(session, p1, p2, p3)
    assert Tie.objects.filter(origin=f"group:{group.pk}").count() == 4
    with committed():
        GroupMember.objects.get(group=group, person=p2).delete()
    assert Tie.objects.filter(origin=f"group:{group.pk}").count() == 1  # p1 and p3


def test_attendance_ties_after_commit(committed, setting, opdc, ocsc):
    session, (p1, p2, _) = setting
    with committed():
        attend(session, p1, p2)
    assert org_pairs(origin=f"session:{session.pk}") == {pair(opdc, ocsc)}


def test_moving_a_session_moves_its_groups_ties(committed, setting):
    session, people = setting
    with committed():
        group = group_of(session, *people)
    with committed():
        session.starts_at = dt.datetime(2024, 4, 1, 3, tzinfo=UTC)
        session.ends_at = session.starts_at + dt.timedelta(hours=1)
        session.save()
    assert set(Tie.objects.filter(origin=f"group:{group.pk}").values_list("date", flat=True)) == {
        dt.date(2024, 4, 1)
    }


def test_a_supporting_agency_ties_after_commit(committed, lab, opdc, ocsc):
    from actions.models import ActionAgency

    with committed():
        action = make_action(plan_of(lab), lead=opdc, start_date=dt.date(2024, 2, 1))
    assert not Tie.objects.filter(origin=f"action:{action.pk}").exists()
    with committed():
        ActionAgency.objects.create(action=action, organisation=ocsc)
    assert org_pairs(origin=f"action:{action.pk}", kind=TieKind.ACTION) == {pair(opdc, ocsc)}


def test_a_pledge_and_its_withdrawal_after_commit(committed, lab, opdc, ocsc):
    with committed():
        proposal = proposal_of(lab)
        pledge(proposal, opdc, dt.date(2024, 1, 1))
    with committed():
        second = pledge(proposal, ocsc, dt.date(2024, 1, 2))
    assert org_pairs(origin=f"proposal:{proposal.pk}") == {pair(opdc, ocsc)}
    with committed():
        second.status = "withdrawn"
        second.save()
    assert org_pairs(origin=f"proposal:{proposal.pk}") == set()


def test_a_stakeholder_ties_after_commit(committed, lab, opdc, ocsc):
    from labs.models import ChallengeAgency, Stakeholder

    with committed():
        challenge = challenge_of(lab)
        ChallengeAgency.objects.create(challenge=challenge, organisation=opdc, role="lead")
    with committed():
        Stakeholder.objects.create(challenge=challenge, organisation=ocsc)
    assert org_pairs(origin=f"challenge:{challenge.pk}") == {pair(opdc, ocsc)}


def test_a_parent_ties_after_commit_and_a_new_parent_replaces_it(committed, opdc):
    with committed():
        first = organisation("สำนักนายกรัฐมนตรี", kind="ministry")
        second = organisation("กระทรวงมหาดไทย", kind="ministry")
    with committed():
        opdc.parent = first
        opdc.save()
    assert org_pairs(kind=TieKind.HIERARCHY) == {pair(opdc, first)}
    with committed():
        opdc.parent = second
        opdc.save()
    assert org_pairs(kind=TieKind.HIERARCHY) == {pair(opdc, second)}


def test_an_affiliation_ties_after_commit(committed, opdc, ocsc):
    from directory.models import Affiliation

    with committed():
        both = person("สองสังกัด", organisation=opdc)
        colleague = person("เพื่อนร่วมงาน", organisation=ocsc)
    with committed():
        Affiliation.objects.create(person=both, organisation=ocsc, start_date=dt.date(2023, 6, 1))
    assert org_pairs(kind=TieKind.AFFILIATION) == {pair(opdc, ocsc)}
    # And the colleagues at OCSC, from the day the later one joined.
    assert set(
        Tie.objects.filter(kind=TieKind.AFFILIATION, level=Level.PERSON).values_list(
            "person_a_id", "person_b_id", "date"
        )
    ) == {(*pair(both, colleague), dt.date(2023, 6, 1))}


def test_automatic_grouping_ties_the_groups_it_writes_in_bulk(committed, setting):
    from workshops.models import GroupMember
    from workshops.services.groups import groups_auto_assign

    session, people = setting
    with committed():
        attend(session, *people)
    with committed():
        made = groups_auto_assign(session=session, by=None, group_count=1)
    (group,) = made.groups
    assert GroupMember.objects.filter(group=group).count() == 3
    assert Tie.objects.filter(origin=f"group:{group.pk}", level=Level.PERSON).count() == 3
    # Grouped again: the old groups' ties go, the new ones' come.
    with committed():
        again = groups_auto_assign(session=session, by=None, group_count=1, seed=1)
    assert set(Tie.objects.filter(kind=TieKind.GROUP).values_list("origin", flat=True)) == {
        f"group:{again.groups[0].pk}"
    }


def test_setting_a_challenges_agencies_ties_them(committed, lab, opdc, ocsc):  # noqa: F811
    from labs.services import challenge_set_agencies

    with committed():
        challenge = challenge_of(lab)
    with committed():
        challenge_set_agencies(
            challenge=challenge, by=None, agencies=[(opdc, "lead"), (ocsc, "partner")]
        )
    assert org_pairs(origin=f"challenge:{challenge.pk}") == {pair(opdc, ocsc)}


def test_an_audit_entry_about_anything_else_refreshes_nothing(committed, opdc, monkeypatch):
    from audit.services import audit_record

    with committed():
        pass  # the fixtures' own refresh
    refreshed: list[set[str]] = []
    monkeypatch.setattr(signals, "_refresh", refreshed.append)
    with committed():
        audit_record(actor=None, action="directory.organisation.update", obj=opdc)
        audit_record(actor=None, action="test.nothing")
    assert refreshed == []


def test_a_rolled_back_change_changes_nothing_and_a_later_commit_still_refreshes(
    committed, setting, opdc, ocsc
):
    from workshops.models import GroupMember

    session, (p1, p2, p3) = setting
    with committed():
        rolled = group_of(session, p1, name="ถอยกลับ")
        later = group_of(session, p3, name="ภายหลัง")
    before = set(Tie.objects.values_list("pk", flat=True))
    with committed() as callbacks:
        with pytest.raises(Boom), transaction.atomic():
            GroupMember.objects.create(group=rolled, person=p2)
            raise Boom
        assert callbacks == []  # the rollback took its refresh with it
        with transaction.atomic():
            GroupMember.objects.create(group=later, person=p2)
    assert len([c for c in callbacks if isinstance(c, signals._Flush)]) == 1
    assert not GroupMember.objects.filter(group=rolled, person=p2).exists()
    assert not Tie.objects.filter(origin=f"group:{rolled.pk}").exists()
    assert org_pairs(origin=f"group:{later.pk}") == {pair(opdc, ocsc)}
    assert set(Tie.objects.values_list("pk", flat=True)) >= before


def test_one_transaction_refreshes_once(committed, setting):
    from workshops.models import GroupMember

    session, (p1, p2, p3) = setting
    with committed():
        groups = [group_of(session, name=f"กลุ่ม {i}") for i in range(3)]
    with committed() as callbacks, transaction.atomic():
        for group in groups:
            for who in (p1, p2, p3):
                GroupMember.objects.create(group=group, person=who)
    assert len([c for c in callbacks if isinstance(c, signals._Flush)]) == 1
    assert Tie.objects.filter(kind=TieKind.GROUP).count() == 3 * 4


def test_a_lab_switched_to_members_only_takes_its_ties_with_it(committed, setting, lab):
    session, people = setting
    with committed():
        group = group_of(session, *people)
    origin = f"group:{group.pk}"
    directory_ties = set(Tie.objects.filter(lab__isnull=True).values_list("pk", "public"))
    assert set(Tie.objects.filter(origin=origin).values_list("public", flat=True)) == {True}
    lab.visibility = "members"
    lab.save()
    assert set(Tie.objects.filter(origin=origin).values_list("public", flat=True)) == {False}
    assert set(Tie.objects.filter(lab__isnull=True).values_list("pk", "public")) == directory_ties
    lab.visibility = "public"
    lab.save()
    assert set(Tie.objects.filter(origin=origin).values_list("public", flat=True)) == {True}


@pytest.mark.django_db(transaction=True)
def test_without_a_transaction_the_ties_follow_at_once(migration_data, opdc, ocsc):
    from labs.models import ChallengeAgency
    from workshops.tests.conftest import make_lab

    challenge = challenge_of(make_lab())
    ChallengeAgency.objects.create(challenge=challenge, organisation=opdc, role="lead")
    ChallengeAgency.objects.create(challenge=challenge, organisation=ocsc, role="partner")
    assert org_pairs(origin=f"challenge:{challenge.pk}") == {pair(opdc, ocsc)}


def test_a_lab_turning_members_only_takes_the_public_analysis_down_with_it(
    lab, django_capture_on_commit_callbacks
):
    from directory.models import Organisation
    from labs.models import Lab
    from network import services
    from network.models import Level, Scope, Snapshot, Tie

    assert lab.visibility == Lab.Visibility.PUBLIC
    a = Organisation.objects.create(name_th="กรมเอ", sector="gov_central", kind="department")
    b = Organisation.objects.create(name_th="กรมบี", sector="gov_central", kind="department")
    Tie.objects.create(
        level=Level.ORGANISATION,
        kind="group",
        organisation_a=a,
        organisation_b=b,
        date="2025-01-10",
        lab=lab,
        public=True,
        origin="group:999",
    )
    public = services.analyse(level=Level.ORGANISATION, scope=Scope.PUBLIC, recommend=False)
    every = services.analyse(level=Level.ORGANISATION, scope=Scope.ALL, recommend=False)
    lab.visibility = Lab.Visibility.MEMBERS
    with django_capture_on_commit_callbacks(execute=True):
        lab.save()
    assert Tie.objects.get().public is False
    public.refresh_from_db()
    every.refresh_from_db()
    assert public.current is False  # its figures counted the lab's ties
    assert every.current is True  # administrators may still see them


def test_an_import_written_in_bulk_brings_its_hierarchy_ties_after_commit(
    db, django_capture_on_commit_callbacks
):
    from audit.services import audit_record
    from directory.models import Organisation

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        ministry = Organisation.objects.create(
            name_th="กระทรวงทดลอง", sector="gov_central", kind="ministry"
        )
        # The importer writes in bulk (no signals) and records one audit entry.
        (child,) = Organisation.objects.bulk_create(
            [
                Organisation(
                    name_th="กรมทดลอง", sector="gov_central", kind="department", parent=ministry
                )
            ]
        )
        assert not Tie.objects.filter(kind=TieKind.HIERARCHY).exists()
        audit_record(actor=None, action="directory.import", obj=None)
    tie = Tie.objects.get(kind=TieKind.HIERARCHY)
    assert {tie.organisation_a_id, tie.organisation_b_id} == {ministry.pk, child.pk}
