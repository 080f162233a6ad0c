"""Report fixtures on top of the outputs ones (actions/tests/conftest.py).

filled — a public lab in Thai with all a report reads: hosts, a challenge, a
         workshop with registrations and attendance, a board with themes,
         votes, a signed and an anonymous note, a persona, proposals and
         pledges, a community, a curriculum, a plan with a late, an at-risk
         and a done action (a `Filled` of the objects, for assertions)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from actions.tests.conftest import (  # noqa: F401 - fixtures shared with the outputs tests
    action,
    dana,
    erin,
    in_english,
    lab,
    make_action,
    make_lab,
    member,
    person,
    plan,
    private_lab,
    workshop,
)

LAB_TH = "ห้องปฏิบัติการนโยบายผู้สูงอายุในชนบท"
HOPE = "อยากให้ทุกตำบลมีศูนย์ดูแลผู้สูงอายุที่หน่วยงานทำงานร่วมกัน"
FEAR = "กลัวว่าผู้สูงอายุจะเข้าไม่ถึงบริการออนไลน์"
ANONYMOUS_AUTHOR = "สมหญิงนิรนาม"
ANONYMOUS_ORG = "อบต.บ้านลับ"
THEME = "การทำงานข้ามหน่วยงาน"
PERSONA = "ป้าสมศรี"
LATE_ACTION = "จัดทำฐานข้อมูลผู้สูงอายุรายตำบล"


@dataclass
class Filled:
    lab: Any
    challenge: Any
    other_challenge: Any
    board: Any
    plan: Any
    late: Any
    at_risk: Any
    done: Any
    owner: Any
    policy: Any
    project: Any


def days(n: int) -> dt.date:
    from actions.models import today

    return today() + dt.timedelta(days=n)


@pytest.fixture
def filled(lab, dana, erin, opdc, ocsc, workshop):  # noqa: F811 - the imported fixtures
    from actions.models import Community, Curriculum, CurriculumModule, Pledge, Proposal
    from actions.services.plans import plan_create
    from boards.models import Method, Persona
    from boards.services import board_create
    from boards.tests.conftest import phone
    from boards.tests.test_views_manage import actor_of, facilitate, send, write
    from directory.services import organisation_create
    from labs.models import Challenge, Stage
    from workshops.models import Attendance, Registration, Session

    lab.name_th = LAB_TH
    lab.purpose = "ออกแบบบริการสำหรับผู้สูงอายุร่วมกันหลายหน่วยงาน"
    lab.start_date, lab.end_date = dt.date(2026, 1, 15), dt.date(2026, 12, 20)
    lab.save()
    lab.hosts.add(opdc)
    stage = Stage.objects.filter(process=lab.process).order_by("order")[1]
    challenge = Challenge.objects.create(lab=lab, title_th="บริการดูแลผู้สูงอายุที่บ้าน", stage=stage)
    other = Challenge.objects.create(lab=lab, title_th="โจทย์อื่นที่ไม่เกี่ยว", stage=stage)

    # People: two members (from the workshop fixtures), a registrant, an attendee.
    local = organisation_create(
        by=None, name_th="องค์การบริหารส่วนตำบลบ้านนา", sector="gov_local", kind="local_government"
    )
    registrant = person("สมปอง", organisation=local)
    registrant.email = "sompong@example.test"
    registrant.phone = "0812345678"
    registrant.save()
    Registration.objects.create(workshop=workshop, person=registrant)
    session = Session.objects.create(
        workshop=workshop,
        title_th="เปิดห้องปฏิบัติการ",
        starts_at=dt.datetime(2026, 2, 9, 2, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 2, 9, 4, 0, tzinfo=dt.UTC),
    )
    Attendance.objects.create(session=session, person=dana.person, method="facilitator")

    # A board for the challenge: a signed note, an anonymous one, votes, a theme.
    definition = Method.objects.get(key="hopes-fears", lab=None).definition
    board = board_create(
        lab=lab,
        by=dana,
        method=Method.objects.get(key="hopes-fears", lab=None),
        title="ความหวังต่อบริการผู้สูงอายุ",
        workshop=workshop,
        challenge=challenge,
    )
    board.definition = {**definition, "rules": {**definition["rules"], "voting": True}}
    board.save()
    somchai, _ = phone(board, "สมชาย", organisation=ocsc)
    anonymous, _ = phone(board, ANONYMOUS_AUTHOR, organisation_text=ANONYMOUS_ORG)
    hope = write(board, somchai, HOPE)
    facilitate(board, dana, "board.set", anonymous=True)
    fear = write(board, anonymous, FEAR, zone="fears")
    facilitate(board, dana, "board.set", anonymous=False)
    for n, voter in enumerate([somchai, anonymous, somchai]):
        send(board, actor_of(voter), "vote.add", id=f"vote-{n:06d}", note=fear if n else hope)
    facilitate(board, dana, "theme.add", label=THEME, notes=[hope, fear])
    facilitate(board, dana, "board.set", votes_revealed=True)
    other_board = board_create(
        lab=lab,
        by=dana,
        method=Method.objects.get(key="hopes-fears", lab=None),
        title="กระดานของโจทย์อื่น",
        challenge=other,
    )
    Persona.objects.create(
        lab=lab,
        board=board,
        name=PERSONA,
        fields={"segment": "ผู้สูงอายุที่อยู่คนเดียว", "quote": "ไปโรงพยาบาลทีต้องเสียทั้งวัน"},
        vulnerable_groups=["elderly", "rural_remote"],
    )
    Persona.objects.create(lab=lab, board=other_board, name="นายอื่น")

    # Outputs.
    policy = Proposal.objects.create(
        lab=lab,
        challenge=challenge,
        kind=Proposal.Kind.POLICY,
        title_th="ข้อเสนอเชิงนโยบายศูนย์ดูแลผู้สูงอายุ",
        status=Proposal.Status.SUBMITTED,
        status_date=dt.date(2026, 3, 1),
    )
    project = Proposal.objects.create(
        lab=lab,
        challenge=challenge,
        kind=Proposal.Kind.PROJECT,
        title_th="โครงการนำร่องรถรับส่งผู้สูงอายุ",
        budget=1_250_000,
    )
    Proposal.objects.create(
        lab=lab, challenge=other, kind=Proposal.Kind.POLICY, title_th="ข้อเสนอของโจทย์อื่น"
    )
    Pledge.objects.create(proposal=project, organisation=opdc, kind="money", amount=500_000)
    Pledge.objects.create(
        proposal=project, organisation=ocsc, kind="staff", status=Pledge.Status.DELIVERED
    )
    community = Community.objects.create(lab=lab, name="ชุมชนนักออกแบบบริการผู้สูงอายุ")
    community.organisations.add(opdc, local)
    curriculum = Curriculum.objects.create(lab=lab, title="หลักสูตรการออกแบบบริการ")
    CurriculumModule.objects.create(
        curriculum=curriculum, title="การสัมภาษณ์ผู้ใช้บริการ", hours=3, needs="เข้าใจผู้สูงอายุ"
    )

    # The plan: one late, one at risk, one done.
    the_plan = plan_create(lab=lab, by=dana, title_th="แผนปฏิบัติการร่วมดูแลผู้สูงอายุ", challenge=challenge)
    late = make_action(
        the_plan,
        LATE_ACTION,
        lead=local,
        supporting=[opdc],
        owner=registrant,
        start_date=days(-60),
        due_date=days(-12),
        by=dana,
    )
    at_risk = make_action(the_plan, "อบรมอาสาสมัคร", lead=ocsc, state="at_risk", by=dana)
    done = make_action(the_plan, "สำรวจความต้องการ", lead=ocsc, state="done", by=dana)
    other_plan = plan_create(lab=lab, by=dana, title_th="แผนของโจทย์อื่น", challenge=other)
    make_action(other_plan, "งานของโจทย์อื่น", lead=opdc, by=dana)
    return Filled(
        lab=lab,
        challenge=challenge,
        other_challenge=other,
        board=board,
        plan=the_plan,
        late=late,
        at_risk=at_risk,
        done=done,
        owner=registrant,
        policy=policy,
        project=project,
    )
