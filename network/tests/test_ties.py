"""Ties taken from the work itself (network/ties.py): each kind of work ties
the right pairs, at the right levels, on the right day, with its lab."""

# Fixtures imported from other apps' conftest files are requested by name.
# ruff: noqa: F401, F811

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from actions.tests.conftest import make_action
from network import graph, ties
from network.models import Level, Scope, Tie, TieKind
from workshops.tests.conftest import (
    dana,
    erin,
    lab,
    make_lab,
    person,
    workshop,
)

UTC = dt.UTC


# --- Builders ---------------------------------------------------------------------


def organisation(name: str, *, sector: str = "gov_central", kind: str = "department", **fields):
    from directory.models import Organisation

    return Organisation.objects.create(name_th=name, sector=sector, kind=kind, **fields)


def session_of(workshop, starts_at: dt.datetime, title: str = "ช่วงระดมความคิด"):
    from workshops.models import Session

    return Session.objects.create(
        workshop=workshop,
        title_th=title,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
    )


def group_of(session, *people, name: str = "กลุ่ม 1"):
    from workshops.models import BreakoutGroup, GroupMember

    group = BreakoutGroup.objects.create(session=session, name=name)
    for who in people:
        GroupMember.objects.create(group=group, person=who)
    return group


def attend(session, *people) -> None:
    from workshops.models import Attendance

    for who in people:
        Attendance.objects.create(session=session, person=who, method="facilitator")


def challenge_of(lab, title: str = "ลดขั้นตอนการขออนุญาต", created_at=None):
    from labs.models import Challenge

    return Challenge.objects.create(
        lab=lab,
        title_th=title,
        stage=lab.process.stages.first(),
        **({"created_at": created_at} if created_at else {}),
    )


def proposal_of(lab):
    from actions.models import Proposal

    return Proposal.objects.create(lab=lab, kind="project", title_th="โครงการนำร่อง")


def pledge(proposal, organisation, day: dt.date, status: str = "offered"):
    from actions.models import Pledge

    return Pledge.objects.create(
        proposal=proposal,
        organisation=organisation,
        kind="staff",
        status=status,
        created_at=dt.datetime(day.year, day.month, day.day, 3, tzinfo=UTC),
    )


def plan_of(lab):
    from actions.models import ActionPlan

    return ActionPlan.objects.create(lab=lab, title_th="แผนปฏิบัติการร่วม")


def rows(**filters) -> set[tuple]:
    """The ties as comparable tuples: (level, kind, a, b, date, lab, public, origin)."""
    return {
        (
            tie.level,
            tie.kind,
            tie.organisation_a_id or tie.person_a_id,
            tie.organisation_b_id or tie.person_b_id,
            tie.date,
            tie.lab_id,
            tie.public,
            tie.origin,
        )
        for tie in Tie.objects.filter(**filters)
    }


def pair(a, b) -> tuple[int, int]:
    return (min(a.pk, b.pk), max(a.pk, b.pk))


@pytest.fixture
def people(opdc, ocsc):
    """Three people: two of OPDC, one of OCSC (no dates on their affiliations)."""
    return (
        person("สมชาย", organisation=opdc),
        person("สมหญิง", organisation=ocsc),
        person("สมศักดิ์", organisation=opdc),
    )


# --- Groups and sessions ----------------------------------------------------------


def test_a_breakout_group_ties_its_people_and_their_organisations_on_the_bangkok_day(
    workshop,
    people,
    opdc,
    ocsc,
):
    # 23:30 UTC on 10 March is 06:30 on 11 March in Bangkok.
    session = session_of(workshop, dt.datetime(2024, 3, 10, 23, 30, tzinfo=UTC))
    group = group_of(session, *people)
    ties.rebuild()
    day, origin, lab_id = dt.date(2024, 3, 11), f"group:{group.pk}", workshop.lab_id
    p1, p2, p3 = people
    expected_people = {
        (Level.PERSON, TieKind.GROUP, *pair(x, y), day, lab_id, True, origin)
        for x, y in ((p1, p2), (p1, p3), (p2, p3))
    }
    assert rows(origin=origin, level=Level.PERSON) == expected_people
    # Two of the three are of one organisation: one pair of organisations.
    assert rows(origin=origin, level=Level.ORGANISATION) == {
        (Level.ORGANISATION, TieKind.GROUP, *pair(opdc, ocsc), day, lab_id, True, origin)
    }


