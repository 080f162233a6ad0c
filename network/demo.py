"""Who took part in the demo's events, so that the network has something to
show (manage.py loaddemo, last).

The seed pages name the agencies in their rooms and hardly any person. What
follows is ours and titled as examples: the example people of
directory/demo/examples.py registered for the five seed workshops, ticked
in to their sessions (a few leave early) and put in breakout groups by
`workshops.services.groups_auto_assign` (agencies mixed, sectors spread);
the ป.ย.ป. course's two groups, one per challenge, filled by the agencies of
each challenge; and what came after, so that ties can be seen to last:

- the ป.ย.ป. course's prototype day (August 2023), its joint action plans
  of 2024–2025 and a pilot forum in Yala (July 2024), where agencies that
  first met in the course's groups meet again;
- a members-only lab on Chiang Mai's PM2.5 haze (2025), whose ties only
  administrators see (the network's scope rule).

The shape that results: a southern food-systems cluster, a central reform
cluster around สำนักงาน ก.พ.ร. and the OECD review, the ป.ย.ป. cohort,
the international TIPC and KRI rooms hanging on a few Thai brokers, and
islands (agencies that did no shared work, and in the public view the
Chiang Mai lab's local partners).

Registrations and attendance of past workshops are bulk inserts, one audit
entry per workshop: the registration service closes registration once a
workshop has ended, which is right for people and wrong for a demo.
Everything else goes through the services.

Idempotent like the other demo builders: organisations and people are found
again by name, a workshop that has registrations is left as it is, a
session that has groups keeps them, labs, workshops and plans are found by
title. `build_demo_network()` then extracts every tie again and analyses
the network, so the map has data straight away (a run that added nothing,
over analyses already there, leaves them be).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from audit.services import audit_record
from directory.demo.builder import _ordered, _organisation_index, _people_index, _person_keys
from directory.demo.data import ORGANISATIONS, PEOPLE
from directory.demo.examples import EXAMPLE_ORGANISATIONS, EXAMPLE_TAG, Example, example_people
from directory.models import Organisation, Person, Province
from directory.services import affiliation_add, organisation_create, person_create
from labs.demo.events import DRUGS_TITLE, EDUCATION_TITLE, KRI, OECD, PMDU, TIPC, UNDP, LabData
from labs.models import Challenge, Goal, Lab, Process, Role
from lib.thai.text import compact
from workshops.models import Attendance, GroupMember, Registration, Workshop
from workshops.services import group_member_move, groups_auto_assign, session_add, workshop_create
from workshops.times import make_event_time

EXAMPLE = "ตัวอย่าง"


# --- Who was in which room ------------------------------------------------------------
#
# People are named by reference: "<organisation key>:<n>" for the n-th
# example person of an organisation (directory/demo/examples.py), a key of
# directory.demo.data.PEOPLE ("areepan"), or "owner:<key>" for the demo
# boards' participants who own actions (actions/demo.py).


def _staff(organisation: str, count: int, first: int = 0) -> list[str]:
    return [f"{organisation}:{n}" for n in range(first, first + count)]


def _each(organisations: Iterable[str], count: int) -> list[str]:
    return [ref for key in organisations for ref in _staff(key, count)]


SOUTH = ("pattani", "yala", "narathiwat")

# 003: the southern workshop, 28–30 June 2022 (the page: "สภาพัฒน์ เกษตรจังหวัด
# เกษตรและสหกรณ์ สสจ ศอบต. มหาวิทยาลัย หน่วยงานเอกชน ภาคประชาสังคม ภาคประชาชน").
UNDP_ROOM = [
    *_staff("nesdc", 3),
    *_staff("sbpac", 4),
    *_each((f"pao-{p}" for p in SOUTH), 2),
    *_each((f"paco-{p}" for p in SOUTH), 2),
    *_each((f"ppho-{p}" for p in SOUTH), 2),
    *_staff("undp", 2),
    *_staff("thailand-policy-lab", 3),
    *_each(("psu-pattani", "yru", "pnu"), 2),
    "fatoni:0",
    *_staff("pattani-chamber", 2),
    "yala-chamber:0",
    *_staff("raks-thai", 2),
    "biothai:0",
    "aan:0",
    "ldi:0",
    "baan-phulita:0",
    "chain",
    *_each(("ppao-pattani", "ppao-yala", "ppao-narathiwat", "yala-city", "pattani-town"), 1),
    "cdd-pattani:0",
    "baac:0",
    "health-area-12:0",
    "thaihealth:0",
    "youth-health-network:0",
    "nhco:0",
    *(
        f"owner:{key}"
        for key in ("amina", "sulaiman", "wilaiwan", "abdullah", "siriporn", "maroning")
    ),
]

# 002: the ป.ย.ป. course's preparation day, 19 May 2023, one group per challenge.
PMDU_EDUCATION = [
    "moe:0",
    *_staff("ops-moe", 2),
    *_staff("obec", 2),
    *_staff("ovec", 2),
    *_staff("onec", 2),
    *_staff("dcy", 2),
    "dsdw:0",
    "yala-esa-1:0",
    "khonkaen-city:0",
    "dla:0",
]
PMDU_DRUGS = [
    "moph:0",
    "dms:0",
    *_staff("pmnidat", 2),
    "dmh:0",
    "ppho-khonkaen:0",
    "moj:0",
    *_staff("oncb", 2),
    *_staff("dop", 2),
    "doc:0",
    "rtp:0",
    *_staff("ncb", 2),
    "mod:0",
    *_staff("rta", 2),
    *_staff("pacc", 2),
    *_staff("amlo", 2),
    "moi:0",
    *_staff("dopa", 2),
    "dopa-yala:0",
    "ops-msdhs:0",
]
PMDU_ROOM = [*_staff("pmdu", 2), "opdc-innovation:0", *PMDU_EDUCATION, *PMDU_DRUGS]

# 004: the OECD review, 1–5 April 2019: the chairs and the seven experts every
# day, and each day's agencies ("กว่า 27 หน่วยงาน", public, private, civil society).
OECD_EVERY_DAY = [
    "areepan",
    "wipada",
    "opdc-innovation:0",
    *(f"oecd-{name}" for name in ("bellantoni", "ubaldi", "hinsberg", "rivera", "klein")),
    "oecd-routzouni",
    "oecd-low",
]
OECD_DAYS = [
    # Digital government: its governance.
    [*_staff("mdes", 2), *_staff("dga", 2), "etda:0", "nso:0", "thailand-policy-lab:0"],
    # Open government and inclusiveness.
    ["oic:0", "prd:0", "kpi:0", "bma:0", "act:0", "opdc-governance-institute:0"],
    # Civil society and academics on participation.
    ["ffc:0", "ldi:0", "tdri:0", "chula-polsci:0", "tu:0", "nida:0", "thaihealth:1", "codi:0"],
    # An enabling environment: skills and rules.
    [*_staff("ocsc", 2), "bb:0", "cgd:0", "opdc-secretariat:0", "pmdu:0"],
    # Public sector innovation.
    ["nia:0", "dga:1", "opdc-innovation:1", "tcc:0", "fti:0", "opendream:0", "nesdc:0"],
]

# 001: the KRI-OPDC symposium in Hanoi, 25–27 April 2018.
KRI_ROOM = [
    "areepan",
    *_staff("opdc-international", 2),
    "pmdu:0",  # then at สำนักงาน ก.พ.ร.'s innovation division
    *_staff("vn-isos", 2),
    "kri:0",
    "aks:0",
    "sg-psd:0",
    "my-jpa:0",
]

# 000: the TIPC session online, 9 February 2022; its speakers ran the breakouts.
TIPC_ROOM = [
    *("uk-nour", "uk-david", "uk-clare", "tipc-ed", "tipc-vicky"),
    *_staff("thailand-policy-lab", 2),
    "nesdc:0",
    *_staff("opdc-innovation", 2),
    "dga:1",
    "undp:0",
    "nia:0",
    "cmmu:0",
]


@dataclass(frozen=True)
class Breakout:
    session: int  # index of the session in the workshop, by start
    groups: int
    seed: int = 0


@dataclass(frozen=True)
class SessionSpec:
    title_th: str
    title_en: str
    day: dt.date
    start: dt.time
    end: dt.time
    description: str = ""


@dataclass(frozen=True)
class WorkshopSpec:
    """A workshop the pages do not record (an example), or one they do (title
    None: the lab's seed workshop)."""

    title_th: str | None
    title_en: str = ""
    description: str = ""
    venue: str = ""
    time_zone: str = "Asia/Bangkok"
    format: str = Workshop.Format.ONSITE
    sessions: tuple[SessionSpec, ...] = ()
    challenges: tuple[str, ...] = ()  # titles of the lab's challenges


@dataclass(frozen=True)
class Room:
    lab: str  # the lab's Thai name
    workshop: WorkshopSpec
    people: Sequence[str]
    breakouts: tuple[Breakout, ...] = ()
    # Who attended which session (by index), when not everyone: a function
    # of the session index returning the people there.
    by_session: Callable[[int], Sequence[str]] | None = None
    drop_out: bool = True  # a few people miss a session


def _t(hour: int, minute: int = 0) -> dt.time:
    return dt.time(hour, minute)


SEED_WORKSHOP = WorkshopSpec(title_th=None)

PROTOTYPE_DAY = WorkshopSpec(
    title_th=f"การทดสอบต้นแบบแนวทางการขับเคลื่อนโจทย์บูรณาการ ({EXAMPLE})",
    title_en="Testing the prototypes of the integration challenges (example)",
    description=(
        "ผู้เข้าร่วมหลักสูตร ป.ย.ป. นำต้นแบบแนวทางการดำเนินงานของแต่ละโจทย์มาทดสอบกับผู้มีส่วนได้ส่วนเสีย "
        f"และปรับแผนการดำเนินการ ({EXAMPLE})"
    ),
    venue="ห้องประชุมสำนักงาน ก.พ.ร. ศูนย์ราชการ ฯ แจ้งวัฒนะ",
    sessions=(
        SessionSpec(
            "นำเสนอต้นแบบของแต่ละโจทย์",
            "Presenting each challenge's prototype",
            dt.date(2023, 8, 24),
            _t(9),
            _t(12),
        ),
        SessionSpec(
            "ทดสอบต้นแบบในกลุ่มคละหน่วยงาน",
            "Testing the prototypes in mixed groups",
            dt.date(2023, 8, 24),
            _t(13),
            _t(16),
        ),
    ),
    challenges=(EDUCATION_TITLE, DRUGS_TITLE),
)
PROTOTYPE_ROOM = [
    *_staff("pmdu", 2),
    # From the education group.
    *("moe:0", "ops-moe:0", "obec:0", "ovec:0", "onec:0", "dcy:0", "dsdw:0", "yala-esa-1:0"),
    # From the drugs group.
    *("dms:0", "pmnidat:0", "dmh:0", "oncb:0", "dop:0", "dop:1", "ncb:0", "rta:0"),
    *("pacc:0", "amlo:0", "dopa:0", "dopa-yala:0", "ops-msdhs:0"),
]

YALA_FORUM = WorkshopSpec(
    title_th=f"เวทีขับเคลื่อนการบำบัดรักษาผู้เสพยาเสพติดโดยชุมชน จังหวัดยะลา ({EXAMPLE})",
    title_en="Forum on community-based drug treatment in Yala (example)",
    description=(
        "หน่วยงานในพื้นที่และส่วนกลางทบทวนครึ่งปีแรกของการนำร่องศูนย์คัดกรองและบำบัดโดยชุมชน "
        f"และวางแผนการฝึกอาชีพให้ผู้ผ่านการบำบัด ({EXAMPLE})"
    ),
    venue="ศาลากลางจังหวัดยะลา",
    sessions=(
        SessionSpec(
            "ทบทวนการนำร่องครึ่งปีแรก",
            "Reviewing the first half-year of the pilot",
            dt.date(2024, 7, 11),
            _t(9),
            _t(12),
        ),
        SessionSpec(
            "วางแผนการฝึกอาชีพและการติดตามผล",
            "Planning vocational training and follow-up",
            dt.date(2024, 7, 11),
            _t(13),
            _t(16),
        ),
    ),
    challenges=(DRUGS_TITLE,),
)
YALA_ROOM = [
    "dop:0",
    *_staff("dop-yala", 2),
    "pmnidat:1",
    "pattani-treatment:0",
    *_staff("sbpac", 2),
    "ppho-yala:0",
    "dopa-yala:0",
    "sdhs-yala:0",
    "oncb-9:0",
    "yala-city:0",
    "ppao-yala:0",
    "yru:0",
    "raks-thai:0",
    "pmdu:1",
    "doe:0",
    "yala-chamber:0",
]

# An example lab, members only: its ties are in the network only for
# administrators (scope "all").
HAZE_LAB = f"ห้องปฏิบัติการนโยบายฝุ่น PM2.5 จังหวัดเชียงใหม่ ({EXAMPLE})"
HAZE_CHALLENGE = f"ลดการเผาในที่โล่งและผลกระทบต่อสุขภาพจากฝุ่น PM2.5 ในจังหวัดเชียงใหม่ ({EXAMPLE})"
HAZE_WORKSHOP = WorkshopSpec(
    title_th=f"ออกแบบมาตรการลดการเผาร่วมกับชุมชน ({EXAMPLE})",
    title_en="Designing measures against burning with communities (example)",
    description=f"ภาครัฐ ท้องถิ่น มหาวิทยาลัย และภาคประชาสังคมของเชียงใหม่ออกแบบมาตรการร่วมกัน ({EXAMPLE})",
    venue="มหาวิทยาลัยเชียงใหม่",
    sessions=(
        SessionSpec(
            "ข้อมูลฝุ่นและจุดความร้อนของฤดูที่ผ่านมา",
            "Last season's dust and hotspot data",
            dt.date(2025, 2, 12),
            _t(9),
            _t(12),
        ),
        SessionSpec(
            "ออกแบบมาตรการในกลุ่มคละหน่วยงาน",
            "Designing measures in mixed groups",
            dt.date(2025, 2, 12),
            _t(13),
            _t(16),
        ),
    ),
    challenges=(HAZE_CHALLENGE,),
)
HAZE_ROOM = [
    *_staff("pcd", 2),
    *_staff("tnr-chiangmai", 2),
    *_staff("ppho-chiangmai", 2),
    *_staff("ppao-chiangmai", 2),
    *_staff("chiangmai-city", 2),
    *_staff("cmu", 3),
    *_staff("breathe-cm", 3),
]


def _oecd_day(index: int) -> list[str]:
    return [*OECD_EVERY_DAY, *OECD_DAYS[index]]


ROOMS: list[Room] = [
    Room(KRI.name_th, SEED_WORKSHOP, KRI_ROOM, (Breakout(3, 2, seed=1),)),
    Room(
        OECD.name_th,
        SEED_WORKSHOP,
        [ref for day in OECD_DAYS for ref in day] + OECD_EVERY_DAY,
        (Breakout(2, 2, seed=2),),
        by_session=_oecd_day,
        drop_out=False,
    ),
    Room(TIPC.name_th, SEED_WORKSHOP, TIPC_ROOM, (Breakout(1, 2, seed=3),)),
    Room(
        UNDP.name_th,
        SEED_WORKSHOP,
        UNDP_ROOM,
        (
            Breakout(1, 6, seed=4),
            Breakout(2, 6, seed=5),
            Breakout(3, 6, seed=6),
            Breakout(4, 6, seed=7),
            Breakout(5, 4, seed=8),
        ),
    ),
    Room(PMDU.name_th, SEED_WORKSHOP, PMDU_ROOM, drop_out=False),
    Room(PMDU.name_th, PROTOTYPE_DAY, PROTOTYPE_ROOM, (Breakout(1, 4, seed=9),)),
    Room(PMDU.name_th, YALA_FORUM, YALA_ROOM, (Breakout(1, 3, seed=10),)),
    Room(HAZE_LAB, HAZE_WORKSHOP, HAZE_ROOM, (Breakout(1, 3, seed=11),)),
]


# --- The ป.ย.ป. course's joint action plans (2024–2025) --------------------------------


@dataclass(frozen=True)
class PlanAction:
    ref: str
    title: str
    lead: str
    supporting: tuple[str, ...]
    owner: str | None
    start: dt.date
    due: dt.date
    # (day, percent, what was done, status or "")
    updates: tuple[tuple[dt.date, int, str, str], ...] = ()


@dataclass(frozen=True)
class PlanSpec:
    title_th: str
    title_en: str
    challenge: str
    description: str
    actions: tuple[PlanAction, ...] = field(default=())


PLANS = (
    PlanSpec(
        f"แผนปฏิบัติการร่วม การบำบัดรักษาผู้เสพยาเสพติดโดยชุมชนมีส่วนร่วม นำร่องจังหวัดยะลา ({EXAMPLE})",
        "Joint action plan: community-based drug treatment, piloted in Yala (example)",
        DRUGS_TITLE,
        f"แผนที่หน่วยงานของกลุ่มโจทย์ยาเสพติดในหลักสูตร ป.ย.ป. 2566 รับไปทำในปี 2567–2569 ({EXAMPLE})",
        (
            PlanAction(
                "1.1",
                "ตั้งศูนย์คัดกรองและบำบัดผู้เสพโดยชุมชนในอำเภอนำร่องของจังหวัดยะลา",
                "dop",
                ("pmnidat", "sbpac", "ppho-yala", "dopa-yala", "oncb-9"),
                "dop:1",
                dt.date(2024, 1, 15),
                dt.date(2024, 12, 31),
                (
                    (dt.date(2024, 4, 30), 40, "เปิดศูนย์คัดกรองในสามอำเภอนำร่อง", ""),
                    (dt.date(2024, 12, 20), 100, "ผู้เข้ารับการบำบัดโดยชุมชนครบปีแรก 214 คน", ""),
                ),
            ),
            PlanAction(
                "1.2",
                "เชื่อมข้อมูลผู้เข้ารับการบำบัดระหว่างสาธารณสุข ยุติธรรม และตำรวจ",
                "oncb",
                ("dms", "ncb", "dopa", "dop"),
                "oncb:1",
                dt.date(2024, 3, 1),
                dt.date(2025, 9, 30),
                (
                    (dt.date(2024, 10, 1), 50, "ตกลงชุดข้อมูลกลางและข้อตกลงการใช้ข้อมูลแล้ว", ""),
                    (dt.date(2025, 9, 15), 100, "ระบบส่งต่อข้อมูลใช้งานครบทุกหน่วยงาน", ""),
                ),
            ),
            PlanAction(
                "1.3",
                "ฝึกอาชีพและหางานให้ผู้ผ่านการบำบัด",
                "doe",
                ("dsdw", "dop-yala", "sdhs-yala", "yala-chamber"),
                "doe:0",
                dt.date(2024, 6, 1),
                dt.date(2025, 5, 31),
                ((dt.date(2025, 5, 20), 100, "ผู้ผ่านการบำบัด 86 คนได้งานหรือเริ่มอาชีพ", ""),),
            ),
            PlanAction(
                "1.4",
                "ขยายการบำบัดโดยชุมชนไปจังหวัดปัตตานีและนราธิวาส",
                "dop",
                ("sbpac", "pattani-treatment", "ppho-pattani", "ppho-narathiwat", "pmnidat"),
                "dop:0",
                dt.date(2025, 3, 1),
                dt.date(2026, 12, 31),
                ((dt.date(2026, 9, 1), 70, "เปิดศูนย์ในปัตตานีแล้ว นราธิวาสอยู่ระหว่างอบรมอาสาสมัคร", ""),),
            ),
        ),
    ),
    PlanSpec(
        f"แผนปฏิบัติการร่วม การเพิ่มโอกาสเข้าถึงการศึกษาและการมีงานทำ ({EXAMPLE})",
        "Joint action plan: widening access to education and employment (example)",
        EDUCATION_TITLE,
        f"แผนที่หน่วยงานของกลุ่มโจทย์การศึกษาในหลักสูตร ป.ย.ป. 2566 รับไปทำ ({EXAMPLE})",
        (
            PlanAction(
                "2.1",
                "ส่งต่อข้อมูลเด็กที่เสี่ยงหลุดออกจากระบบการศึกษาระหว่างโรงเรียน ท้องถิ่น และพัฒนาสังคม",
                "obec",
                ("dcy", "dla", "onec", "yala-esa-1"),
                "obec:1",
                dt.date(2024, 2, 1),
                dt.date(2024, 11, 30),
                ((dt.date(2024, 11, 15), 100, "ใช้ระบบส่งต่อในโรงเรียนนำร่อง 120 แห่ง", ""),),
            ),
            PlanAction(
                "2.2",
                "ทวิศึกษา: อาชีวศึกษารับเยาวชนนอกระบบเข้าเรียนพร้อมฝึกงาน",
                "ovec",
                ("doe", "dsdw", "khonkaen-city"),
                "ovec:1",
                dt.date(2024, 9, 1),
                dt.date(2025, 12, 31),
                ((dt.date(2025, 11, 1), 80, "เยาวชนรุ่นแรก 340 คนเข้าเรียนแล้ว", ""),),
            ),
            PlanAction(
                "2.3",
                "ติดตามเยาวชนหนึ่งปีหลังจบหลักสูตร",
                "onec",
                ("obec", "ovec", "doe"),
                "onec:0",
                dt.date(2025, 6, 1),
                dt.date(2027, 6, 30),
                ((dt.date(2026, 8, 1), 30, "ออกแบบแบบติดตามร่วมกับสถานศึกษาแล้ว", ""),),
            ),
        ),
    ),
)


# --- Building ----------------------------------------------------------------------------


@dataclass
class DemoNetwork:
    created: dict[str, int] = field(default_factory=dict)
    ties: int | None = None
    snapshots: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, kind: str, n: int = 1) -> None:
        if n:
            self.created[kind] = self.created.get(kind, 0) + n

    def __str__(self) -> str:
        made = ", ".join(f"{k} {n}" for k, n in self.created.items()) or "nothing to add"
        line = f"Demo network: {made}."
        if self.ties is not None:
            line += f" Ties: {self.ties}. Analysed: {'; '.join(self.snapshots)}."
        return line + f" ({self.seconds:.1f} s)"


