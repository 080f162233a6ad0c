"""Board methods as data: the definition format, its checker, and the
built-in methods (loaded by a data migration; a lab adds its own through
`services.method_create`).

A definition is JSON:

```
{
  "layout": "columns" | "grid" | "layers" | "canvas" | "free",
  "zones": [{"key", "name_th", "name_en", "color"?, "power"?, "interest"?}],
  "note": {"kind": "note" | "idea" | "persona" | "story" | "stakeholder",
           "max_length": 500,
           "fields": [{"key", "name_th", "name_en", "type": "text" | "textarea" | "tags",
                       "choices"?: [{"key", "name_th", "name_en"}]}],
           "tags": [{"key", "name_th", "name_en"}]},
  "rules": {"notes_per_person": int | null,   # per person and zone
            "voting": bool, "dots_per_person": int,
            "links": "next_zone" | null,      # a note may point at notes of the zone below
            "rounds": [{"key", "name_th", "name_en", "color"?}],
            "round_options": [...same...],    # rounds a facilitator may add
            "directory": bool,                # notes may name an organisation or person
            "revisit_zone": key | null,       # hopes revisited at the close
            "draw_zones": bool,               # the facilitator adds, renames, removes zones
            "private": bool, "anonymous": bool}  # how a new board starts
}
```
"""

from __future__ import annotations