def test_attendance_at_one_session_ties_who_was_there(workshop, people, opdc, ocsc):
    session = session_of(workshop, dt.datetime(2024, 5, 2, 2, 0, tzinfo=UTC))
    p1, p2, p3 = people
    attend(session, p1, p2)
    other = session_of(workshop, dt.datetime(2024, 5, 2, 6, 0, tzinfo=UTC), "ช่วงบ่าย")
    attend(other, p3)  # alone: ties nobody
    ties.rebuild()
    origin = f"session:{session.pk}"
    assert rows(kind=TieKind.SESSION) == {
        (
            Level.PERSON,
            TieKind.SESSION,
            *pair(p1, p2),
            dt.date(2024, 5, 2),
            workshop.lab_id,
            True,
            origin,
        ),
        (
            Level.ORGANISATION,
            TieKind.SESSION,
            *pair(opdc, ocsc),
            dt.date(2024, 5, 2),
            workshop.lab_id,
            True,
            origin,
        ),
    }


def test_a_persons_organisation_is_the_one_current_on_the_day(workshop, opdc, ocsc):
    from directory.models import Affiliation

    moe = organisation("กระทรวงศึกษาธิการ", kind="ministry")
    mover = person("ย้ายงาน")
    Affiliation.objects.create(
        person=mover,
        organisation=opdc,
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2024, 1, 31),
    )
    Affiliation.objects.create(person=mover, organisation=ocsc, start_date=dt.date(2024, 2, 1))
    colleague = person("ครู", organisation=moe)
    before = session_of(workshop, dt.datetime(2024, 1, 15, 3, tzinfo=UTC))
    after = session_of(workshop, dt.datetime(2024, 3, 1, 3, tzinfo=UTC))
    attend(before, mover, colleague)
    attend(after, mover, colleague)
    ties.rebuild()
    assert {
        (t.organisation_a_id, t.organisation_b_id)
        for t in Tie.objects.filter(origin=f"session:{before.pk}", level=Level.ORGANISATION)
    } == {pair(opdc, moe)}
    assert {
        (t.organisation_a_id, t.organisation_b_id)
        for t in Tie.objects.filter(origin=f"session:{after.pk}", level=Level.ORGANISATION)
    } == {pair(ocsc, moe)}


def test_a_members_only_lab_makes_private_ties(opdc, ocsc, people):
    from workshops.services import workshop_create

    closed = make_lab("ห้องปฏิบัติการปิด", visibility="members")
    hidden = workshop_create(by=None, lab=closed, title_th="ประชุมภายใน", format="onsite")
    session = session_of(hidden, dt.datetime(2024, 6, 1, 3, tzinfo=UTC))
    group_of(session, *people)
    ties.rebuild()
    made = Tie.objects.filter(kind=TieKind.GROUP)
    assert made.count() == 4  # three pairs of people, one of organisations
    assert set(made.values_list("public", "lab_id")) == {(False, closed.pk)}


@override_settings(NETWORK_MAX_CLIQUE=2)
def test_a_crowd_ties_nobody(workshop, people, opdc, ocsc):
    session = session_of(workshop, dt.datetime(2024, 3, 10, 3, tzinfo=UTC))
    group = group_of(session, *people)
    ties.rebuild()
    # Three people are a crowd at a limit of two: neither they nor their two
    # organisations are tied by it.
    assert not Tie.objects.filter(origin=f"group:{group.pk}").exists()
    with override_settings(NETWORK_MAX_CLIQUE=3):
        ties.rebuild()
    assert Tie.objects.filter(origin=f"group:{group.pk}", level=Level.PERSON).count() == 3
    assert Tie.objects.filter(origin=f"group:{group.pk}", level=Level.ORGANISATION).count() == 1