@dataclass
class _Context:
    by: Any
    summary: DemoNetwork
    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    def org(self, key: str) -> Organisation:
        return self.organisations[key]

    def person(self, ref: str) -> Person | None:
        return self.people.get(ref)


def _organisations(ctx: _Context) -> None:
    """The seed pages' organisations (already there) and the examples."""
    provinces = {p.name_th: p for p in Province.objects.all()}
    index = _organisation_index()
    for org in _ordered([*ORGANISATIONS, *EXAMPLE_ORGANISATIONS]):
        found = index.get(compact(org.name_th))
        if found is None:
            found = organisation_create(
                by=ctx.by,
                name_th=org.name_th,
                name_en=org.name_en,
                abbreviation_th=org.abbreviation_th,
                abbreviation_en=org.abbreviation_en,
                sector=str(org.sector),
                kind=str(org.kind),
                parent=ctx.organisations[org.parent] if org.parent else None,
                province=provinces[org.province] if org.province else None,
                aliases=[(name, str(kind)) for name, kind in org.aliases],
            )
            index[compact(org.name_th)] = found
            ctx.summary.add("organisation")
        ctx.organisations[org.key] = found


def _people(ctx: _Context) -> None:
    """The seed pages' people, the demo boards' action owners and the examples."""
    index = _people_index()
    wanted: dict[str, int] = {}
    for someone in PEOPLE:
        for key in _person_keys(
            someone.first_name_th, someone.last_name_th, someone.first_name_en, someone.last_name_en
        ):
            if key in index:
                wanted[someone.key] = index[key]
                break
    examples = example_people()
    missing: list[Example] = []
    for example in examples:
        keys = _person_keys(
            example.first_name_th, example.last_name_th, example.first_name_en, example.last_name_en
        )
        pk = next((index[k] for k in keys if k in index), None)
        if pk is None:
            missing.append(example)
        else:
            wanted[example.key] = pk
    found = Person.objects.in_bulk(wanted.values())
    ctx.people.update({ref: found[pk] for ref, pk in wanted.items()})
    for example in missing:
        ctx.people[example.key] = _person_create(ctx, example)
    ctx.summary.add("person", len(missing))
    from actions.demo import OWNERS

    for key, (first_name, org_key) in OWNERS.items():
        owner = (
            Person.objects.filter(
                first_name_th=first_name, affiliations__organisation=ctx.org(org_key)
            )
            .order_by("pk")
            .first()
        )
        if owner is not None:
            ctx.people[f"owner:{key}"] = owner


