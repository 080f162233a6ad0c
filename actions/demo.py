"""Demo outputs for the seed events (manage.py loaddemo, after the boards).

The Thailand Policy Lab page (seed 003) lists four expected results of its
southern workshop on local food systems: (1) a policy proposal and a joint
action plan, (2) ideas that become project proposals supported by the
agencies concerned, (3) a community of innovators and change leaders,
(4) a strategy to build local practitioners' skills with a training
curriculum designed with them. The page records none of their content, so
what follows is ours, written to show the outputs at work, drawn from the
demo boards' notes and personas (boards/demo.py) and titled as examples.

Dates run from today, so that the plan always has an action done, one at
risk, one late and the rest under way whenever the demo is loaded. The
agencies are the demo directory's; the people who own actions are the
demo boards' participants, added to the directory as examples.

Everything goes through the services. Idempotent: what exists (found by its
title in the lab) is left as it is; only what is missing is added.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from actions.models import Action, ActionPlan, Community, Curriculum, Pledge, Proposal, Status
from actions.services import lineage, outputs, plans, proposals
from boards.models import Note, Persona
from directory.demo.data import DEMO_ACCOUNTS
from directory.models import Organisation, Person
from directory.services import person_create
from labs.demo.builder import _Directory
from labs.demo.events import UNDP
from labs.models import Goal, Lab
from lib.thai.text import compact

EXAMPLE = "ตัวอย่าง"
EXAMPLE_TAG = "ข้อมูลตัวอย่าง"

# The demo boards' participants (boards.demo.SOUTHERN_ROOM), as directory
# people who own actions: (first name, organisation key).
OWNERS = {
    "amina": ("อามีนะห์", "sbpac"),
    "sulaiman": ("สุไลมาน", "ppho-pattani"),
    "wilaiwan": ("วิไลวรรณ", "pao-yala"),
    "abdullah": ("อับดุลเลาะ", "paco-narathiwat"),
    "siriporn": ("ศิริพร", "nesdc"),
    "maroning": ("มะรอนิง", "pao-pattani"),
}

# Notes of the demo boards (boards.demo.UNDP_BOARDS), by their text.
NOTE_SAME_DATA = "หน่วยงานจังหวัดใช้ข้อมูลครัวเรือนเปราะบางชุดเดียวกัน"
NOTE_SELL_DIRECT = "เกษตรกรรายย่อยขายผลผลิตให้โรงเรียนและโรงพยาบาลในจังหวัดได้โดยตรง"
NOTE_YOUTH = "คนรุ่นใหม่กลับมาทำเกษตรที่บ้านเพราะมีรายได้มั่นคง"
NOTE_JOINT_PLAN = "มีแผนปฏิบัติการร่วมที่ทุกหน่วยงานรับไปทำจริง"
NOTE_NO_OWNER = "โครงการจบแล้วไม่มีใครเป็นเจ้าภาพต่อ"
NOTE_SPLIT_BUDGET = "งบประมาณแยกกันตามกรม ทำงานร่วมกันยาก"
NOTE_GLUT = "ผลผลิตล้นตลาด ราคาตกทุกปีช่วงเดียวกัน"
NOTE_SAME_CROP = "เกษตรกรปลูกตามกันเพราะไม่มีข้อมูลตลาดล่วงหน้า"
NOTE_DATA_APART = "ข้อมูลผลผลิตและความต้องการอยู่คนละหน่วยงาน ไม่เชื่อมกัน"
PERSONA_VENDOR = "ก๊ะนะ แม่ค้าผักริมทาง"
PERSONA_FISHER = "บังฟาริด ชาวประมงพื้นบ้าน"

POLICY_TITLE = (
    f"ข้อเสนอเชิงนโยบาย: ข้อมูลครัวเรือนเปราะบางและข้อมูลตลาดอาหารชุดเดียวของสามจังหวัดชายแดนใต้ ({EXAMPLE})"
)
PROJECT_TITLE = f"โครงการตลาดอาหารชุมชนเชื่อมโรงเรียนและโรงพยาบาล ({EXAMPLE})"
PLAN_TITLE = f"แผนปฏิบัติการร่วม ระบบอาหารและการเกษตรในท้องถิ่นชายแดนใต้ ({EXAMPLE})"
COMMUNITY_NAME = f"ชุมชนนวัตกรและผู้นำการเปลี่ยนแปลงระบบอาหารชายแดนใต้ ({EXAMPLE})"
CURRICULUM_TITLE = f"หลักสูตรพัฒนาศักยภาพผู้ปฏิบัติงานในท้องถิ่น: ออกแบบนโยบายที่เข้าใจมนุษย์ ({EXAMPLE})"


@dataclass
class DemoOutputs:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + n

    @property
    def total(self) -> int:
        return sum(self.created.values())

    def __str__(self) -> str:
        if not self.created:
            return "Demo outputs: nothing to add."
        return "Demo outputs created: " + ", ".join(f"{k} {n}" for k, n in self.created.items())


@dataclass
class _Context:
    lab: Lab
    by: Any
    recorder: Any  # the demo administrator: records endorsements and pledges for agencies
    directory: _Directory
    today: dt.date
    summary: DemoOutputs

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    def org(self, key: str) -> Organisation:
        return self.directory.organisation(key)

    def notes(self, *texts: str) -> list[Note]:
        found = {
            note.text: note
            for note in Note.objects.filter(
                board__lab=self.lab, text__in=texts, deleted_at__isnull=True
            )
        }
        return [found[text] for text in texts if text in found]

    def personas(self, *names: str) -> list[Persona]:
        return list(Persona.objects.filter(lab=self.lab, name__in=names).order_by("pk"))


def _lab() -> Lab | None:
    wanted = compact(UNDP.name_th)
    return next((lab for lab in Lab.objects.all() if compact(lab.name_th) == wanted), None)


def _owner(ctx: _Context, key: str) -> Person:
    first_name, org_key = OWNERS[key]
    organisation = ctx.org(org_key)
    person = Person.objects.filter(
        first_name_th=first_name, affiliations__organisation=organisation
    ).first()
    if person is None:
        person = person_create(
            by=ctx.by,
            first_name_th=first_name,
            position=f"เจ้าหน้าที่ประสานงาน ({EXAMPLE})",
            organisation=organisation,
            tags=[EXAMPLE_TAG],
        )
        ctx.summary.add("person")
    return person


# --- Proposals -----------------------------------------------------------------------


def _policy(ctx: _Context) -> Proposal:
    existing = Proposal.objects.filter(lab=ctx.lab, title_th=POLICY_TITLE).first()
    if existing is not None:
        return existing
    proposal = proposals.proposal_create(
        lab=ctx.lab,
        by=ctx.by,
        kind=Proposal.Kind.POLICY,
        on=ctx.day(-75),
        from_notes=ctx.notes(NOTE_SAME_DATA, NOTE_DATA_APART, NOTE_SAME_CROP, NOTE_GLUT),
        from_personas=ctx.personas(PERSONA_VENDOR, PERSONA_FISHER),
        title_th=POLICY_TITLE,
        title_en="Policy proposal: one set of data on vulnerable households and local food markets for the three southern border provinces (example)",
        challenge=ctx.lab.challenges.order_by("pk").first(),
        summary=(
            "ให้หน่วยงานระดับจังหวัดใช้ข้อมูลครัวเรือนเปราะบาง ข้อมูลผลผลิต และความต้องการอาหารชุดเดียวกัน "
            "เพื่อวางแผนการผลิตและการคุ้มครองทางสังคมร่วมกัน"
        ),
        problem=(
            "- ผลผลิตล้นตลาด ราคาตกทุกปีช่วงเดียวกัน\n"
            "- เกษตรกรปลูกตามกันเพราะไม่มีข้อมูลตลาดล่วงหน้า\n"
            "- ข้อมูลผลผลิตและความต้องการอยู่คนละหน่วยงาน ไม่เชื่อมกัน\n"
            "- ครัวเรือนเปราะบางถูกนับซ้ำหรือตกหล่น เพราะแต่ละหน่วยงานใช้ข้อมูลของตนเอง"
        ),
        evidence=(
            "การทบทวนและถอดบทเรียนหนึ่งปีของแพลตฟอร์มนวัตกรรมทางสังคม และการประชุมเชิงปฏิบัติการ "
            "ความหวังและความกังวล เพอร์โซนากลุ่มคนเปราะบาง และภูเขาน้ำแข็ง (ตัวอย่าง)"
        ),
        affected_groups="ผู้มีรายได้น้อย\nแรงงานนอกระบบ\nผู้หญิง\nผู้อยู่ในพื้นที่ห่างไกล",
        options=(
            "1. คงเดิม: แต่ละหน่วยงานเก็บและใช้ข้อมูลของตนเอง\n"
            "2. จัดทำชุดข้อมูลกลางระดับจังหวัด โดยหน่วยงานหนึ่งเป็นเจ้าภาพ\n"
            "3. เชื่อมข้อมูลของหน่วยงานเดิมผ่านมาตรฐานกลาง โดยไม่ย้ายข้อมูล"
        ),
        recommendation="เลือกทางที่ 2 นำร่องหนึ่งปีในสามจังหวัด",
        agencies=[ctx.org(key) for key in ("nesdc", "sbpac", "ppho-pattani", "pao-pattani")],
        personas=ctx.personas(PERSONA_VENDOR, PERSONA_FISHER),
        sdgs=list(Goal.objects.filter(number__in=(1, 2, 12, 17))),
    )
    # A second version, after the room's comments: the history shows what changed.
    proposals.proposal_update(
        proposal=proposal,
        by=ctx.by,
        recommendation=(
            "เลือกทางที่ 2 นำร่องหนึ่งปีในสามจังหวัด โดย สศช. เป็นเจ้าภาพชุดข้อมูลกลาง "
            "และ ศอ.บต. ประสานหน่วยงานในพื้นที่ แล้วจึงขยายเป็นทางที่ 3"
        ),
        agencies=[
            ctx.org(key) for key in ("nesdc", "sbpac", "ppho-pattani", "pao-pattani", "ppho-yala")
        ],
    )
    for status, offset in (
        (Proposal.Status.SUBMITTED, -50),
        (Proposal.Status.UNDER_CONSIDERATION, -20),
    ):
        proposals.proposal_set_status(
            proposal=proposal,
            by=ctx.by,
            status=status,
            date=ctx.day(offset),
            note=f"เสนอต่อคณะทำงานระดับจังหวัด ({EXAMPLE})"
            if status == Proposal.Status.SUBMITTED
            else "",
        )
    proposals.endorsement_add(
        proposal=proposal,
        by=ctx.recorder,
        organisation=ctx.org("sbpac"),
        statement=f"ศอ.บต. พร้อมเป็นหน่วยประสานการนำร่องในพื้นที่ ({EXAMPLE})",
    )
    proposals.comment_add(
        proposal=proposal,
        by=ctx.recorder,
        text=f"ควรระบุว่าข้อมูลชุดใดเปิดเผยได้ และข้อมูลส่วนบุคคลจะคุ้มครองอย่างไร ({EXAMPLE})",
    )
    ctx.summary.add("proposal")
    return proposal


# (organisation key, kind, amount, unit, description, status)
PLEDGES = (
    ("sbpac", Pledge.Kind.MONEY, Decimal(1_000_000), "", "งบพัฒนาจังหวัดชายแดนภาคใต้", "confirmed"),
    ("pao-pattani", Pledge.Kind.STAFF, Decimal(4), "คน", "นักส่งเสริมการเกษตรประจำอำเภอ", "confirmed"),
    ("ppho-yala", Pledge.Kind.DATA, Decimal(1), "ชุดข้อมูล", "ข้อมูลภาวะโภชนาการของนักเรียน", "delivered"),
    ("paco-narathiwat", Pledge.Kind.VENUE, Decimal(6), "วัน", "ห้องประชุมของสหกรณ์จังหวัด", "offered"),
    ("opdc", Pledge.Kind.STAFF, Decimal(2), "คน", "ผู้อำนวยการกระบวนการออกแบบบริการ", "offered"),
    ("nesdc", Pledge.Kind.MONEY, Decimal(300_000), "", "ทุนศึกษาความเป็นไปได้", "withdrawn"),
)


def _project(ctx: _Context) -> Proposal:
    existing = Proposal.objects.filter(lab=ctx.lab, title_th=PROJECT_TITLE).first()
    if existing is not None:
        return existing
    proposal = proposals.proposal_create(
        lab=ctx.lab,
        by=ctx.by,
        kind=Proposal.Kind.PROJECT,
        on=ctx.day(-70),
        from_notes=ctx.notes(NOTE_SELL_DIRECT, NOTE_YOUTH, NOTE_NO_OWNER),
        from_personas=ctx.personas(PERSONA_VENDOR),
        title_th=PROJECT_TITLE,
        title_en="Community food market linking schools and hospitals (example)",
        challenge=ctx.lab.challenges.order_by("pk").first(),
        summary="ให้เกษตรกรรายย่อยและประมงพื้นบ้านขายผลผลิตให้โรงเรียนและโรงพยาบาลในจังหวัดได้โดยตรง",
        objectives=(
            "- เกษตรกรรายย่อยมีตลาดที่รับซื้อแน่นอนทุกสัปดาห์\n"
            "- โรงเรียนและโรงพยาบาลได้อาหารสดจากในจังหวัด\n"
            "- คนรุ่นใหม่กลับมาทำเกษตรเพราะมีรายได้มั่นคง"
        ),
        activities=(
            "- ทำข้อตกลงรับซื้อกับโรงเรียนและโรงพยาบาลนำร่อง 6 แห่ง\n"
            "- ปฏิทินการเพาะปลูกร่วม ตามความต้องการของผู้รับซื้อ\n"
            "- ห้องเย็นชุมชนสำหรับผักและสัตว์น้ำ"
        ),
        budget=Decimal("2500000"),
        support_asked="งบประมาณ นักส่งเสริมการเกษตร ข้อมูลความต้องการอาหาร และสถานที่จัดประชุม",
        agencies=[ctx.org(key) for key in ("sbpac", "pao-pattani", "paco-pattani")],
        personas=ctx.personas(PERSONA_VENDOR),
        sdgs=list(Goal.objects.filter(number__in=(2, 12))),
    )
    proposals.proposal_set_status(
        proposal=proposal, by=ctx.by, status=Proposal.Status.SUBMITTED, date=ctx.day(-30)
    )
    for key, kind, amount, unit, description, status in PLEDGES:
        pledge = proposals.pledge_add(
            proposal=proposal,
            by=ctx.recorder,
            organisation=ctx.org(key),
            kind=kind,
            amount=amount,
            unit=unit,
            description=f"{description} ({EXAMPLE})",
        )
        if status != Pledge.Status.OFFERED:
            proposals.pledge_update(pledge=pledge, by=ctx.recorder, status=status)
        ctx.summary.add("pledge")
    proposals.endorsement_add(proposal=proposal, by=ctx.recorder, organisation=ctx.org("nesdc"))
    ctx.summary.add("proposal")
    return proposal


# --- The joint action plan ------------------------------------------------------------


@dataclass(frozen=True)
class DemoAction:
    ref: str
    title: str
    lead: str
    supporting: tuple[str, ...]
    owner: str | None
    start: int  # days from today
    due: int
    state: str = Status.NOT_STARTED
    # (days from today, percent, text, status or "")
    updates: tuple[tuple[int, int, str, str], ...] = ()
    # (title, due in days from today, reached in days from today or None)
    milestones: tuple[tuple[str, int, int | None], ...] = ()
    notes: tuple[str, ...] = ()
    personas: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()


ACTIONS = (
    DemoAction(
        "1.1",
        "จัดทำชุดข้อมูลครัวเรือนเปราะบางชุดเดียวของสามจังหวัด",
        "nesdc",
        ("sbpac", "ppho-pattani", "ppho-yala", "ppho-narathiwat"),
        "siriporn",
        -90,
        60,
        updates=(
            (-40, 20, "ตกลงรายการข้อมูลกลาง 24 รายการกับทุกหน่วยงานแล้ว", ""),
            (-8, 40, "เชื่อมข้อมูลจังหวัดปัตตานีและยะลาแล้ว นราธิวาสอยู่ระหว่างตรวจสอบ", ""),
        ),
        milestones=(("ตกลงชุดข้อมูลกลาง", -50, -45), ("เชื่อมข้อมูลครบสามจังหวัด", 30, None)),
        notes=(NOTE_SAME_DATA, NOTE_DATA_APART),
    ),
    DemoAction(
        "1.2",
        "ลดแบบฟอร์มขอรับการสนับสนุนของเกษตรกรจากสามชุดเหลือชุดเดียว",
        "sbpac",
        ("opdc", "paco-pattani", "paco-yala", "paco-narathiwat"),
        "amina",
        -60,
        -10,
        updates=((-25, 60, "ร่างแบบฟอร์มเดียวเสร็จแล้ว รอความเห็นจากสหกรณ์จังหวัด", ""),),
        milestones=(("ร่างแบบฟอร์มเดียว", -30, -26), ("ประกาศใช้แบบฟอร์มใหม่", -10, None)),
        notes=(NOTE_SPLIT_BUDGET,),
    ),
    DemoAction(
        "2.1",
        "ทำข้อตกลงรับซื้อผลผลิตกับโรงเรียนและโรงพยาบาลนำร่อง 6 แห่ง",
        "pao-pattani",
        ("ppho-pattani", "paco-pattani"),
        "maroning",
        -45,
        45,
        updates=(
            (-20, 15, "โรงเรียน 3 แห่งลงนามแล้ว", ""),
            (-5, 25, "โรงพยาบาลสองแห่งยังติดระเบียบการจัดซื้อ ต้องหารือกับจังหวัด", Status.AT_RISK),
        ),
        milestones=(("ลงนามกับโรงเรียน 3 แห่ง", -20, -20), ("ลงนามกับโรงพยาบาล 3 แห่ง", 20, None)),
        notes=(NOTE_SELL_DIRECT,),
        personas=(PERSONA_VENDOR,),
    ),
    DemoAction(
        "2.2",
        "ห้องเย็นชุมชนและการแปรรูปสัตว์น้ำสำหรับประมงพื้นบ้าน",
        "paco-narathiwat",
        ("pao-pattani",),
        "abdullah",
        20,
        140,
        personas=(PERSONA_FISHER,),
    ),
    DemoAction(
        "2.3",
        "ปฏิทินการเพาะปลูกร่วมและข้อมูลราคาตลาดล่วงหน้า",
        "pao-yala",
        ("nesdc",),
        "wilaiwan",
        -120,
        -20,
        updates=(
            (-60, 50, "รวบรวมความต้องการของผู้รับซื้อในจังหวัดแล้ว", ""),
            (-22, 100, "เผยแพร่ปฏิทินการเพาะปลูกร่วมฉบับแรกแก่เกษตรกร 12 กลุ่ม", ""),
        ),
        notes=(NOTE_SAME_CROP, NOTE_GLUT),
    ),
    DemoAction(
        "3.1",
        "ตั้งชุมชนนวัตกรและผู้นำการเปลี่ยนแปลงระดับท้องถิ่น",
        "undp",
        ("thailand-policy-lab", "nesdc"),
        None,
        -30,
        90,
        updates=((-12, 30, "ประชุมออนไลน์ครั้งแรก สมาชิก 18 คนจาก 11 หน่วยงาน", ""),),
        notes=(NOTE_NO_OWNER,),
    ),
    DemoAction(
        "3.2",
        "ออกแบบหลักสูตรอบรมผู้ปฏิบัติงานในท้องถิ่นร่วมกับผู้เข้าร่วม",
        "thailand-policy-lab",
        ("baan-phulita", "opdc"),
        "sulaiman",
        -40,
        30,
        updates=((-3, 50, "ออกแบบโมดูลแล้ว 3 จาก 5 โมดูล", ""),),
    ),
    DemoAction(
        "4.1",
        "รายงานความคืบหน้าของแผนต่อคณะทำงานระดับจังหวัดทุกไตรมาส",
        "sbpac",
        ("nesdc",),
        "amina",
        0,
        180,
        notes=(NOTE_JOINT_PLAN,),
        depends_on=("1.1", "2.1"),
    ),
)


def _plan(ctx: _Context, project: Proposal) -> ActionPlan | None:
    if ActionPlan.objects.filter(lab=ctx.lab, title_th=PLAN_TITLE).exists():
        return None
    plan = plans.plan_create(
        lab=ctx.lab,
        # plan_create keeps `by` as the plan's author: an account or nobody.
        by=ctx.by if getattr(ctx.by, "is_authenticated", False) else None,
        title_th=PLAN_TITLE,
        title_en="Joint action plan: local food and agriculture in the southern border region (example)",
        description="แผนที่ทุกหน่วยงานรับไปทำ จากการประชุมเชิงปฏิบัติการและข้อเสนอโครงการ (ตัวอย่าง)",
        challenge=ctx.lab.challenges.order_by("pk").first(),
        proposal=project,
    )
    made: dict[str, Action] = {}
    for spec in ACTIONS:
        action = plans.action_create(
            plan=plan,
            by=ctx.by,
            ref=spec.ref,
            title_th=spec.title,
            lead_agency=ctx.org(spec.lead),
            supporting=[ctx.org(key) for key in spec.supporting],
            owner=_owner(ctx, spec.owner) if spec.owner else None,
            start_date=ctx.day(spec.start),
            due_date=ctx.day(spec.due),
            depends_on=[made[ref] for ref in spec.depends_on],
        )
        made[spec.ref] = action
        for title, due, reached in spec.milestones:
            plans.milestone_save(
                action=action,
                by=ctx.by,
                title=title,
                due_date=ctx.day(due),
                done_on=ctx.day(reached) if reached is not None else None,
            )
        for offset, percent, text, state in spec.updates:
            plans.progress_add(
                action=action,
                by=ctx.by,
                text=f"{text} ({EXAMPLE})",
                percent_complete=percent,
                state=state,
                by_organisation=action.lead_agency,
                when=timezone.now() + dt.timedelta(days=offset),
            )
        if spec.notes or spec.personas:
            lineage.link(
                by=ctx.by,
                notes=ctx.notes(*spec.notes),
                personas=ctx.personas(*spec.personas),
                action=action,
            )
        ctx.summary.add("action")
    ctx.summary.add("plan")
    return plan


# --- Community of practice and training curriculum ---------------------------------------

MODULES = (
    (
        "ความหวังของคน (Hopes & Fears)",
        "ผู้ปฏิบัติงานอยากฟังความหวังและความกังวลของประชาชนก่อนออกแบบโครงการ",
        "ถอดรหัสความหวังของประชาชน และนั่งเข้าไปอยู่ในชีวิตของผู้ใช้นโยบาย",
        Decimal(3),
    ),
    (
        "กลุ่มคนเปราะบาง (Personas)",
        "นโยบายที่ผ่านมามองไม่เห็นกลุ่มคนเปราะบางบางกลุ่ม",
        "สร้างเพอร์โซนาเพื่อออกแบบนโยบายแบบไม่ทิ้งใครไว้ข้างหลัง",
        Decimal(3),
    ),
    (
        "ถอดรหัสความเชื่อที่ซ่อนหยั่งลึก (ภูเขาน้ำแข็ง)",
        "ปัญหาเดิมวนกลับมาทุกปี แก้ที่เหตุการณ์แต่ไม่ถึงโครงสร้าง",
        "แยกเหตุการณ์ แบบแผน โครงสร้าง และกรอบความคิด เพื่อหาจุดคานงัด",
        Decimal(3),
    ),
    (
        "การสวมบทบาทการคิด: เชิงสร้างสรรค์ เชิงบวก และเชิงลบ",
        "การประชุมมักได้ความเห็นด้านเดียว",
        "วิเคราะห์ไอเดียเป็นชั้นๆ จนถึง Pain Point ที่แท้จริง",
        Decimal(2),
    ),
    (
        "จากไอเดียสู่ข้อเสนอโครงการและแผนปฏิบัติการร่วม",
        "ไอเดียจากเวทีไม่ถูกนำไปทำต่อ เพราะไม่มีเจ้าภาพและกำหนดเวลา",
        "เขียนข้อเสนอโครงการ ขอการสนับสนุนจากหน่วยงาน และติดตามแผนร่วมกัน",
        Decimal(6),
    ),
)


def _community(ctx: _Context) -> None:
    if Community.objects.filter(lab=ctx.lab, name=COMMUNITY_NAME).exists():
        return
    outputs.community_create(
        lab=ctx.lab,
        by=ctx.by,
        name=COMMUNITY_NAME,
        purpose=(
            "เกิดชุมชนนวัตกรและผู้นำการเปลี่ยนแปลงเพื่อการพัฒนาที่ยั่งยืนในระดับท้องถิ่นจังหวัดชายแดนใต้: "
            "แลกเปลี่ยนสิ่งที่ได้ลอง สิ่งที่ได้ผลและไม่ได้ผล และช่วยกันขับเคลื่อนแผนปฏิบัติการร่วม"
        ),
        meets="ประชุมออนไลน์ทุกเดือน และพบกันในจังหวัดทุกไตรมาส (ตัวอย่าง)",
        members=[_owner(ctx, key) for key in OWNERS],
        organisations=[
            ctx.org(key)
            for key in (
                "sbpac",
                "nesdc",
                "pao-pattani",
                "ppho-yala",
                "paco-narathiwat",
                "baan-phulita",
            )
        ],
    )
    ctx.summary.add("community")


def _curriculum(ctx: _Context) -> None:
    if Curriculum.objects.filter(lab=ctx.lab, title=CURRICULUM_TITLE).exists():
        return
    curriculum = outputs.curriculum_create(
        lab=ctx.lab,
        by=ctx.by,
        title=CURRICULUM_TITLE,
        audience="ผู้ปฏิบัติงานในท้องถิ่นจากภาครัฐ ภาคประชาสังคม ภาควิชาการ และภาคเอกชน",
        description=(
            "สร้างกลยุทธ์การพัฒนาศักยภาพผู้ปฏิบัติงานในท้องถิ่น และออกแบบหลักสูตรการอบรมอย่างมีส่วนร่วม "
            "สอดคล้องตามความต้องการของผู้ปฏิบัติงานในภาคส่วนต่างๆ (ตัวอย่าง)"
        ),
    )
    designers = [_owner(ctx, key) for key in ("sulaiman", "wilaiwan", "maroning")]
    for title, needs, objectives, hours in MODULES:
        outputs.module_save(
            curriculum=curriculum,
            by=ctx.by,
            title=title,
            needs=needs,
            objectives=objectives,
            hours=hours,
            designed_with=designers,
        )
    ctx.summary.add("curriculum")


def build_demo_outputs(*, by: Any = None) -> DemoOutputs:
    """Proposals, pledges, a joint action plan, a community of practice and
    a training curriculum for the demo's southern food-system lab."""
    summary = DemoOutputs()
    lab = _lab()
    if lab is None:
        return summary
    admin_email = next(a.email for a in DEMO_ACCOUNTS if a.is_administrator)
    recorder = get_user_model().objects.filter(email=admin_email).first()
    with transaction.atomic():
        ctx = _Context(
            lab=lab,
            by=by,
            recorder=recorder or by,
            directory=_Directory(),
            today=timezone.localdate(),
            summary=summary,
        )
        _policy(ctx)
        project = _project(ctx)
        _plan(ctx, project)
        _community(ctx)
        _curriculum(ctx)
    return summary