@override_settings(NETWORK_MAX_CLIQUE=2)
def test_a_crowd_of_pledges_ties_nobody(lab, opdc, ocsc):
    proposal = proposal_of(lab)
    for org in (opdc, ocsc, organisation("กรมบัญชีกลาง")):
        pledge(proposal, org, dt.date(2024, 4, 1))
    ties.rebuild()
    assert not Tie.objects.filter(kind=TieKind.PLEDGE).exists()


# --- Boards -------------------------------------------------------------------------


def test_who_wrote_on_a_board_is_tied_and_a_deleted_note_makes_no_contributor(
    lab,
    workshop,
    opdc,
    ocsc,
):
    from django.utils import timezone

    from boards.models import Method, Note, Participant
    from boards.services import board_create

    session = session_of(workshop, dt.datetime(2024, 7, 8, 20, 0, tzinfo=UTC))  # 9 July in Bangkok
    board = board_create(
        lab=lab,
        by=None,
        method=Method.objects.get(key="hopes-fears", lab=None),
        title="ความหวัง",
        workshop=workshop,
        session=session,
    )
    dgr = organisation("กรมทรัพยากรน้ำ")
    writers = []
    for i, (org, who) in enumerate(
        (
            (opdc, person("ก", organisation=opdc)),
            (ocsc, person("ข", organisation=ocsc)),
            (dgr, None),
        )
    ):
        participant = Participant.objects.create(
            board=board, display_name=f"คนที่ {i}", organisation=org, person=who
        )
        writers.append(participant)
        Note.objects.create(
            board=board, author=participant, client_id=f"n{i}", zone="hopes", text="ข้อความ"
        )
    # The third only wrote a note that was deleted; a fourth joined and wrote nothing.
    Note.objects.filter(author=writers[2]).update(deleted_at=timezone.now())
    Participant.objects.create(board=board, display_name="ผู้ชม", organisation=organisation("ผู้ชม"))
    ties.rebuild()
    origin = f"board:{board.pk}"
    day = dt.date(2024, 7, 9)
    assert rows(origin=origin) == {
        (Level.ORGANISATION, TieKind.BOARD, *pair(opdc, ocsc), day, lab.pk, True, origin),
        (
            Level.PERSON,
            TieKind.BOARD,
            *pair(writers[0].person, writers[1].person),
            day,
            lab.pk,
            True,
            origin,
        ),
    }


# --- Actions, pledges, challenges -------------------------------------------------------


def test_an_action_ties_its_lead_and_supporting_agencies(lab, opdc, ocsc):
    dgr = organisation("กรมทรัพยากรน้ำ")
    plan = plan_of(lab)
    started = make_action(
        plan, "จัดทำคู่มือ", lead=opdc, supporting=[ocsc, dgr], start_date=dt.date(2024, 2, 5)
    )
    alone = make_action(plan, "ทำเอง", lead=ocsc)
    ties.rebuild()
    origin = f"action:{started.pk}"
    assert rows(kind=TieKind.ACTION) == {
        (Level.ORGANISATION, TieKind.ACTION, *pair(x, y), dt.date(2024, 2, 5), lab.pk, True, origin)
        for x, y in ((opdc, ocsc), (opdc, dgr), (ocsc, dgr))
    }
    assert not Tie.objects.filter(origin=f"action:{alone.pk}").exists()


def test_an_action_without_a_start_is_dated_the_day_it_was_made(lab, opdc, ocsc):
    from actions.models import Action

    action = make_action(plan_of(lab), lead=opdc, supporting=[ocsc])
    # 18:00 UTC on 31 December is New Year's Day in Bangkok.
    Action.objects.filter(pk=action.pk).update(
        created_at=dt.datetime(2023, 12, 31, 18, 0, tzinfo=UTC)
    )
    ties.rebuild()
    assert list(Tie.objects.filter(kind=TieKind.ACTION).values_list("date", flat=True)) == [
        dt.date(2024, 1, 1)
    ]


