from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from audit.models import AuditEntry
from directory.services import organisation_create
from workshops import selectors, services
from workshops.models import BreakoutGroup, GroupMember, Registration
from workshops.tests.conftest import at, member, person


def organisation(name: str, sector: str = "gov_central"):
    return organisation_create(by=None, name_th=name, sector=sector, kind="office")


@pytest.fixture
def session(workshop, alice):
    return services.session_add(
        workshop=workshop, by=alice, title_th="กลุ่มย่อย", starts_at=at(1, 13), ends_at=at(1, 15)
    )


@pytest.fixture
def twelve(workshop):
    """Twelve registered people from four organisations of two sectors, three each."""
    orgs = [
        organisation("กรม ก"),
        organisation("กรม ข"),
        organisation("มหาวิทยาลัย ค", "academia"),
        organisation("มูลนิธิ ง", "civil_society"),
    ]
    people = []
    for org in orgs:
        for i in range(3):
            someone = person(f"{org.name_th} {i}", organisation=org)
            Registration.objects.create(workshop=workshop, person=someone)
            people.append(someone)
    return people


def test_auto_assignment_keeps_colleagues_apart_when_the_room_allows(session, twelve, alice):
    result = services.groups_auto_assign(session=session, by=alice, group_count=3)
    assert (len(result.groups), result.people) == (3, 12)
    assert result.same_organisation_pairs == result.fewest_possible == 0
    overview = selectors.session_groups(session)
    assert [len(g.members) for g in overview.groups] == [4, 4, 4]
    assert all(
        g.mix.organisations == 4 and g.mix.same_organisation_pairs == 0 for g in overview.groups
    )
    assert overview.unassigned == []
    entry = AuditEntry.objects.get(action="workshops.groups.auto_assign")
    assert sorted(pk for group in entry.changes["groups"] for pk in group) == sorted(
        p.pk for p in twelve
    )


def test_auto_assignment_by_group_size_and_reports_the_fewest_possible(session, twelve, alice):
    result = services.groups_auto_assign(session=session, by=alice, group_size=6)
    # Two groups for three people of each organisation: one pair each at least.
    assert len(result.groups) == 2
    assert result.same_organisation_pairs == result.fewest_possible == 4


def test_auto_assignment_spreads_facilitators_and_replaces_old_groups(
    session, twelve, alice, opdc, ocsc
):
    services.group_create(session=session, by=alice, name="เดิม")
    facilitators = [person("ผู้นำกลุ่ม 1", organisation=opdc), person("ผู้นำกลุ่ม 2", organisation=ocsc)]
    services.session_update(session=session, by=alice, facilitators=facilitators)
    services.groups_auto_assign(session=session, by=alice, group_count=3)
    groups = list(BreakoutGroup.objects.filter(session=session))
    assert "เดิม" not in [g.name for g in groups]
    assert sorted(g.facilitator_id for g in groups if g.facilitator_id) == sorted(
        p.pk for p in facilitators
    )
    assert not GroupMember.objects.filter(person__in=facilitators).exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"group_count": 0}, "group_count"),
        ({"group_count": 13}, "group_count"),
        ({"group_size": 0}, "group_size"),
    ],
)
def test_auto_assignment_refuses_a_bad_count_and_changes_nothing(
    session, twelve, alice, kwargs, field
):
    services.group_create(session=session, by=alice, name="เดิม")
    with pytest.raises(ValidationError) as error:
        services.groups_auto_assign(session=session, by=alice, **kwargs)
    assert field in error.value.message_dict
    assert [g.name for g in BreakoutGroup.objects.all()] == ["เดิม"]


def test_auto_assignment_with_no_one_to_group_says_so(session, alice):
    session.workshop.lab.members.filter(role="participant").delete()
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.groups_auto_assign(session=session, by=alice, group_count=2)
    assert "no one to group" in error.value.messages[0]


def test_the_pool_prefers_people_checked_in_to_the_session(session, twelve):
    from workshops.models import Attendance

    Attendance.objects.create(session=session, person=twelve[0], method="qr")
    assert selectors.session_pool(session) == [twelve[0]]


def test_the_pool_falls_back_to_the_labs_participants(session, erin):
    assert selectors.session_pool(session) == [erin.person]


def test_an_organisation_recorded_by_the_lab_wins_over_the_affiliation(workshop, opdc, ocsc):
    someone = person("ผู้แทน", organisation=opdc)
    assert selectors.representing(workshop, [someone.pk]) == {someone.pk: opdc}
    member(workshop.lab, someone, "participant", organisation=ocsc)
    assert selectors.representing(workshop, [someone.pk]) == {someone.pk: ocsc}


def test_moving_a_person_by_hand_updates_the_mix(session, twelve, alice):
    services.groups_auto_assign(session=session, by=alice, group_count=3)
    first, second = BreakoutGroup.objects.filter(session=session)[:2]
    mover = first.members.first().person
    colleague_org = selectors.representing(session.workshop, [mover.pk])[mover.pk]
    services.group_member_move(session=session, person=mover, to_group=second, by=alice)
    overview = selectors.session_groups(session)
    target = next(g for g in overview.groups if g.group.pk == second.pk)
    assert mover.pk in [m.person.pk for m in target.members]
    assert target.mix.same_organisation_pairs == 1
    assert colleague_org is not None
    assert overview.same_organisation_pairs == 1
    services.group_member_move(session=session, person=mover, to_group=None, by=alice)
    assert [m.person for m in selectors.session_groups(session).unassigned] == [mover]
    assert AuditEntry.objects.filter(action="workshops.group.move").count() == 2


def test_a_person_cannot_be_moved_into_a_group_of_another_session(session, workshop, twelve, alice):
    other = services.session_add(
        workshop=workshop, by=alice, title_th="อื่น", starts_at=at(2, 9), ends_at=at(2, 10)
    )
    foreign = services.group_create(session=other, by=alice, name="อื่น")
    with pytest.raises(ValidationError):
        services.group_member_move(session=session, person=twelve[0], to_group=foreign, by=alice)
    assert not GroupMember.objects.exists()


def test_group_mix_counts_organisations_sectors_and_pairs(opdc, ocsc):
    mix = selectors.group_mix([opdc, opdc, opdc, ocsc, None])
    assert (mix.size, mix.organisations, mix.same_organisation_pairs, mix.unknown) == (5, 2, 3, 1)
    assert [(s.sector, s.count) for s in mix.sectors] == [("gov_central", 4)]