def _person_create(ctx: _Context, example: Example) -> Person:
    person = person_create(
        by=ctx.by,
        honorific=example.honorific,
        academic_title=example.academic_title,
        first_name_th=example.first_name_th,
        last_name_th=example.last_name_th,
        first_name_en=example.first_name_en,
        last_name_en=example.last_name_en,
        position=example.position,
        tags=[EXAMPLE_TAG],
        organisation=ctx.org(example.organisation),
        start_date=example.since,
    )
    for org_key, start, end, position in example.earlier:
        affiliation_add(
            person=person,
            organisation=ctx.org(org_key),
            by=ctx.by,
            position=position,
            start_date=start,
            end_date=end,
        )
    return person


def _lab(name_th: str) -> Lab | None:
    wanted = compact(name_th)
    return next((lab for lab in Lab.objects.all() if compact(lab.name_th) == wanted), None)


def _haze_lab(ctx: _Context) -> Lab:
    lab = _lab(HAZE_LAB)
    if lab is not None:
        return lab
    from labs.services import challenge_create, challenge_set_agencies, lab_create, member_add

    lead = ctx.people["pcd:0"]
    lab = lab_create(
        by=ctx.by,
        name_th=HAZE_LAB,
        name_en="Chiang Mai PM2.5 policy lab (example)",
        kind=Lab.Kind.PROGRAMME,
        purpose=(
            "ลดการเผาในที่โล่งและผลกระทบต่อสุขภาพจากฝุ่น PM2.5 โดยภาครัฐ ท้องถิ่น วิชาการ "
            f"และภาคประชาสังคมของเชียงใหม่ออกแบบมาตรการร่วมกัน ({EXAMPLE})"
        ),
        start_date=dt.date(2025, 1, 15),
        visibility=Lab.Visibility.MEMBERS,
        process=Process.objects.get(key="double-diamond"),
        hosts=[ctx.org("pcd"), ctx.org("ppao-chiangmai")],
        lead=lead,
    )
    for ref in HAZE_ROOM:
        person = ctx.people[ref]
        if person.pk != lead.pk:
            member_add(
                lab=lab,
                by=ctx.by,
                person=person,
                organisation=ctx.org(ref.split(":")[0]),
                role=Role.PARTICIPANT,
            )
    challenge = challenge_create(
        lab=lab,
        by=ctx.by,
        title_th=HAZE_CHALLENGE,
        title_en="Less open burning and less harm to health from PM2.5 in Chiang Mai (example)",
        problem=(
            "ทุกฤดูแล้งค่าฝุ่น PM2.5 ในเชียงใหม่เกินมาตรฐานหลายสัปดาห์ จากการเผาในที่โล่ง ไฟป่า "
            f"และหมอกควันข้ามแดน ผู้ป่วยโรคทางเดินหายใจเพิ่มขึ้น ({EXAMPLE})"
        ),
        provinces=list(Province.objects.filter(name_th="เชียงใหม่")),
        sdgs=list(Goal.objects.filter(number__in=(3, 11, 13))),
    )
    Challenge.objects.filter(pk=challenge.pk).update(
        created_at=make_event_time(dt.date(2025, 1, 15), _t(9), "Asia/Bangkok")
    )
    challenge_set_agencies(
        challenge=challenge,
        by=ctx.by,
        agencies=[
            (ctx.org("pcd"), "lead"),
            *(
                (ctx.org(key), "supporting")
                for key in ("tnr-chiangmai", "ppho-chiangmai", "ppao-chiangmai", "chiangmai-city")
            ),
            *((ctx.org(key), "partner") for key in ("cmu", "breathe-cm")),
        ],
    )
    ctx.summary.add("lab")
    return lab