def test_pledges_tie_their_agencies_from_the_later_pledge_and_withdrawn_ones_do_not_count(
    lab,
    opdc,
    ocsc,
):
    proposal = proposal_of(lab)
    dgr = organisation("กรมทรัพยากรน้ำ")
    pledge(proposal, opdc, dt.date(2024, 1, 10))
    pledge(proposal, ocsc, dt.date(2024, 2, 20))
    pledge(proposal, opdc, dt.date(2024, 3, 1))  # a second pledge: the first one dates it
    pledge(proposal, dgr, dt.date(2024, 1, 5), status="withdrawn")
    ties.rebuild()
    origin = f"proposal:{proposal.pk}"
    assert rows(kind=TieKind.PLEDGE) == {
        (
            Level.ORGANISATION,
            TieKind.PLEDGE,
            *pair(opdc, ocsc),
            dt.date(2024, 2, 20),
            lab.pk,
            True,
            origin,
        )
    }


def test_a_challenge_ties_its_agencies_and_stakeholders(lab, opdc, ocsc):
    from labs.models import ChallengeAgency, Stakeholder

    challenge = challenge_of(lab, created_at=dt.datetime(2024, 4, 30, 17, 30, tzinfo=UTC))
    dgr = organisation("กรมทรัพยากรน้ำ")
    ChallengeAgency.objects.create(challenge=challenge, organisation=opdc, role="lead")
    ChallengeAgency.objects.create(challenge=challenge, organisation=ocsc, role="supporting")
    Stakeholder.objects.create(challenge=challenge, organisation=dgr)
    Stakeholder.objects.create(challenge=challenge, organisation=opdc)  # already named
    a, b = person("ผู้ใหญ่บ้าน"), person("อสม.")
    Stakeholder.objects.create(challenge=challenge, person=a)
    Stakeholder.objects.create(challenge=challenge, person=b)
    Stakeholder.objects.create(challenge=challenge, group_name="เกษตรกร")
    ties.rebuild()
    origin, day = f"challenge:{challenge.pk}", dt.date(2024, 5, 1)
    assert rows(kind=TieKind.CHALLENGE) == {
        (Level.ORGANISATION, TieKind.CHALLENGE, *pair(x, y), day, lab.pk, True, origin)
        for x, y in ((opdc, ocsc), (opdc, dgr), (ocsc, dgr))
    } | {(Level.PERSON, TieKind.CHALLENGE, *pair(a, b), day, lab.pk, True, origin)}


# --- The directory's own ties ------------------------------------------------------------


def test_the_hierarchy_is_a_standing_public_tie_in_every_window(opdc):
    ministry = organisation("สำนักนายกรัฐมนตรี", kind="ministry")
    opdc.parent = ministry
    opdc.save()
    ties.rebuild()
    assert rows(kind=TieKind.HIERARCHY) == {
        (
            Level.ORGANISATION,
            TieKind.HIERARCHY,
            *pair(opdc, ministry),
            ties.STANDING,
            None,
            True,
            f"hierarchy:{opdc.pk}",
        )
    }
    for start, end in ((dt.date(2024, 1, 1), dt.date(2024, 3, 31)), (dt.date(2030, 1, 1), None)):
        window = graph.ties_in(level=Level.ORGANISATION, scope=Scope.PUBLIC, start=start, end=end)
        assert window.filter(kind=TieKind.HIERARCHY).count() == 1


