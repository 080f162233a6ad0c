"""Demo boards for the seed events (manage.py loaddemo).

The Thailand Policy Lab page (seed 003) names the tools its southern
workshop used: Hopes & Fears, personas of vulnerable groups and the
iceberg; the TIPC session (seed 000) gathered short stories of change. The
boards below run those methods in the demo workshops. The pages do not
record what participants wrote, so the notes are ours: written to show the
methods at work, by demo participants from the agencies the pages name, and
titled as examples.

Notes go through the same operations as a phone's messages
(boards.live.operations.handle), so the demo exercises the real path.
Idempotent: a workshop that has boards already is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from boards.live.operations import handle
from boards.models import Board, Method
from boards.selectors import Actor
from boards.services import board_create, participant_join
from labs.demo.builder import _Directory
from labs.demo.events import TIPC, UNDP, LabData
from labs.models import Lab
from lib.thai.text import compact

EXAMPLE = "ตัวอย่าง"

# (display name, organisation key in directory.demo.data)
SOUTHERN_ROOM = [
    ("คุณอามีนะห์", "sbpac"),
    ("คุณสุไลมาน", "ppho-pattani"),
    ("คุณวิไลวรรณ", "pao-yala"),
    ("คุณอับดุลเลาะ", "paco-narathiwat"),
    ("คุณศิริพร", "nesdc"),
    ("คุณมะรอนิง", "pao-pattani"),
]


@dataclass(frozen=True)
class DemoBoard:
    method: str
    title: str
    prompt: str
    session_contains: str
    notes: tuple[tuple[str, str, dict[str, Any]], ...]  # (zone, text, fields)


UNDP_BOARDS = [
    DemoBoard(
        "hopes-fears",
        f"ความหวังและความกังวลต่อระบบอาหารชายแดนใต้ ({EXAMPLE})",
        "เราหวังอะไร และกังวลอะไร ต่อการพลิกโฉมระบบอาหารและการเกษตรในท้องถิ่น",
        "Hopes",
        (
            ("hopes", "เกษตรกรรายย่อยขายผลผลิตให้โรงเรียนและโรงพยาบาลในจังหวัดได้โดยตรง", {}),
            ("hopes", "หน่วยงานจังหวัดใช้ข้อมูลครัวเรือนเปราะบางชุดเดียวกัน", {}),
            ("hopes", "คนรุ่นใหม่กลับมาทำเกษตรที่บ้านเพราะมีรายได้มั่นคง", {}),
            ("hopes", "มีแผนปฏิบัติการร่วมที่ทุกหน่วยงานรับไปทำจริง", {}),
            ("fears", "โครงการจบแล้วไม่มีใครเป็นเจ้าภาพต่อ", {}),
            ("fears", "งบประมาณแยกกันตามกรม ทำงานร่วมกันยาก", {}),
            ("fears", "ชาวบ้านไม่ได้มีส่วนร่วมตั้งแต่ต้น", {}),
            ("fears", "ราคาผลผลิตตกเมื่อทุกคนปลูกพืชชนิดเดียวกัน", {}),
        ),
    ),
    DemoBoard(
        "persona",
        f"กลุ่มคนเปราะบางในระบบอาหาร ({EXAMPLE})",
        "ซูมเข้าไปที่กลุ่มคนเปราะบาง เพื่อออกแบบนโยบายแบบไม่ทิ้งใครไว้ข้างหลัง",
        "Personas",
        (
            (
                "personas",
                "ก๊ะนะ แม่ค้าผักริมทาง",
                {
                    "age": "52",
                    "occupation": "ปลูกผักสวนครัวขายในตลาดนัด",
                    "location": "อำเภอรามัน จังหวัดยะลา",
                    "needs": "ตลาดที่รับซื้อแน่นอนและเงินทุนหมุนเวียน",
                    "frustrations": "เดินทางไปติดต่อราชการหลายที่ เอกสารไม่เหมือนกัน",
                    "quote": "ขายได้วันละนิด ขอแค่มีคนรับซื้อทุกอาทิตย์",
                    "vulnerable_groups": ["low_income", "informal_workers", "women"],
                    "barriers": "ไม่มีเอกสารสิทธิ์ที่ดิน กู้เงินในระบบไม่ได้",
                },
            ),
            (
                "personas",
                "บังฟาริด ชาวประมงพื้นบ้าน",
                {
                    "age": "38",
                    "occupation": "ประมงพื้นบ้าน",
                    "location": "อำเภอหนองจิก จังหวัดปัตตานี",
                    "needs": "ห้องเย็นของชุมชนและการแปรรูปสัตว์น้ำ",
                    "quote": "จับปลาได้มาก แต่ขายไม่ทันก็เสีย",
                    "vulnerable_groups": ["low_income", "rural_remote"],
                },
            ),
        ),
    ),
    DemoBoard(
        "iceberg",
        f"ถอดรหัสความเชื่อที่ซ่อนหยั่งลึก ({EXAMPLE})",
        "ใช้ภูเขาน้ำแข็งถอดให้เห็นคุณค่า ความเชื่อ ทัศนคติ ที่อยู่ใต้เหตุการณ์",
        "Causal",
        (
            ("events", "ผลผลิตล้นตลาด ราคาตกทุกปีช่วงเดียวกัน", {}),
            ("patterns", "เกษตรกรปลูกตามกันเพราะไม่มีข้อมูลตลาดล่วงหน้า", {}),
            ("structures", "ข้อมูลผลผลิตและความต้องการอยู่คนละหน่วยงาน ไม่เชื่อมกัน", {}),
            ("mental-models", "เชื่อว่าแต่ละหน่วยงานต้องมีโครงการของตัวเองจึงจะเห็นผลงาน", {}),
        ),
    ),
]

TIPC_BOARDS = [
    DemoBoard(
        "story-circle",
        f"เรื่องเล่าของการเปลี่ยนแปลง ({EXAMPLE})",
        "เล่าประสบการณ์สั้นๆ ของการเปลี่ยนแปลงในภาครัฐที่ยั่งยืน",
        "",
        (
            (
                "stories",
                "ทีมเล็กจากสามกรมนั่งทำงานห้องเดียวกันหนึ่งเดือน แล้วแบบฟอร์มที่ประชาชนต้องกรอกลดจากสามชุดเหลือชุดเดียว",
                {},
            ),
            ("stories", "โครงการนำร่องได้รับยกเว้นระเบียบหนึ่งปี จนพิสูจน์ได้ว่าได้ผลและกลายเป็นระเบียบใหม่", {}),
        ),
    ),
]

STORY_TAGS = {0: ["networking", "learning"], 1: ["shielding", "institutionalisation"]}


def _lab(data: LabData) -> Lab | None:
    for lab in Lab.objects.all():
        if compact(lab.name_th) == compact(data.name_th):
            return lab
    return None


def _build(lab: Lab, specs: list[DemoBoard], directory: _Directory, by: Any) -> int:
    workshop = lab.workshops.order_by("pk").first()
    if workshop is None or Board.objects.filter(workshop=workshop).exists():
        return 0
    challenge = lab.challenges.order_by("pk").first()
    made = 0
    for spec in specs:
        session = None
        if spec.session_contains:
            session = workshop.sessions.filter(title_en__icontains=spec.session_contains).first()
        board = board_create(
            lab=lab,
            by=by,
            method=Method.objects.get(key=spec.method, lab=None),
            title=spec.title,
            prompt=spec.prompt,
            workshop=workshop,
            session=session,
            challenge=challenge,
        )
        people = []
        for name, org_key in SOUTHERN_ROOM:
            try:
                organisation = directory.organisation(org_key)
            except Exception:  # noqa: BLE001 - a demo directory without that office
                organisation = None
            participant, _token = participant_join(
                board=board, display_name=name, organisation=organisation
            )
            people.append(participant)
        for index, (zone, text, fields) in enumerate(spec.notes):
            author = people[index % len(people)]
            actor = Actor(
                author.pk, author.public_id, author.display_name, author.organisation_label
            )
            message: dict[str, Any] = {
                "id": f"demo-{board.pk}-{index:04d}",
                "zone": zone,
                "text": text,
            }
            if fields:
                message["fields"] = fields
            if spec.method == "story-circle":
                message["tags"] = STORY_TAGS.get(index, [])
            handle(board_id=board.pk, actor=actor, kind="note.add", fields=message)
        made += 1
    return made


def build_demo_boards(*, by: Any = None) -> int:
    """Boards for the demo workshops; returns how many were made."""
    directory = _Directory()
    made = 0
    with transaction.atomic():
        for data, specs in ((UNDP, UNDP_BOARDS), (TIPC, TIPC_BOARDS)):
            lab = _lab(data)
            if lab is not None:
                made += _build(lab, specs, directory, by)
    return made