import copy
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LAYOUTS = ("columns", "grid", "layers", "canvas", "free")
NOTE_KINDS = ("note", "idea", "persona", "story", "stakeholder")
FIELD_TYPES = ("text", "textarea", "tags")
COLORS = ("yellow", "green", "red", "blue", "orange", "purple", "pink", "grey", "white", "black")
MAX_ZONES = 24
MAX_FIELDS = 30
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def _named(item: Any, where: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ValidationError(_("%(where)s must be an object.") % {"where": where})
    key = item.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValidationError(
            _("%(where)s needs a key of lower-case letters, digits, - or _ (at most 40).")
            % {"where": where}
        )
    name_th = item.get("name_th")
    if not isinstance(name_th, str) or not name_th.strip():
        raise ValidationError(_("%(where)s needs a Thai name.") % {"where": where})
    out: dict[str, Any] = {
        "key": key,
        "name_th": name_th.strip()[:120],
        "name_en": str(item.get("name_en") or "").strip()[:120],
    }
    color = item.get("color")
    if color is not None:
        if color not in COLORS:
            raise ValidationError(
                _("%(where)s: unknown colour %(color)s.") % {"where": where, "color": color}
            )
        out["color"] = color
    return out


def _named_list(items: Any, where: str, limit: int) -> list[dict[str, Any]]:
    if items is None:
        return []
    if not isinstance(items, list):
        raise ValidationError(_("%(where)s must be a list.") % {"where": where})
    if len(items) > limit:
        raise ValidationError(
            _("%(where)s: at most %(limit)d items.") % {"where": where, "limit": limit}
        )
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, item in enumerate(items, start=1):
        named = _named(item, f"{where} {index}")
        if named["key"] in seen:
            raise ValidationError(
                _("%(where)s: the key %(key)s is used twice.")
                % {"where": where, "key": named["key"]}
            )
        seen.add(named["key"])
        out.append(named | _extra(item))
    return out


def _extra(item: dict[str, Any]) -> dict[str, Any]:
    """Zone extras: where on the power/interest grid a zone sits."""
    extra: dict[str, Any] = {}
    for axis in ("power", "interest"):
        if axis in item:
            value = item[axis]
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
                raise ValidationError(_("Power and interest run from 0 to 100."))
            extra[axis] = value
    return extra


def _int_or_none(value: Any, where: str, low: int, high: int) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValidationError(
            _("%(where)s must be a whole number from %(low)d to %(high)d.")
            % {"where": where, "low": low, "high": high}
        )
    return value


def check_definition(definition: Any) -> dict[str, Any]:
    """The definition cleaned, or a ValidationError that says what is wrong."""
    if not isinstance(definition, dict):
        raise ValidationError(_("A method definition must be a JSON object."))
    layout = definition.get("layout", "columns")
    if layout not in LAYOUTS:
        raise ValidationError(_("Unknown layout %(layout)s.") % {"layout": layout})
    rules_in = definition.get("rules") or {}
    if not isinstance(rules_in, dict):
        raise ValidationError(_("The rules must be a JSON object."))
    zones = _named_list(definition.get("zones"), _("Zone"), MAX_ZONES)
    if not zones and not rules_in.get("draw_zones"):
        raise ValidationError(
            _("A method needs at least one zone, or lets the facilitator draw them.")
        )
    note_in = definition.get("note") or {}
    if not isinstance(note_in, dict):
        raise ValidationError(_("The note settings must be a JSON object."))
    kind = note_in.get("kind", "note")
    if kind not in NOTE_KINDS:
        raise ValidationError(_("Unknown note kind %(kind)s.") % {"kind": kind})
    fields = []
    raw_fields = note_in.get("fields") or []
    for index, (raw, named) in enumerate(
        zip(raw_fields, _named_list(raw_fields, _("Field"), MAX_FIELDS), strict=True), start=1
    ):
        field_type = raw.get("type", "text")
        if field_type not in FIELD_TYPES:
            raise ValidationError(
                _("Field %(index)d: unknown type %(type)s.") % {"index": index, "type": field_type}
            )
        named["type"] = field_type
        if raw.get("choices") is not None:
            named["choices"] = _named_list(raw["choices"], _("Choice"), 40)
        fields.append(named)
    note = {
        "kind": kind,
        "max_length": _int_or_none(note_in.get("max_length", 500), _("Note length"), 20, 2000)
        or 500,
        "fields": fields,
        "tags": _named_list(note_in.get("tags"), _("Tag"), 40),
    }
    zone_keys = {zone["key"] for zone in zones}
    links = rules_in.get("links")
    if links not in (None, "next_zone"):
        raise ValidationError(_("Links can only point at the next zone."))
    revisit = rules_in.get("revisit_zone")
    if revisit is not None and revisit not in zone_keys:
        raise ValidationError(_("The zone to revisit is not one of the zones."))
    rules = {
        "notes_per_person": _int_or_none(
            rules_in.get("notes_per_person"), _("Notes per person"), 1, 50
        ),
        "voting": bool(rules_in.get("voting", False)),
        "dots_per_person": _int_or_none(rules_in.get("dots_per_person", 3), _("Dots"), 1, 20) or 3,
        "links": links,
        "rounds": _named_list(rules_in.get("rounds"), _("Round"), 12),
        "round_options": _named_list(rules_in.get("round_options"), _("Round"), 12),
        "directory": bool(rules_in.get("directory", False)),
        "revisit_zone": revisit,
        "draw_zones": bool(rules_in.get("draw_zones", False)),
        "private": bool(rules_in.get("private", False)),
        "anonymous": bool(rules_in.get("anonymous", False)),
    }
    return {"layout": layout, "zones": zones, "note": note, "rules": rules}


def fresh_copy(definition: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(definition)


def _n(key: str, th: str, en: str, **extra: Any) -> dict[str, Any]:
    return {"key": key, "name_th": th, "name_en": en, **extra}


HATS = [
    _n("white", "หมวกขาว: ข้อเท็จจริง", "White hat: facts", color="white"),
    _n("red", "หมวกแดง: ความรู้สึก", "Red hat: feelings", color="red"),
    _n("black", "หมวกดำ: ข้อควรระวัง (เชิงลบ)", "Black hat: caution (negative)", color="black"),
    _n("yellow", "หมวกเหลือง: ประโยชน์ (เชิงบวก)", "Yellow hat: benefits (positive)", color="yellow"),
    _n("green", "หมวกเขียว: ความคิดสร้างสรรค์", "Green hat: creativity", color="green"),
    _n("blue", "หมวกน้ำเงิน: กระบวนการ", "Blue hat: process", color="blue"),
]
_HAT = {hat["key"]: hat for hat in HATS}

VULNERABLE_GROUPS = [
    _n("elderly", "ผู้สูงอายุ", "Older people"),
    _n("disability", "คนพิการ", "People with disabilities"),
    _n("low_income", "ผู้มีรายได้น้อย", "People on low incomes"),
    _n("children_youth", "เด็กและเยาวชน", "Children and young people"),
    _n("women", "ผู้หญิง", "Women"),
    _n("lgbtqi", "ผู้มีความหลากหลายทางเพศ", "LGBTQI+ people"),
    _n("ethnic_stateless", "กลุ่มชาติพันธุ์และผู้ไร้สถานะ", "Ethnic minorities and stateless people"),
    _n("migrants", "แรงงานข้ามชาติ", "Migrant workers"),
    _n("rural_remote", "ผู้อยู่ในพื้นที่ห่างไกล", "People in remote areas"),
    _n("drug_users", "ผู้ใช้ยาเสพติด", "People who use drugs"),
    _n("informal_workers", "แรงงานนอกระบบ", "Informal workers"),
]

TIPC_OUTCOMES = [
    _n("shielding", "การปกป้องพื้นที่ทดลอง", "Shielding"),
    _n("learning", "การเรียนรู้", "Learning"),
    _n("networking", "การสร้างเครือข่าย", "Networking"),
    _n("expectations", "การกำหนดความคาดหวังร่วม", "Navigating expectations"),
    _n("upscaling", "การขยายผล", "Upscaling"),
    _n("replication", "การทำซ้ำในพื้นที่อื่น", "Replication"),
    _n("circulation", "การหมุนเวียนคนและความคิด", "Circulation"),
    _n("institutionalisation", "การทำให้เป็นสถาบัน", "Institutionalisation"),
    _n("destabilising", "การสั่นคลอนระบอบเดิม", "De-aligning and destabilising regimes"),
    _n("unlocking", "การปลดล็อกข้อจำกัดเดิม", "Unlocking lock-ins"),
    _n("landscape", "การเปลี่ยนมุมมองต่อแรงกดดันภายนอก", "Changing perceptions of landscape pressures"),
    _n("niche_regime", "การเชื่อมพื้นที่ทดลองกับระบอบหลัก", "Strengthening niche–regime interactions"),
]


def _text(key: str, th: str, en: str, kind: str = "textarea") -> dict[str, Any]:
    return _n(key, th, en, type=kind)


PERSONA_FIELDS = [
    _text("segment", "กลุ่ม", "Group or segment", "text"),
    _text("age", "อายุ", "Age", "text"),
    _text("occupation", "อาชีพ", "Occupation", "text"),
    _text("location", "ที่อยู่อาศัย", "Where they live", "text"),
    _text("background", "ภูมิหลัง", "Background"),
    _text("needs", "ความต้องการ", "Needs"),
    _text("motivations", "แรงจูงใจ", "Motivations"),
    _text("behaviours", "พฤติกรรม", "Behaviours"),
    _text("frustrations", "ความคับข้องใจและความกลัว", "Frustrations and fears"),
    _text("aspirations", "ความปรารถนา", "Aspirations"),
    _text("quote", "คำพูดของเขา", "A quote in their words"),
    _n(
        "vulnerable_groups",
        "กลุ่มเปราะบาง",
        "Vulnerable groups",
        type="tags",
        choices=VULNERABLE_GROUPS,
    ),
    _text("barriers", "อุปสรรคในการเข้าถึงบริการ", "Barriers to services"),
    _text("intersecting", "ปัจจัยที่ซ้อนทับกัน", "Intersecting factors"),
    _text("channels", "ช่องทางที่ใช้", "Channels they use"),
]

BUILTIN_METHODS: list[dict[str, Any]] = [
    {
        "key": "hopes-fears",
        "name_th": "ความหวังและความกังวล",
        "name_en": "Hopes & Fears",
        "description_th": "สองคอลัมน์ แต่ละคนเขียนได้ไม่เกินสามใบต่อคอลัมน์ จัดกลุ่มเป็นประเด็น และกลับมาทบทวนความหวังตอนปิดงาน",
        "description_en": "Two columns; up to three notes each per column; grouped into themes; hopes revisited at the close.",
        "definition": {
            "layout": "columns",
            "zones": [
                _n("hopes", "ความหวัง", "Hopes", color="green"),
                _n("fears", "ความกังวล", "Fears", color="red"),
            ],
            "note": {"kind": "note", "max_length": 280},
            "rules": {"notes_per_person": 3, "revisit_zone": "hopes"},
        },
    },
    {
        "key": "persona",
        "name_th": "ผืนผ้าใบบุคลิกผู้ใช้ (เพอร์โซนา)",
        "name_en": "Persona canvas",
        "description_th": "สร้างตัวละครตัวแทนกลุ่มเป้าหมาย ไม่ทิ้งใครไว้ข้างหลัง ทุกใบกลายเป็นเพอร์โซนาของแล็บที่นำไปใช้ซ้ำได้",
        "description_en": "Personas of the people a policy serves, leaving no one behind; each card becomes a reusable persona of the lab.",
        "definition": {
            "layout": "canvas",
            "zones": [_n("personas", "เพอร์โซนา", "Personas", color="purple")],
            "note": {"kind": "persona", "max_length": 120, "fields": PERSONA_FIELDS},
            "rules": {},
        },
    },
    {
        "key": "iceberg",
        "name_th": "โมเดลภูเขาน้ำแข็ง",
        "name_en": "Iceberg",
        "description_th": "เหตุการณ์ แบบแผน โครงสร้าง และกรอบความคิด โยงโน้ตจากชั้นหนึ่งไปยังชั้นที่อยู่ลึกลงไป",
        "description_en": "Events, patterns, structures and mental models; link a note to notes in the layer below.",
        "definition": {
            "layout": "layers",
            "zones": [
                _n("events", "เหตุการณ์", "Events", color="white"),
                _n("patterns", "แบบแผนและแนวโน้ม", "Patterns and trends", color="blue"),
                _n("structures", "โครงสร้าง", "Underlying structures", color="purple"),
                _n("mental-models", "กรอบความคิด ค่านิยม ความเชื่อ", "Mental models", color="grey"),
            ],
            "rules": {"links": "next_zone"},
        },
    },
    {
        "key": "causal-layers",
        "name_th": "การวิเคราะห์ชั้นของสาเหตุ (CLA)",
        "name_en": "Causal layered analysis",
        "description_th": "ปรากฏการณ์ สาเหตุเชิงระบบ โลกทัศน์และวาทกรรม ตำนานและอุปลักษณ์",
        "description_en": "Litany, systemic causes, worldview and discourse, myth and metaphor.",
        "definition": {
            "layout": "layers",
            "zones": [
                _n("litany", "ปรากฏการณ์ที่เห็น", "Litany", color="white"),
                _n("systemic", "สาเหตุเชิงระบบ", "Systemic causes", color="blue"),
                _n("worldview", "โลกทัศน์และวาทกรรม", "Worldview and discourse", color="purple"),
                _n("myth", "ตำนานและอุปลักษณ์", "Myth and metaphor", color="grey"),
            ],
            "rules": {"links": "next_zone"},
        },
    },
    {
        "key": "stakeholder-map",
        "name_th": "แผนที่ผู้มีส่วนได้ส่วนเสีย",
        "name_en": "Stakeholder map",
        "description_th": "อำนาจและความสนใจ สี่ช่อง โน้ตที่ระบุหน่วยงานหรือบุคคลในทำเนียบจะเพิ่มเป็นผู้มีส่วนได้ส่วนเสียของโจทย์",
        "description_en": "Power and interest in four quadrants; a note naming a directory organisation or person adds it to the challenge's stakeholders.",
        "definition": {
            "layout": "grid",
            "zones": [
                _n(
                    "keep_satisfied",
                    "ทำให้พึงพอใจ (อำนาจสูง ความสนใจต่ำ)",
                    "Keep satisfied (high power, low interest)",
                    color="orange",
                    power=75,
                    interest=25,
                ),
                _n(
                    "manage_closely",
                    "บริหารใกล้ชิด (อำนาจสูง ความสนใจสูง)",
                    "Manage closely (high power, high interest)",
                    color="red",
                    power=75,
                    interest=75,
                ),
                _n(
                    "monitor",
                    "ติดตามดู (อำนาจต่ำ ความสนใจต่ำ)",
                    "Monitor (low power, low interest)",
                    color="grey",
                    power=25,
                    interest=25,
                ),
                _n(
                    "keep_informed",
                    "แจ้งให้ทราบ (อำนาจต่ำ ความสนใจสูง)",
                    "Keep informed (low power, high interest)",
                    color="blue",
                    power=25,
                    interest=75,
                ),
            ],
            "note": {"kind": "stakeholder", "max_length": 200},
            "rules": {"directory": True},
        },
    },
    {
        "key": "idea-voting",
        "name_th": "ระดมความคิดและโหวตด้วยจุด",
        "name_en": "Idea board with dot voting",
        "description_th": "เขียนไอเดีย แล้วแต่ละคนแปะจุดตามจำนวนที่ผู้อำนวยการกระบวนการกำหนด ผลเปิดเมื่อผู้อำนวยการกระบวนการสั่ง",
        "description_en": "Write ideas, then each person places the dots the facilitator allows; results shown when the facilitator says.",
        "definition": {
            "layout": "columns",
            "zones": [_n("ideas", "ไอเดีย", "Ideas", color="yellow")],
            "note": {"kind": "idea", "max_length": 280},
            "rules": {"voting": True, "dots_per_person": 3},
        },
    },
    {
        "key": "thinking-hats",
        "name_th": "หมวกความคิด",
        "name_en": "Thinking hats",
        "description_th": "ผู้อำนวยการกระบวนการพาทั้งห้องไปทีละรอบ สร้างสรรค์ เชิงบวก เชิงลบ (เลือกได้ครบหกใบ) โน้ตแต่ละใบจำรอบของตน",
        "description_en": "The facilitator moves the room round by round: creative, positive, negative (all six hats available); notes carry their round.",
        "definition": {
            "layout": "columns",
            "zones": [_n("ideas", "ความคิด", "Thoughts", color="yellow")],
            "note": {"kind": "note", "max_length": 280},
            "rules": {
                "rounds": [_HAT["green"], _HAT["yellow"], _HAT["black"]],
                "round_options": HATS,
            },
        },
    },
    {
        "key": "story-circle",
        "name_th": "วงเล่าเรื่อง",
        "name_en": "Story circle",
        "description_th": "เรื่องเล่าสั้นของการเปลี่ยนแปลง ติดป้ายผลลัพธ์การเปลี่ยนแปลงเชิงระบบ (TIPC)",
        "description_en": "Short stories of change, tagged with the transformative outcomes (TIPC).",
        "definition": {
            "layout": "columns",
            "zones": [_n("stories", "เรื่องเล่า", "Stories", color="orange")],
            "note": {"kind": "story", "max_length": 1000, "tags": TIPC_OUTCOMES},
            "rules": {},
        },
    },
    {
        "key": "blank",
        "name_th": "กระดานว่าง",
        "name_en": "Blank board",
        "description_th": "ผู้อำนวยการกระบวนการวาดพื้นที่เอง",
        "description_en": "Zones the facilitator draws.",
        "definition": {
            "layout": "free",
            "zones": [_n("main", "พื้นที่หลัก", "Main area", color="yellow")],
            "rules": {"draw_zones": True},
        },
    },
]

REVISIT_CHOICES = ("met", "partly", "not_met")


def load_builtin(method_model: Any) -> None:
    """Create or refresh the built-in methods (data migration and tests)."""
    for order, spec in enumerate(BUILTIN_METHODS, start=1):
        method_model.objects.update_or_create(
            key=spec["key"],
            lab=None,
            defaults={
                "name_th": spec["name_th"],
                "name_en": spec["name_en"],
                "description_th": spec["description_th"],
                "description_en": spec["description_en"],
                "definition": check_definition(spec["definition"]),
                "order": order,
            },
        )