def test_a_person_of_two_organisations_ties_them_and_colleagues_tie_each_other(opdc, ocsc):
    from directory.models import Affiliation

    both = person("สองสังกัด")
    Affiliation.objects.create(person=both, organisation=opdc, start_date=dt.date(2019, 5, 1))
    Affiliation.objects.create(person=both, organisation=ocsc, start_date=dt.date(2022, 8, 1))
    colleague = person("เพื่อนร่วมงาน")
    Affiliation.objects.create(
        person=colleague,
        organisation=opdc,
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2021, 1, 1),
    )
    left_before = person("ลาออกไปแล้ว")
    Affiliation.objects.create(
        person=left_before,
        organisation=opdc,
        start_date=dt.date(2010, 1, 1),
        end_date=dt.date(2015, 1, 1),
    )
    ties.rebuild()
    assert rows(kind=TieKind.AFFILIATION, level=Level.ORGANISATION) == {
        (
            Level.ORGANISATION,
            TieKind.AFFILIATION,
            *pair(opdc, ocsc),
            dt.date(2022, 8, 1),
            None,
            True,
            f"person:{both.pk}",
        )
    }
    # Colleagues whose time at OPDC overlapped, from the day the later one joined;
    # the one who had left before `both` joined is no colleague of theirs.
    assert rows(kind=TieKind.AFFILIATION, level=Level.PERSON) == {
        (
            Level.PERSON,
            TieKind.AFFILIATION,
            *pair(both, colleague),
            dt.date(2020, 1, 1),
            None,
            True,
            f"organisation:{opdc.pk}",
        )
    }


def test_colleagues_who_met_in_two_spells_are_tied_once(opdc):
    from directory.models import Affiliation

    returner, colleague = person("กลับมาทำงาน"), person("อยู่ตลอด")
    Affiliation.objects.create(
        person=returner,
        organisation=opdc,
        start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2017, 12, 31),
    )
    Affiliation.objects.create(person=returner, organisation=opdc, start_date=dt.date(2021, 1, 1))
    Affiliation.objects.create(person=colleague, organisation=opdc, start_date=dt.date(2016, 3, 1))
    ties.rebuild()
    # One piece of evidence, from the day they first worked side by side.
    assert rows(kind=TieKind.AFFILIATION) == {
        (
            Level.PERSON,
            TieKind.AFFILIATION,
            *pair(returner, colleague),
            dt.date(2016, 3, 1),
            None,
            True,
            f"organisation:{opdc.pk}",
        )
    }
    assert Tie.objects.filter(kind=TieKind.AFFILIATION).count() == 1


@override_settings(NETWORK_MAX_CLIQUE=2)
def test_the_crowd_rule_counts_colleagues_not_records(opdc):
    from directory.models import Affiliation

    returner, colleague = person("กลับมาทำงาน"), person("อยู่ตลอด")
    for start, end in ((dt.date(2015, 1, 1), dt.date(2017, 12, 31)), (dt.date(2021, 1, 1), None)):
        Affiliation.objects.create(
            person=returner, organisation=opdc, start_date=start, end_date=end
        )
    Affiliation.objects.create(person=colleague, organisation=opdc, start_date=dt.date(2016, 3, 1))
    ties.rebuild()
    assert Tie.objects.filter(kind=TieKind.AFFILIATION).count() == 1


def test_an_erased_persons_ties_are_not_extracted_again(
    workshop, people, opdc, ocsc, charlie, alice
):
    from accounts.services import user_erase

    p1, p2, p3 = people
    p2.user = charlie
    p2.save(update_fields=["user"])
    session = session_of(workshop, dt.datetime(2024, 3, 10, 3, tzinfo=UTC))
    group = group_of(session, *people)
    user_erase(user=charlie, by=alice)
    ties.rebuild()
    origin = f"group:{group.pk}"
    # The others still met each other, and their organisations still met.
    assert {
        (t.person_a_id, t.person_b_id)
        for t in Tie.objects.filter(origin=origin, level=Level.PERSON)
    } == {pair(p1, p3)}
    assert Tie.objects.filter(origin=origin, level=Level.ORGANISATION).count() == 1
    assert not Tie.objects.filter(person_a=p2).exists()
    assert not Tie.objects.filter(person_b=p2).exists()
    ties.refresh([origin])
    assert Tie.objects.filter(origin=origin, level=Level.PERSON).count() == 1


# --- Refresh and rebuild --------------------------------------------------------------