def _workshop(ctx: _Context, lab: Lab, spec: WorkshopSpec) -> Workshop | None:
    if spec.title_th is None:
        return lab.workshops.order_by("pk").first()
    existing = {compact(w.title_th): w for w in lab.workshops.all()}
    workshop = existing.get(compact(spec.title_th))
    if workshop is not None:
        return workshop
    challenges = {c.title_th: c for c in lab.challenges.all()}
    workshop = workshop_create(
        by=ctx.by,
        lab=lab,
        title_th=spec.title_th,
        title_en=spec.title_en,
        description=spec.description,
        format=spec.format,
        venue=spec.venue,
        time_zone=spec.time_zone,
        challenges=[challenges[t] for t in spec.challenges if t in challenges],
    )
    for item in spec.sessions:
        session_add(
            workshop=workshop,
            by=ctx.by,
            title_th=item.title_th,
            title_en=item.title_en,
            description=item.description,
            starts_at=make_event_time(item.day, item.start, spec.time_zone),
            ends_at=make_event_time(item.day, item.end, spec.time_zone),
        )
    ctx.summary.add("workshop")
    return workshop


def _absent(person_index: int, session_index: int) -> bool:
    """About one in thirteen misses a session after the first (people leave
    early); fixed, so every run gives the same sheet."""
    return session_index > 0 and (person_index * 7 + session_index * 5) % 13 == 0


