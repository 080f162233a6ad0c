"""The five seed events, written by hand from the pages in directory/demo/sources/.

Reviewed data, not a parser, in the manner of directory/demo/data.py. Each
lab cites the one page it comes from (`source`, the number at the start of
a file in sources/). People and organisations are named by their keys in
directory.demo.data and are found in the directory, never created here.

What must come from the page (labs/tests/test_demo_events.py checks that
it occurs there):
- Thai names and titles (labs, challenges, workshops, sessions), unless
  `seen_as` is given: then the title is ours, made from the page's words in
  `seen_as` (which must occur), and `note` says why it differs.
- speakers' titles and organisations as shown, venues, expected results,
  target groups, problem statements.

What is ours, and says so:
- Times. Only the TIPC page gives times (09:00–11:00 GMT). The other pages
  give dates only; their sessions are placed in an ordinary working day and
  the workshop's `times_note` says so.
- Roles the pages do not state, the split of agencies between challenges,
  their lead/supporting/partner role, stages, innovation facets and SDGs:
  each is marked `inferred` (or listed in `sdgs_inferred`) with a note.
- English translations (the pages are Thai, except where they quote English).

Not invented: people the pages do not name. The ป.ย.ป. cohort's
participants, the UNDP workshop's participants and the TIPC session's
attendees are not named, so those labs have no participants and no one is
put in breakout groups; the groups the ป.ย.ป. page describes (one per
challenge) are created empty, for the cohort to fill in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from labs.models import ChallengeAgency, Lab, Role
from workshops.models import Workshop

LEAD = ChallengeAgency.Role.LEAD
SUPPORTING = ChallengeAgency.Role.SUPPORTING
PARTNER = ChallengeAgency.Role.PARTNER


@dataclass(frozen=True)
class Speaker:
    person: str  # Someone.key in directory.demo.data
    title_shown: str = ""  # as the page prints it (must occur in the page)
    organisation_shown: str = ""  # idem


@dataclass(frozen=True)
class SessionData:
    title_th: str
    title_en: str
    day: dt.date
    start: dt.time  # wall-clock time in the workshop's zone
    end: dt.time
    description: str = ""
    speakers: tuple[Speaker, ...] = ()
    facilitators: tuple[str, ...] = ()  # Someone keys
    invited: tuple[str, ...] = ()  # Org keys
    invited_note: str = ""  # set when the page does not tie these agencies to this day
    groups: tuple[str, ...] = ()  # breakout groups by name (the page's words)
    seen_as: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class WorkshopData:
    title_th: str
    title_en: str
    format: str
    time_zone: str
    sessions: tuple[SessionData, ...]
    description: str = ""
    venue: str = ""  # must occur in the page
    online_url: str = ""
    capacity: int | None = None
    challenges: tuple[str, ...] = ()  # ChallengeData.title_th of the same lab
    times_note: str = ""  # empty only when the page gives the times
    seen_as: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Agency:
    organisation: str  # Org key
    role: str
    inferred: bool = False


@dataclass(frozen=True)
class ChallengeData:
    title_th: str
    title_en: str
    agencies: tuple[Agency, ...]
    problem: str = ""  # must occur in the page
    goals: tuple[str, ...] = ()  # expected results, one per line; each must occur
    target_groups: tuple[str, ...] = ()  # each must occur
    provinces: tuple[str, ...] = ()  # Thai names as in geothai
    is_national: bool = False
    sdgs: tuple[int, ...] = ()
    sdgs_inferred: tuple[int, ...] = ()  # those of `sdgs` the page does not state
    stage: str = ""  # Stage.key in the lab's process; empty: the first stage
    facet: str = ""  # Facet.key
    seen_as: tuple[str, ...] = ()
    note: str = ""  # why the inferred parts are what they are


@dataclass(frozen=True)
class MemberData:
    person: str  # Someone key
    role: str
    organisation: str  # Org key: whom they represent in the lab
    inferred: bool = False  # the page shows what they did, not the role
    note: str = ""


@dataclass(frozen=True)
class LabData:
    key: str
    source: str
    name_th: str
    name_en: str
    kind: str
    hosts: tuple[str, ...]  # Org keys
    purpose: str  # the page's words (must occur)
    process: str  # Process.key
    members: tuple[MemberData, ...] = ()
    challenges: tuple[ChallengeData, ...] = ()
    workshops: tuple[WorkshopData, ...] = ()
    description: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    visibility: str = Lab.Visibility.PUBLIC
    seen_as: tuple[str, ...] = ()
    note: str = ""


WORKING_DAY = (
    "หน้าเว็บระบุเฉพาะวันที่ ไม่ระบุเวลา: เวลาของแต่ละช่วงเป็นเวลาทำการที่เราใส่ไว้ "
    "(the page gives dates only; the times are an ordinary working day, ours)"
)


def _d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def _t(hour: int, minute: int = 0) -> dt.time:
    return dt.time(hour, minute)


# --- 000: TIPC × One Team Gov, online, 9 February 2022 09:00–11:00 GMT -------------

_TIPC_SPEAKERS = (
    *(
        Speaker(key, organisation_shown="UK Civil Service and One Team Gov")
        for key in ("uk-nour", "uk-david", "uk-clare")
    ),
    *(Speaker(key, organisation_shown="TIPC") for key in ("tipc-ed", "tipc-vicky")),
)
_TIPC_PEOPLE = tuple(s.person for s in _TIPC_SPEAKERS)
_TIPC_DAY = _d(2022, 2, 9)

TIPC = LabData(
    key="tipc",
    source="000",
    name_th="การทดลองร่วมกับ TIPC และ One Team Gov",
    name_en="An experiment with TIPC and One Team Gov",
    kind=Lab.Kind.PLATFORM,
    hosts=("tipc", "one-team-gov"),
    purpose="สำรวจช่องว่างระหว่างการเปลี่ยนแปลงที่เป็นทางการและไม่เป็นทางการ",
    description=(
        "ในขณะที่ผู้คนทั่วโลกต่อสู้กับความท้าทายที่ยิ่งใหญ่ รัฐบาลได้รับมอบหมายให้ส่งมอบการเปลี่ยนแปลง"
        "ที่พลิกโฉมหน้าระบบที่เชื่อมต่อถึงกัน เช่น ในด้านอาหาร พลังงาน การสัญจร การศึกษา หรือการดูแลสุขภาพ "
        "สิ่งนี้ต้องการแนวทางแบบบูรณาการและวิวัฒนาการที่มีเป้าหมายร่วมกันหรือเป้าหมายทางสังคม\n\n"
        "นี่คือสาเหตุที่การแยกระหว่าง 'เกาะ' ของรัฐบาลจึงมีความสำคัญ ช่วยอำนวยความสะดวกในการเรียนรู้"
        "และการทำงานร่วมกันเกี่ยวกับนโยบายและโครงการ ตลอดจนการแลกเปลี่ยนความคิดเห็นและแหล่งข้อมูล "
        "ทั่ว TIPC เราอาจเรียกสิ่งนี้ว่า 'การสร้างเครือข่าย' ซึ่งเป็นหนึ่งใน 12 ผลลัพธ์การเปลี่ยนแปลง"
        "ที่นำทางเราไปสู่การเปลี่ยนแปลงระบบ"
    ),
    start_date=_TIPC_DAY,
    end_date=_TIPC_DAY,
    process="double-diamond",
    members=tuple(
        MemberData(
            person,
            Role.FACILITATOR,
            "one-team-gov" if person.startswith("uk-") else "tipc",
            inferred=True,
            note="the page invites people to take part 'with' them: they ran the session",
        )
        for person in _TIPC_PEOPLE
    ),
    workshops=(
        WorkshopData(
            title_th="การสร้างสะพานข้ามรัฐบาลเพื่อบรรลุการเปลี่ยนแปลงเชิงปฏิรูป",
            title_en="Building bridges across government to achieve transformative change",
            format=Workshop.Format.ONLINE,
            # The page says GMT; London keeps GMT in February.
            time_zone="Europe/London",
            description=(
                "แล้วเราจะสร้างสะพานเหล่านี้ได้อย่างไร? เงื่อนไขใดที่ก่อให้เกิดพวกเขา? และเราจะเรียกใช้ "
                "'การคิดเกี่ยวกับวิหาร' เพื่อปลูกเมล็ดพันธุ์ในวันนี้ซึ่งจะทำให้เกิดการเปลี่ยนแปลงในอนาคตได้อย่างไร\n\n"
                "เข้าร่วมเวิร์คช็อปเชิงทดลองและมีส่วนร่วมกับ Nour Sidawi, David Buck และ Clare Moran "
                "จาก UK Civil Service and One Team Gov และ Ed Steinmueller และ Vicky Shaw จาก TIPC\n\n"
                "ในเซสชั่น รวมถึงการสะท้อนประสบการณ์ส่วนตัวในการเปลี่ยนแปลงรัฐบาลอย่างยั่งยืนและยาวนาน "
                "เราจะเชิญชวนผู้คนให้แบ่งปันเรื่องราวของตนเองเพื่อสร้างสะพานเชื่อมระหว่างเกาะแห่งความเข้าใจของเรา\n\n"
                "หากต้องการเรียนรู้เพิ่มเติมล่วงหน้าของกิจกรรม โปรดดูที่:\n"
                "• การเรียนรู้จากสถานที่ที่กิจกรรมการเปลี่ยนแปลงที่ไม่เป็นทางการและเป็นทางการมาบรรจบกัน — ตอนที่หนึ่ง\n"
                "• การเรียนรู้จากสถานที่ที่กิจกรรมการเปลี่ยนแปลงที่ไม่เป็นทางการและเป็นทางการมาบรรจบกัน — ตอนที่สาม\n"
                "• ผลลัพธ์การเปลี่ยนแปลง: การประเมินและการปรับทิศทางการทดลองด้วยนโยบายนวัตกรรมเพื่อการปฏิรูป"
            ),
            note=(
                "the page lists three readings without their addresses: they are in the "
                "description, not as links"
            ),
            sessions=(
                SessionData(
                    title_th="ส่วนที่ 1 (ชั่วโมงแรก)",
                    title_en="Part I (first hour)",
                    day=_TIPC_DAY,
                    start=_t(9),
                    end=_t(10),
                    description=(
                        "เราจะสำรวจ:\n"
                        "• แง่มุมของมนุษย์ในการสร้างสะพานข้ามเกาะ การแสวงหาความร่วมมือข้ามรัฐบาลให้เป็นระบบมากขึ้น "
                        "และการสร้างศักยภาพสำหรับความคลุมเครือและการเกิดขึ้น และ\n"
                        "• ทฤษฎีการเปลี่ยนผ่านสามารถช่วยให้เราเข้าใจและเร่งกระบวนการนี้ได้อย่างไร\n\n"
                        "รวมถึงการสะท้อนประสบการณ์ส่วนตัว: เราจะเชิญชวนผู้คนให้แบ่งปันเรื่องราวของตนเอง"
                    ),
                    speakers=_TIPC_SPEAKERS,
                ),
                SessionData(
                    title_th="ตอนที่ II (ชั่วโมงที่สอง)",
                    title_en="Part II (second hour): breakout discussions",
                    day=_TIPC_DAY,
                    start=_t(10),
                    end=_t(11),
                    description=(
                        "เราจะมีส่วนร่วมในการอภิปรายกลุ่มย่อยเพื่อทำความเข้าใจ:\n"
                        "• เงื่อนไขขององค์กรและส่วนบุคคลที่จำเป็นเพื่ออำนวยความสะดวกในการสร้างเครือข่าย"
                        "และผลลัพธ์อื่น ๆ ที่สนับสนุนการเปลี่ยนแปลงการเปลี่ยนแปลง"
                    ),
                    facilitators=_TIPC_PEOPLE,
                    note=(
                        "breakout discussions: the page names neither the groups nor the "
                        "participants, so no groups are made"
                    ),
                ),
            ),
        ),
    ),
)


# --- 001: KRI-OPDC symposium, Hanoi, 25–27 April 2018 ---------------------------------

_KRI_OPENING = Speaker(
    "areepan", title_shown="รองเลขาธิการ ก.พ.ร.", organisation_shown="สำนักงาน ก.พ.ร."
)

KRI = LabData(
    key="kri",
    source="001",
    name_th="KRI-OPDC Reform Policy Symposium and Regional Workshop",
    name_en="KRI-OPDC Reform Policy Symposium and Regional Workshop",
    kind=Lab.Kind.PLATFORM,
    hosts=("opdc", "vn-isos", "kri", "aks"),
    purpose=(
        "ส่งเสริมและแบ่งปันประสบการณ์ รวมทั้งแนวปฏิบัติที่เป็นเลิศเกี่ยวกับแนวคิดเรื่อง "
        "การประยุกต์การคิดเชิงออกแบบ (Design Thinking) ผ่านการดำเนินกิจกรรมในลักษณะโครงการ"
        "ห้องปฏิบัติการนวัตกรรมภาครัฐ (Government Innovation Lab หรือ GovLab)"
    ),
    description=(
        "การประชุมนานาชาติที่สำนักงาน ก.พ.ร. จัดร่วมกับหน่วยงานนานาชาติ (ครั้งที่ 6 ในปี 2561) "
        "มีผู้แทนจากประเทศสมาชิกอาเซียน และผู้บริหารระดับสูงจากสาธารณรัฐสังคมนิยมเวียดนาม "
        "เครือรัฐออสเตรเลีย และสาธารณรัฐเกาหลี มาร่วมแลกเปลี่ยนองค์ความรู้ และประสบการณ์"
    ),
    start_date=_d(2018, 4, 25),
    end_date=_d(2018, 4, 27),
    process="d-school",
    members=(
        MemberData(
            "areepan",
            Role.LEAD,
            "opdc",
            inferred=True,
            note="she opened the conference for the host, สำนักงาน ก.พ.ร.",
        ),
    ),
    workshops=(
        WorkshopData(
            title_th="การประชุมนานาชาติ ครั้งที่ 6 KRI-OPDC Reform Policy Symposium and Regional Workshop 2018",
            title_en="6th KRI-OPDC Reform Policy Symposium and Regional Workshop 2018",
            format=Workshop.Format.ONSITE,
            time_zone="Asia/Ho_Chi_Minh",
            venue="กรุงฮานอย สาธารณรัฐสังคมนิยมเวียดนาม",
            description=(
                "ในหัวข้อ “State Capacity for Public Sector Reform and National Development in "
                "Southeast Asia and Korea: Comparative Policy Workshop” ระหว่างวันที่ 25 – 27 เมษายน 2561 "
                "ณ กรุงฮานอย สาธารณรัฐสังคมนิยมเวียดนาม จัดโดยสำนักงานคณะกรรมการพัฒนาระบบราชการร่วมกับ "
                "Institute of State Organizational Sciences กระทรวงมหาดไทย สาธารณรัฐสังคมนิยมเวียดนาม "
                "Korea Research Institute, the University of New South Wales และ Academy of Korean Studies"
            ),
            times_note=WORKING_DAY,
            note="the page gives the dates and the themes, not a programme per day: the themes' days are ours",
            sessions=(
                SessionData(
                    title_th="กล่าวเปิดการประชุม",
                    title_en="Opening address",
                    day=_d(2018, 4, 25),
                    start=_t(9),
                    end=_t(9, 30),
                    description=(
                        "“การปรับตัวของภาครัฐในปัจจุบัน จะต้องตอบสนองต่อความคาดหวังของประชาชนที่ต้องการ"
                        "ความถูกต้อง รวดเร็ว และประหยัดค่าใช้จ่าย ...”"
                    ),
                    speakers=(_KRI_OPENING,),
                ),
                SessionData(
                    title_th="การประยุกต์การคิดเชิงออกแบบ (Design Thinking)",
                    title_en="Applying design thinking in government innovation labs",
                    day=_d(2018, 4, 25),
                    start=_t(9, 30),
                    end=_t(17),
                    description=(
                        "ห้องปฏิบัติการนวัตกรรมภาครัฐในหลายประเทศ: UK Policy Lab (สหราชอาณาจักร) "
                        "MindLab (ราชอาณาจักรเดนมาร์ก) Helsinki Design Lab (สาธารณรัฐฟินแลนด์) "
                        "DesignGov (เครือรัฐออสเตรเลีย) และ GovLab ในประเทศไทย"
                    ),
                ),
                SessionData(
                    title_th=(
                        "การปฏิรูประบบการให้บริการภาครัฐและการส่งเสริมพัฒนาหลักธรรมาภิบาลของการพัฒนาระบบราชการ"
                    ),
                    title_en="Reforming public service delivery and promoting good governance",
                    day=_d(2018, 4, 26),
                    start=_t(9),
                    end=_t(17),
                ),
                SessionData(
                    title_th=(
                        "State Capacity for Public Sector Reform and National Development in "
                        "Southeast Asia and Korea: Comparative Policy Workshop"
                    ),
                    title_en=(
                        "State Capacity for Public Sector Reform and National Development in "
                        "Southeast Asia and Korea: Comparative Policy Workshop"
                    ),
                    day=_d(2018, 4, 27),
                    start=_t(9),
                    end=_t(17),
                ),
            ),
        ),
    ),
)


# --- 002: ป.ย.ป. preparation day, 19 May 2023, hybrid --------------------------------------

# The page's list (items 1–11, then สำนักงาน ป.ย.ป. as 12) names กระทรวงการพัฒนา
# สังคมฯ twice, as items 3 and 7: read as the list running challenge by
# challenge, items 1–3 for education and jobs and 4–11 for drugs and crime.
_EDUCATION_AGENCIES = ("moe", "onec", "msdhs")
_DRUG_AGENCIES = ("moph", "moj", "rtp", "msdhs", "mod", "pacc", "amlo", "moi")
_PMDU_COHORT = (*dict.fromkeys((*_EDUCATION_AGENCIES, *_DRUG_AGENCIES)), "pmdu")
_PMDU_DAY = _d(2023, 5, 19)
_SPLIT_NOTE = (
    "The page lists the agencies of both challenges together and names the ministry of social "
    "development twice (items 3 and 7): the list is read as running challenge by challenge "
    "(1–3, then 4–11), the first of each part as lead, the others supporting; สำนักงาน ป.ย.ป. "
    "(item 12) as partner in both. SDGs, stage and facet are ours."
)
EDUCATION_TITLE = "การเพิ่มโอกาสเข้าถึงการศึกษาและการมีงานทำ"
DRUGS_TITLE = (
    "การลดจำนวนผู้เสพยาเสพติด โดยใช้การบำบัดรักษาโดยชุมชนมีส่วนร่วม เพื่อกลับคืนสังคมแบบมีคุณค่า "
    "และการเพิ่มประสิทธิภาพในการตัดวงจรอาชญากรรม"
)

PMDU = LabData(
    key="pmdu",
    source="002",
    name_th="หลักสูตร ป.ย.ป. ประจำปี 2566",
    name_en="PMDU course 2023",
    kind=Lab.Kind.COHORT,
    hosts=("pmdu",),
    purpose="การขับเคลื่อนโจทย์หัวข้อการบูรณาการ ภายใต้กระบวนการห้องปฏิบัติการนวัตกรรมเชิงนโยบาย",
    description=(
        "ผู้เข้าร่วมหลักสูตร ป.ย.ป. 2 – 4 จาก 11 หน่วยงาน\n"
        "ป.ย.ป. 2 ได้แก่ รองหัวหน้าส่วนราชการระดับกรมหรือเทียบเท่า ทั้งจากส่วนกลาง และส่วนภูมิภาค\n"
        "ป.ย.ป. 3 ได้แก่ เจ้าหน้าที่ภาครัฐในระดับพื้นที่ ทั้งในส่วนภูมิภาคและท้องถิ่น\n"
        "ป.ย.ป. 4 ได้แก่ ข้าราชการผู้ปฏิบัติงานที่เกี่ยวข้องกับประเด็นการบูรณาการที่ต้องการขับเคลื่อน "
        "โดยเป็นข้าราชการระดับชำนาญการพิเศษขึ้นไป"
    ),
    start_date=_PMDU_DAY,
    # Design Thinking is the course's stated approach.
    process="d-school",
    note="the page names no participant of the course: the cohort's agencies are on the challenges",
    members=(
        MemberData("chutima", Role.LEAD, "pmdu", inferred=True, note="chaired and opened the day"),
        MemberData(
            "patcharaphakorn",
            Role.FACILITATOR,
            "opdc-governance-institute",
            inferred=True,
            note="summarised the policy on integration challenges",
        ),
        MemberData(
            "thanapol",
            Role.FACILITATOR,
            "cmmu",
            inferred=True,
            note="presented the case studies and the policy-lab approach",
        ),
    ),
    challenges=(
        ChallengeData(
            title_th=EDUCATION_TITLE,
            title_en="Widening access to education and employment",
            agencies=(
                Agency("moe", LEAD, inferred=True),
                Agency("onec", SUPPORTING, inferred=True),
                Agency("msdhs", SUPPORTING, inferred=True),
                Agency("pmdu", PARTNER, inferred=True),
            ),
            sdgs=(4, 8),
            sdgs_inferred=(4, 8),
            facet="enhancement",
            note=_SPLIT_NOTE,
        ),
        ChallengeData(
            title_th=DRUGS_TITLE,
            title_en=(
                "Fewer drug users through community-based treatment and a valued return to society, "
                "and breaking the cycle of crime more effectively"
            ),
            agencies=(
                Agency("moph", LEAD, inferred=True),
                *(
                    Agency(key, SUPPORTING, inferred=True)
                    for key in ("moj", "rtp", "msdhs", "mod", "pacc", "amlo", "moi")
                ),
                Agency("pmdu", PARTNER, inferred=True),
            ),
            target_groups=("ผู้เสพยาเสพติด",),
            sdgs=(3, 16),
            sdgs_inferred=(3, 16),
            facet="mission",
            note=_SPLIT_NOTE,
        ),
    ),
    workshops=(
        WorkshopData(
            title_th="กิจกรรมการเตรียมความพร้อม ให้แก่ผู้เข้าร่วมหลักสูตร ป.ย.ป. ประจำปี 2566",
            title_en="Preparation day for the participants of the 2023 PMDU course",
            format=Workshop.Format.HYBRID,
            time_zone="Asia/Bangkok",
            venue="ห้องประชุมสำนักงาน ก.พ.ร. ศูนย์ราชการ ฯ แจ้งวัฒนะ",
            description=(
                "เพื่อการขับเคลื่อนโจทย์หัวข้อการบูรณาการ ภายใต้กระบวนการห้องปฏิบัติการนวัตกรรมเชิงนโยบาย "
                "ณ ห้องประชุมสำนักงาน ก.พ.ร. ศูนย์ราชการ ฯ แจ้งวัฒนะ และประชุมผ่านสื่ออิเล็กทรอนิกส์ (Zoom meeting)"
            ),
            challenges=(EDUCATION_TITLE, DRUGS_TITLE),
            times_note=WORKING_DAY,
            note="the page gives no Zoom address, so the online link is empty",
            sessions=(
                SessionData(
                    title_th="กล่าวเปิดกิจกรรมการเตรียมความพร้อม",
                    title_en="Opening",
                    day=_PMDU_DAY,
                    start=_t(9),
                    end=_t(9, 15),
                    speakers=(
                        Speaker(
                            "chutima",
                            title_shown="ผู้อำนวยการสำนักงาน ป.ย.ป.",
                            organisation_shown="สำนักงาน ป.ย.ป.",
                        ),
                    ),
                    invited=_PMDU_COHORT,
                ),
                SessionData(
                    title_th="ภาพรวมนโยบายการขับเคลื่อนโจทย์บูรณาการ",
                    title_en="Overview of the policy on integration challenges",
                    day=_PMDU_DAY,
                    start=_t(9, 15),
                    end=_t(10),
                    description=(
                        "สรุปภาพรวมนโยบายการขับเคลื่อนโจทย์บูรณาการของรองนายกรัฐมนตรี (นายวิษณุ เครืองาม) "
                        "และ ป.ย.ป. 1"
                    ),
                    speakers=(
                        Speaker(
                            "patcharaphakorn",
                            title_shown="ผู้อำนวยการสถาบันส่งเสริมการบริหารกิจการบ้านเมืองที่ดี",
                            organisation_shown="สำนักงาน ก.พ.ร.",
                        ),
                    ),
                    invited=_PMDU_COHORT,
                ),
                SessionData(
                    title_th=(
                        "กรณีศึกษา (Case Studies) ของการพัฒนานโยบายของรัฐ ภายใต้กระบวนการ"
                        "ห้องปฏิบัติการนวัตกรรมเชิงนโยบาย (Policy Innovation Lab)"
                    ),
                    title_en="Case studies of policy development in policy innovation labs",
                    day=_PMDU_DAY,
                    start=_t(10),
                    end=_t(12),
                    description=(
                        "ชี้แจงหลักการ แนวคิด สมรรถนะ และแนวทางขับเคลื่อนโจทย์นโยบายภายใต้กระบวนการ"
                        "ห้องปฏิบัติการนวัตกรรมเชิงนโยบาย ตามแนวคิดเชิงออกแบบ (Design Thinking)"
                    ),
                    speakers=(
                        Speaker(
                            "thanapol",
                            title_shown="ผู้อำนวยการด้านนวัตกรรมและโครงการพิเศษ",
                            organisation_shown="วิทยาลัยการจัดการ มหาวิทยาลัยมหิดล",
                        ),
                    ),
                    invited=_PMDU_COHORT,
                ),
                SessionData(
                    title_th="การแบ่งกลุ่มโจทย์การประชุมเชิงปฏิบัติการ",
                    title_en="Workshop in groups, one per challenge",
                    day=_PMDU_DAY,
                    start=_t(13),
                    end=_t(16),
                    description=(
                        "ผู้เข้าร่วมหลักสูตรฯ ระดมความคิดเห็นในการกำหนดแนวทางการดำเนินงาน เช่น การกำหนดพื้นที่ "
                        "การกำหนดผู้มีส่วนได้ส่วนเสีย กำหนดหน่วยงานที่เกี่ยวข้องในภาคส่วนอื่น ๆ และแผนการดำเนินการ"
                    ),
                    invited=_PMDU_COHORT,
                    groups=(EDUCATION_TITLE, DRUGS_TITLE),
                    note="one group per challenge; the page names no participant to put in them",
                ),
            ),
        ),
    ),
)


# --- 003: UNDP / Thailand Policy Lab, southern border provinces, 28–30 June 2022 ------

_SOUTHERN_AGENCIES = (
    "nesdc",
    "sbpac",
    *(
        f"{office}-{province}"
        for province in ("pattani", "yala", "narathiwat")
        for office in ("pao", "paco", "ppho")
    ),
)
_UNDP_INVITED_NOTE = (
    "the page names these agencies for the workshop as a whole (สภาพัฒน์ เกษตรจังหวัด "
    "เกษตรและสหกรณ์ สสจ ศอบต.), one office of each kind per province"
)
FOOD_TITLE = "การพลิกโฉมระบบอาหารและการเกษตรในท้องถิ่นภาคใต้ชายแดน"
_UNDP_TITLE_NOTE = "the page writes 'แล' for 'และ' (a typo); corrected here"


def _undp_day(day: int) -> dt.date:
    return _d(2022, 6, day)


UNDP = LabData(
    key="undp",
    source="003",
    name_th="โครงการนำร่องแพลตฟอร์มนวัตกรรมทางสังคมเพื่อแก้ไขปัญหาเชิงระบบจังหวัดชายแดนใต้",
    name_en="Pilot social innovation platform for systemic problems in the southern border provinces",
    kind=Lab.Kind.PLATFORM,
    hosts=("undp", "thailand-policy-lab", "nesdc"),
    purpose=(
        "นำร่องให้เกิดการเปลี่ยนผ่านจากการทำโครงการเชิงเดี่ยวไปสู่การขับเคลื่อนด้วยแพลตฟอร์มนวัตกรรม แบบเปิด "
        "(รวมองค์กร วิธีการและกิจกรรมที่เชื่อมต่อกันและหลากหลาย)"
    ),
    description=(
        "ด้วยความร่วมมือกับผู้มีส่วนได้ส่วนเสียในระบบอาหารท้องถิ่นจังหวัดชายแดนภาคใต้ "
        "โครงการพัฒนาแห่งสหประชาชาติได้ดำเนินโครงการและกิจกรรมที่มีความเชื่อมโยงกันตลอดระยะเวลา 1 ปี "
        "ก่อนการประชุมเชิงปฏิบัติการเดือนมิถุนายน 2565 ความร่วมมือระหว่าง Thailand Policy Lab "
        "สำนักงานสภาพัฒนาเศรษฐกิจและสังคมแห่งชาติ (สศช.) และโครงการพัฒนาแห่งสหประชาชาติ (UNDP)"
    ),
    # The platform ran for a year before the workshop; the page gives no dates for it.
    process="double-diamond",
    note="the page names no participant; อ.เชน is credited for the write-up",
    members=(
        MemberData(
            "chain",
            Role.PARTICIPANT,
            "baan-phulita",
            inferred=True,
            note="credited for the information ('ขอบคุณข้อมูล'); their role is not stated",
        ),
    ),
    challenges=(
        ChallengeData(
            title_th=FOOD_TITLE,
            title_en="Transforming local food and agriculture systems in the southern border region",
            seen_as=("การพลิกโฉมระบบอาหารแลการเกษตรในท้องถิ่นภาคใต้ชายแดน",),
            problem=(
                "ร่วมระดมความคิด เพื่อจัดการความมั่นคงทางอาหาร ที่เป็นห่วงโซ่ ตามบทบาทของแต่ละภาคส่วน "
                "เพื่อสู่เป้าหมายการพัฒนาที่ยั่งยืน SDGs"
            ),
            goals=(
                "การทำข้อเสนอเชิงนโยบายและแผนปฏิบัติการร่วม ผลักดันสู่กระบวนการแผนและนโยบายที่เกี่ยวข้อง",
                "เกิดไอเดียที่ร่วมสร้างสรรค์ นำสู่การพัฒนาข้อเสนอโครงการและการสนับสนุนโดยหน่วยงานที่เกี่ยวข้อง",
                # "ยั่งยื่น" is the page's spelling, kept: these are its words.
                "เกิดชุมชนนวัตกรและผู้นำนำการเปลี่ยนแปลงเพื่อการพัฒนาที่ยั่งยื่นในระดับท้องถิ่นจังหวัดชายแดนใต้",
                "สร้างกลยุทธ์การพัฒนาศักยภาพผู้ปฏิบัติงานในท้องถิ่น และการออกแบบหลักสูตรการอบรม"
                "อย่างมีส่วนร่วมและ สอดคล้องตามความต้องการของผู้ปฏิบัติงานในภาคส่วนต่างๆ",
            ),
            target_groups=("กลุ่มคนเปราะบาง", "ผู้ปฏิบัติงานในท้องถิ่น"),
            provinces=("ปัตตานี", "ยะลา", "นราธิวาส"),
            sdgs=(1, 2, 12, 17),
            sdgs_inferred=(1, 2, 12, 17),
            stage="develop",
            facet="mission",
            agencies=(
                Agency("undp", LEAD, inferred=True),
                Agency("thailand-policy-lab", PARTNER, inferred=True),
                Agency("nesdc", PARTNER, inferred=True),
                *(Agency(key, SUPPORTING, inferred=True) for key in _SOUTHERN_AGENCIES[1:]),
            ),
            note=(
                f"{_UNDP_TITLE_NOTE}. The page states 'SDGs' without numbers: 2 for food security "
                "(ความมั่นคงทางอาหาร), 1 for social protection (การคุ้มครองทางสังคม), 12 for the food "
                "system, 17 for the partnership of sectors are ours. The area is the three provinces "
                "of จังหวัดชายแดนใต้; the page names no district of Songkhla. UNDP runs the project "
                "(lead), NESDC and Thailand Policy Lab co-organise (partners), the provincial "
                "offices and ศอ.บต. took part (supporting); the stage (develop: proposals and "
                "project ideas after a year of work) and the facet are ours."
            ),
        ),
    ),
    workshops=(
        WorkshopData(
            title_th=(
                "เชื่อมโยงเครือข่ายเพื่อการขับเคลื่อนงานและนโยบายสู่การพลิกโฉมระบบอาหารและการเกษตรในท้องถิ่นภาคใต้"
            ),
            title_en=(
                "Connecting networks to drive work and policy towards transforming local food and "
                "agriculture systems in the South"
            ),
            seen_as=(
                "เชื่อมโยงเครือข่ายเพื่อการขับเคลื่อนงานและนโยบายสู่การพลิกโฉมระบบอาหารแลการเกษตรในท้องถิ่นภาคใต้",
            ),
            note=f"{_UNDP_TITLE_NOTE}. The page names no venue beyond the region.",
            format=Workshop.Format.ONSITE,
            time_zone="Asia/Bangkok",
            description=(
                "UNDP Workshop ภาคใต้ ระหว่าง ภาคส่วนต่างๆ ภาคประชาสังคม ภาครัฐ ภาควิชาการ ภาคเอกชน "
                "และหน่วยงานหนุนเสริม กิจกรรมประชุมเชิงปฏิบัติการ 3 วัน เพื่อสร้างความเข้มแข็งให้กับ"
                "การขับเคลื่อนงาน การเรียนรู้ ยกระดับศักยภาพในระดับท้องถิ่น สู่การสนทนาและออกแบบนโยบายสาธารณะ"
                "ที่สามารถตอบโจทย์ความต้องการที่หลากหลายได้อย่างแท้จริง"
            ),
            challenges=(FOOD_TITLE,),
            times_note=(
                WORKING_DAY
                + "; the page lists the tools without saying on which day each was used: "
                "their order over the three days is ours"
            ),
            sessions=(
                SessionData(
                    title_th="การทบทวน รับฟังประสบการณ์ถอดบทเรียน",
                    title_en="Review: hearing experiences and drawing lessons from the past year",
                    day=_undp_day(28),
                    start=_t(9),
                    end=_t(16),
                    description=(
                        "หลังจากที่ได้ดำเนินการมาระยะหนึ่ง การทบทวน รับฟังประสบการณ์ถอดบทเรียนเป็นขั้นตอนที่สำคัญ"
                        "ในกระบวนการแพลตฟอร์มนวัตกรรมทางสังคม เพื่อมองหาโอกาสในการต่อยอดและเชื่อมโยงขบวนการ"
                        "ขับเคลื่อนในท้องถิ่นสู่การเปลี่ยนแปลงเชิงนโยบายที่เกี่ยวข้อง"
                    ),
                    invited=_SOUTHERN_AGENCIES,
                    invited_note=_UNDP_INVITED_NOTE,
                ),
                SessionData(
                    title_th="ความหวังของคน (Hopes & Fears)",
                    title_en="Hopes & Fears",
                    day=_undp_day(29),
                    start=_t(9),
                    end=_t(10, 30),
                    description=(
                        "ถอดรหัสความความหวังของประชาชน เพื่อนั่งเข้าไปอยู่ในชีวิตของผู้ใช้นโยบาย "
                        "(เครื่องมือ: Hopes & Fears)"
                    ),
                    invited=_SOUTHERN_AGENCIES,
                    invited_note=_UNDP_INVITED_NOTE,
                ),
                SessionData(
                    title_th="กลุ่มคนเปราะบาง (Personas)",
                    title_en="Vulnerable groups (Personas)",
                    day=_undp_day(29),
                    start=_t(10, 45),
                    end=_t(12),
                    description=(
                        "การซูมอินเข้าไปที่กลุ่มคนเปราะบาง เพื่อเข้าใจความต้องการของพวกเขาและออกแบบนโยบาย"
                        "แบบไม่ทิ้งใครไว้ข้างหลัง (เครื่องมือ: Personas)"
                    ),
                    invited=_SOUTHERN_AGENCIES,
                    invited_note=_UNDP_INVITED_NOTE,
                ),
                SessionData(
                    title_th="ถอดรหัสความเชื่อที่ซ่อนหยั่งลึก (Causal Analysis)",
                    title_en="Decoding deep-rooted beliefs (causal analysis with the iceberg)",
                    seen_as=("ถอดรหัสความเชื่อมี่ซ่อนยั่งลึก (Causal Analysis)", "ภูเขาน้ำแข็ง"),
                    note="the page writes 'มี่' for 'ที่' and 'ยั่งลึก' for 'หยั่งลึก'; corrected here",
                    day=_undp_day(29),
                    start=_t(13),
                    end=_t(14, 30),
                    description=(
                        "การใช้ภูเขาน้ำแข็งแยกและถอดให้เห็นคุณค่า ความเชื่อ ทัศนคติที่ส่งผลต่อเหตุการณ์นั้นๆ "
                        "อย่างฝังรากลึก (เครื่องมือ: ภูเขาน้ำแข็ง, Causal Analysis)"
                    ),
                    invited=_SOUTHERN_AGENCIES,
                    invited_note=_UNDP_INVITED_NOTE,
                ),
                SessionData(
                    title_th="การสวมบทบาทการคิด: เชิงสร้างสรรค์ เชิงบวก และเชิงลบ",
                    title_en="Thinking rounds: creative, positive and negative thinking",
                    seen_as=("สวมบทบาทการคิดเชิงสร้างสรรค์ คิดในเชิงบวก และการคิดในเชิงลบ",),
                    note="the page describes the exercise without naming it; the title is ours",
                    day=_undp_day(29),
                    start=_t(14, 45),
                    end=_t(16),
                    description=(
                        "เครื่องมือเหล่านี้ ช่วยในการวิเคราะห์ข้อมูลในเชิงลึกลงไป เป็นชั้นๆ เพื่อเข้าถึง Pain Point "
                        "ที่แท้จริง จากโจทย์ ที่ให้สวมบทบาทการคิดเชิงสร้างสรรค์ คิดในเชิงบวก และการคิดในเชิงลบ"
                    ),
                    invited=_SOUTHERN_AGENCIES,
                    invited_note=_UNDP_INVITED_NOTE,
                ),
                SessionData(
                    title_th="ผลลัพธ์ที่คาดหวัง",
                    title_en="Expected results: policy proposals, joint action plans and project ideas",
                    day=_undp_day(30),
                    start=_t(9),
                    end=_t(16),
                    description=(
                        "1. การทำข้อเสนอเชิงนโยบายและแผนปฏิบัติการร่วม\n"
                        "2. เกิดไอเดียที่ร่วมสร้างสรรค์ นำสู่การพัฒนาข้อเสนอโครงการ\n"
                        "3. เกิดชุมชนนวัตกรและผู้นำนำการเปลี่ยนแปลง\n"
                        "4. สร้างกลยุทธ์การพัฒนาศักยภาพผู้ปฏิบัติงานในท้องถิ่น และการออกแบบหลักสูตรการอบรม"
                    ),
                    invited=_SOUTHERN_AGENCIES,
                    invited_note=_UNDP_INVITED_NOTE,
                ),
            ),
        ),
    ),
)


# --- 004: OECD peer review, OPDC, 1–5 April 2019 ------------------------------------------

_OECD_GOV = "Directorate for Public Governance, OECD"
_OECD_EXPERTS = (
    Speaker(
        "oecd-bellantoni",
        "Deputy Head of Division & Head of the OECD Open Government Unit",
        _OECD_GOV,
    ),
    Speaker(
        "oecd-ubaldi",
        "Acting Head of Division & Head of Digital Government and Open Data",
        _OECD_GOV,
    ),
    Speaker("oecd-hinsberg", "Policy Analyst", _OECD_GOV),
    Speaker("oecd-rivera", "Policy Analyst", _OECD_GOV),
    Speaker("oecd-klein", "Consultant", _OECD_GOV),
    Speaker(
        "oecd-routzouni",
        "Digital and Open Government Policy Adviser",
        "Hellenic Ministry of Administrative Reform, Government of Greece",
    ),
    Speaker(
        "oecd-low",
        "Senior Programme Analyst",
        "Cabinet Office - Government Digital Service, Government of the United Kingdom",
    ),
)
_OECD_EXPERT_ORGS = {
    "oecd-routzouni": "greece-admin-reform",
    "oecd-low": "uk-gds",
}
_OECD_CHAIRS = ("areepan", "wipada")


def _oecd_day(
    day: int,
    title_th: str,
    title_en: str,
    description: str,
    invited: tuple[str, ...] = (),
    invited_note: str = "",
) -> SessionData:
    return SessionData(
        title_th=title_th,
        title_en=title_en,
        day=_d(2019, 4, day),
        start=_t(9),
        end=_t(16),
        description=description,
        speakers=_OECD_EXPERTS,
        facilitators=_OECD_CHAIRS,
        invited=invited,
        invited_note=invited_note,
    )


OECD = LabData(
    key="oecd",
    source="004",
    name_th="โครงการรายงานการวิเคราะห์สภาวการณ์การบริหารงานภาครัฐแบบองค์รวม",
    name_en=(
        "Supporting Open and Connected Governance and Stakeholder Engagement "
        "(Government at a Glance: Thailand)"
    ),
    kind=Lab.Kind.PROGRAMME,
    hosts=("opdc", "oecd"),
    purpose=(
        "การวิเคราะห์สภาวการณ์การบริหารงานภาครัฐแบบองค์รวม ทบทวนสภาพปัจจุบันของระบบราชการ "
        "วิเคราะห์กระบวนงานหลัก และการทำงานร่วมกันเป็นเครือข่ายของภาคส่วนต่าง ๆ ทั้งภาครัฐ "
        "ภาคเอกชน และภาคประชาสังคม"
    ),
    description=(
        "ส่วนหนึ่งของความร่วมมือระหว่างประเทศไทย และ OECD ให้ข้อเสนอแนะเชิงนโยบายที่มุ่งเน้นการเปลี่ยนผ่าน"
        "ไปสู่ระบบราชการไร้รอยต่อ เปิดกว้างและเชื่อมโยงกับทุกฝ่าย (Open and Connected Government) "
        "หน่วยงานทั้งภาครัฐ ภาคเอกชนและภาคประชาสังคมเข้าร่วมกว่า 27 หน่วยงาน"
    ),
    start_date=_d(2019, 4, 1),
    end_date=_d(2019, 4, 5),
    process="double-diamond",
    members=(
        MemberData("areepan", Role.LEAD, "opdc", note="เป็นประธานการประชุม (chaired the review)"),
        MemberData(
            "wipada",
            Role.FACILITATOR,
            "opdc-innovation",
            inferred=True,
            note="named beside the chair for สำนักงาน ก.พ.ร.",
        ),
        *(
            MemberData(
                s.person,
                Role.EVALUATOR,
                _OECD_EXPERT_ORGS.get(s.person, "oecd-gov"),
                inferred=True,
                note="a reviewing expert of the peer review",
            )
            for s in _OECD_EXPERTS
        ),
    ),
    workshops=(
        WorkshopData(
            title_th="สัมภาษณ์เชิงลึก (Peer - to - Peer Review)",
            title_en="Peer-to-peer review: in-depth interviews",
            format=Workshop.Format.ONSITE,
            time_zone="Asia/Bangkok",
            venue="ห้องประชุมฝ่ายบริหาร ชั้น ๕ สำนักงาน ก.พ.ร.",
            description=(
                "โครงการรายงานการวิเคราะห์สภาวการณ์การบริหารงานภาครัฐแบบองค์รวม Supporting Open and "
                "Connected Governance and Stakeholder Engagement (Government at a Glance: Thailand) "
                "ผู้เชี่ยวชาญจาก OECD กรีซ และ สหราชอาณาจักร จำนวน 7 คน"
            ),
            times_note=WORKING_DAY,
            sessions=(
                _oecd_day(
                    1,
                    "การกำกับดูแลรัฐบาลดิจิทัล แนวทางการดำเนินการของภาครัฐ",
                    "Governance of digital government and the government's approach",
                    "วันแรก มีเนื้อหาครอบคลุมในเรื่องของการกำกับดูแลรัฐบาลดิจิทัล แนวทางการดำเนินการของภาครัฐ",
                    invited=("mdes", "dga", "etda"),
                    invited_note=(
                        "the page names these three among the 27 agencies without their days; "
                        "they are placed on the digital-government day"
                    ),
                ),
                _oecd_day(
                    2,
                    "การเป็นรัฐบาลแบบเปิดและความเท่าเทียมทั่วถึง",
                    "Open government and inclusiveness",
                    "วันที่สอง ครอบคลุมเกี่ยวกับการเป็นรัฐบาลแบบเปิดและความเท่าเทียมทั่วถึง",
                ),
                _oecd_day(
                    3,
                    "การส่งเสริมการมีส่วนร่วมของประชาชน",
                    "Promoting citizen participation: meeting civil society and academics",
                    "วันที่สาม พบปะพูดคุยกับภาคประชาสังคม นักวิชาการ ในเรื่องการส่งเสริมการมีส่วนร่วมของประชาชน",
                ),
                _oecd_day(
                    4,
                    "สภาพแวดล้อมที่ส่งเสริมการเป็นรัฐบาลดิจิทัล",
                    "An enabling environment for digital government",
                    "วันที่สี่ มุ่งเน้นเกี่ยวกับสภาพแวดล้อมที่ส่งเสริมการเป็นรัฐบาลดิจิทัล โดยเฉพาะในแง่ของ"
                    "การเสริมสร้างศักยภาพของข้าราชการ รวมทั้งกฎระเบียบที่รองรับการเป็นรัฐบาลดิจิทัล",
                ),
                _oecd_day(
                    5,
                    "การส่งเสริมนวัตกรรมภาครัฐที่มุ่งเน้นการเป็นรัฐบาลดิจิทัล",
                    "Promoting public sector innovation for digital government",
                    "วันสุดท้าย การส่งเสริมนวัตกรรมภาครัฐที่มุ่งเน้นการเป็นรัฐบาลดิจิทัล",
                ),
            ),
        ),
    ),
)


EVENTS: list[LabData] = [TIPC, KRI, PMDU, UNDP, OECD]