def test_refresh_replaces_the_ties_of_one_origin_only(workshop, people, opdc, ocsc):
    from workshops.models import GroupMember

    session = session_of(workshop, dt.datetime(2024, 3, 10, 3, tzinfo=UTC))
    p1, p2, p3 = people
    changed = group_of(session, p1, p2, p3, name="กลุ่ม 1")
    kept = group_of(session, p1, p2, name="กลุ่ม 2")
    ties.rebuild()
    untouched = set(Tie.objects.exclude(origin=f"group:{changed.pk}").values_list("pk", flat=True))
    GroupMember.objects.filter(group=changed, person=p2).delete()
    written = ties.refresh([f"group:{changed.pk}"])
    assert written == 1  # p1 and p3 (both of OPDC): one pair of people, no pair of organisations
    assert rows(origin=f"group:{changed.pk}") == {
        (
            Level.PERSON,
            TieKind.GROUP,
            *pair(p1, p3),
            dt.date(2024, 3, 10),
            workshop.lab_id,
            True,
            f"group:{changed.pk}",
        )
    }
    # Every other tie is the same row as before: not deleted and written again.
    assert (
        set(Tie.objects.exclude(origin=f"group:{changed.pk}").values_list("pk", flat=True))
        == untouched
    )
    assert Tie.objects.filter(origin=f"group:{kept.pk}").count() == 2


def test_refresh_of_a_gone_origin_removes_its_ties(workshop, people):
    session = session_of(workshop, dt.datetime(2024, 3, 10, 3, tzinfo=UTC))
    group = group_of(session, *people)
    ties.rebuild()
    origin = f"group:{group.pk}"
    assert Tie.objects.filter(origin=origin).exists()
    group.delete()
    assert ties.refresh([origin]) == 0
    assert not Tie.objects.filter(origin=origin).exists()


def test_refresh_beyond_the_limit_extracts_the_kind_whole(workshop, people, monkeypatch):
    session = session_of(workshop, dt.datetime(2024, 3, 10, 3, tzinfo=UTC))
    p1, p2, p3 = people
    first, second, third = (group_of(session, p1, p2, p3, name=f"กลุ่ม {i}") for i in range(3))
    ties.rebuild()
    Tie.objects.filter(origin=f"group:{third.pk}").delete()  # stale, but not asked for
    asked: list[set[int] | None] = []
    extract = ties.EXTRACTORS["group"]

    def recording(ids):
        asked.append(ids)
        return extract(ids)

    monkeypatch.setitem(ties.EXTRACTORS, "group", recording)
    ties.refresh([f"group:{first.pk}", f"group:{second.pk}"], whole_kind_beyond=1)
    assert asked == [None]
    assert Tie.objects.filter(origin=f"group:{third.pk}").count() == 4
    asked.clear()
    ties.refresh([f"group:{first.pk}"], whole_kind_beyond=1)
    assert asked == [{first.pk}]


@pytest.mark.parametrize("origin", ["team:1", "group:", "group:x", "group", "hierarchy:-1", ""])
def test_an_unknown_origin_is_refused(db, origin):
    with pytest.raises(ValueError):
        ties.refresh([origin])


def test_rebuild_is_idempotent(workshop, people, opdc, ocsc, lab):
    from labs.models import ChallengeAgency

    session = session_of(workshop, dt.datetime(2024, 3, 10, 3, tzinfo=UTC))
    group_of(session, *people)
    attend(session, *people)
    challenge = challenge_of(lab)
    ChallengeAgency.objects.create(challenge=challenge, organisation=opdc, role="lead")
    ChallengeAgency.objects.create(challenge=challenge, organisation=ocsc, role="partner")
    opdc.parent = organisation("สำนักนายกรัฐมนตรี", kind="ministry")
    opdc.save()
    first_count = ties.rebuild()
    first = sorted(rows())
    assert first_count == len(first) == Tie.objects.count() > 0
    assert ties.rebuild() == first_count
    assert sorted(rows()) == first
    assert Tie.objects.count() == first_count