def _participation(ctx: _Context, room: Room, workshop: Workshop) -> None:
    """Registrations and attendance in bulk, once per workshop."""
    if workshop.registrations.exists():
        return
    sessions = list(workshop.sessions.order_by("starts_at", "pk"))
    if not sessions:
        return
    people = _resolve(ctx, room.people)
    registered_at = sessions[0].starts_at - dt.timedelta(days=14)
    Registration.objects.bulk_create(
        Registration(
            workshop=workshop,
            person=person,
            status=Registration.Status.REGISTERED,
            created_at=registered_at,
        )
        for person in people
    )
    rows = []
    for s, session in enumerate(sessions):
        present = _resolve(ctx, room.by_session(s)) if room.by_session else people
        for p, person in enumerate(present):
            if room.drop_out and _absent(p, s):
                continue
            rows.append(
                Attendance(
                    session=session,
                    person=person,
                    checked_in_at=session.starts_at
                    - dt.timedelta(minutes=10)
                    + dt.timedelta(seconds=p),
                    method=Attendance.Method.FACILITATOR,
                )
            )
    Attendance.objects.bulk_create(rows)
    audit_record(
        actor=ctx.by,
        action="workshops.demo.participation",
        obj=workshop,
        changes={"registrations": len(people), "attendance": len(rows), "example": True},
    )
    ctx.summary.add("registration", len(people))
    ctx.summary.add("attendance", len(rows))


def _resolve(ctx: _Context, refs: Iterable[str]) -> list[Person]:
    """People of these references, each once, skipping any not in the
    directory (a demo someone has pruned)."""
    seen: set[int] = set()
    people = []
    for ref in refs:
        person = ctx.person(ref)
        if person is not None and person.pk not in seen:
            seen.add(person.pk)
            people.append(person)
    return people


def _breakouts(ctx: _Context, room: Room, workshop: Workshop) -> None:
    sessions = list(workshop.sessions.order_by("starts_at", "pk"))
    for breakout in room.breakouts:
        if breakout.session >= len(sessions):
            continue
        session = sessions[breakout.session]
        if session.groups.exists() or not session.attendances.exists():
            continue
        result = groups_auto_assign(
            session=session, by=ctx.by, group_count=breakout.groups, seed=breakout.seed
        )
        ctx.summary.add("group", len(result.groups))


def _pmdu_groups(ctx: _Context, workshop: Workshop) -> None:
    """The course's group work: one group per challenge (the page's own
    groups), each with the agencies of its challenge."""
    session = (
        workshop.sessions.filter(groups__isnull=False).distinct().order_by("starts_at").first()
    )
    if session is None or GroupMember.objects.filter(group__session=session).exists():
        return
    groups = {compact(g.name): g for g in session.groups.all()}
    for title, refs in ((EDUCATION_TITLE, PMDU_EDUCATION), (DRUGS_TITLE, PMDU_DRUGS)):
        group = groups.get(compact(title))
        if group is None:
            continue
        for person in _resolve(ctx, refs):
            group_member_move(session=session, person=person, to_group=group, by=ctx.by)
            ctx.summary.add("group place")


def _rooms(ctx: _Context) -> None:
    for room in ROOMS:
        lab = _haze_lab(ctx) if room.lab == HAZE_LAB else _lab(room.lab)
        if lab is None:
            continue
        workshop = _workshop(ctx, lab, room.workshop)
        if workshop is None:
            continue
        _participation(ctx, room, workshop)
        if room.lab == PMDU.name_th and room.workshop is SEED_WORKSHOP:
            _pmdu_groups(ctx, workshop)
        _breakouts(ctx, room, workshop)


def _plans(ctx: _Context) -> None:
    from actions.models import ActionPlan
    from actions.services import plans

    lab = _lab(PMDU.name_th)
    if lab is None:
        return
    challenges = {c.title_th: c for c in lab.challenges.all()}
    for spec in PLANS:
        if ActionPlan.objects.filter(lab=lab, title_th=spec.title_th).exists():
            continue
        plan = plans.plan_create(
            lab=lab,
            by=None,
            title_th=spec.title_th,
            title_en=spec.title_en,
            description=spec.description,
            challenge=challenges.get(spec.challenge),
        )
        for item in spec.actions:
            action = plans.action_create(
                plan=plan,
                by=ctx.by,
                ref=item.ref,
                title_th=item.title,
                lead_agency=ctx.org(item.lead),
                supporting=[ctx.org(key) for key in item.supporting],
                owner=ctx.person(item.owner) if item.owner else None,
                start_date=item.start,
                due_date=item.due,
            )
            for day, percent, text, state in item.updates:
                plans.progress_add(
                    action=action,
                    by=ctx.by,
                    text=f"{text} ({EXAMPLE})",
                    percent_complete=percent,
                    state=state,
                    by_organisation=action.lead_agency,
                    when=make_event_time(day, _t(16), "Asia/Bangkok"),
                )
            ctx.summary.add("action")
        ctx.summary.add("plan")


def _challenge_dates(ctx: _Context) -> None:
    """A challenge is dated when its lab posed it: the lab's start, or its
    first session (the pages give no other date). Challenges made by an
    older loaddemo carry the day they were loaded, which would make every
    pair named on one look as if it had worked together again today."""
    for data in (TIPC, KRI, PMDU, UNDP, OECD):
        lab = _lab(data.name_th)
        if lab is None:
            continue
        posed = posed_on(data)
        if posed is None:
            continue
        moment = make_event_time(posed, _t(9), "Asia/Bangkok")
        ctx.summary.add(
            "challenge dated",
            Challenge.objects.filter(lab=lab, created_at__gt=moment).update(created_at=moment),
        )


def posed_on(data: LabData) -> dt.date | None:
    days = [s.day for w in data.workshops for s in w.sessions]
    if data.start_date is not None:
        days.append(data.start_date)
    return min(days, default=None)


def build_demo_network(
    *, by: Any = None, analyse: bool = True, log: Callable[[str], None] | None = None
) -> DemoNetwork:
    """Example participation for the demo events, then every tie extracted
    again and the network analysed (organisations and people, public and
    all), so that the map has data the moment the demo is loaded."""
    started = time.perf_counter()
    summary = DemoNetwork()
    with transaction.atomic():
        ctx = _Context(by=by, summary=summary)
        _organisations(ctx)
        _people(ctx)
        _challenge_dates(ctx)
        _rooms(ctx)
        _plans(ctx)
    if analyse and (summary.created or not _analysed()):
        _analyse(summary)
    summary.seconds = time.perf_counter() - started
    if log is not None:
        log(str(summary))
    return summary


def _analysed() -> bool:
    """Every level and scope has a current analysis: a run that added
    nothing leaves them be (signals keep the ties current meanwhile)."""
    from network.models import Level, Scope, Snapshot

    current = Snapshot.objects.filter(current=True, status=Snapshot.Status.DONE)
    return current.values("level", "scope").distinct().count() == len(Level.values) * len(
        Scope.values
    )


def _analyse(summary: DemoNetwork) -> None:
    from network import services, ties
    from network.models import Level

    summary.ties = ties.rebuild()
    # The current network at both levels, with who-should-meet-whom; the
    # organisations' quarter ends too, so that the map can show the change.
    snapshots = services.analyse_all(
        levels=(Level.ORGANISATION,), rebuild_ties=False, quarters=True
    ) + services.analyse_all(levels=(Level.PERSON,), rebuild_ties=False, quarters=False)
    for snapshot in snapshots:
        if snapshot.current:
            summary.snapshots.append(
                f"{snapshot.level}/{snapshot.scope} {snapshot.node_count} nodes, "
                f"{snapshot.tie_count} ties, {snapshot.community_count} communities, "
                f"{snapshot.component_count} islands"
            )
