"""What the columns of an office's file mean.

Each importable field has Thai and English header synonyms. The header row
is found by matching cells against them (offices put titles above the
header, split it over two rows and merge cells), and the user may correct
the result in the web flow.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from directory.imports.readers import Sheet
from lib.thai.text import compact

ORGANISATIONS = "organisations"
PEOPLE = "people"
KINDS = (ORGANISATIONS, PEOPLE)
KIND_LABELS = {ORGANISATIONS: _("Organisations"), PEOPLE: _("People")}

# How far down a sheet the header is looked for: titles, dates and notes
# above it are common, pages of them are not.
HEADER_SEARCH_ROWS = 15


@dataclass(frozen=True)
class Field:
    name: str
    label: Promise
    synonyms: tuple[str, ...] = ()
    # Variant of the field when a header says "(English)".
    english: str = ""


ORGANISATION_FIELDS = (
    Field(
        "name_th",
        _("Organisation name"),
        (
            "ชื่อหน่วยงาน",
            "หน่วยงาน",
            "ชื่อ",
            "ชื่อองค์กร",
            "องค์กร",
            "ชื่อส่วนราชการ",
            "ส่วนราชการ",
            "ชื่อหน่วยงานภาษาไทย",
            "ชื่อภาษาไทย",
            "ชื่อไทย",
            "organisation name",
            "organization name",
            "organisation",
            "organization",
            "name",
            "name_th",
            "thai name",
            "agency",
        ),
        english="name_en",
    ),
    Field(
        "name_en",
        _("Name in English"),
        ("ชื่อภาษาอังกฤษ", "ชื่ออังกฤษ", "english name", "name_en", "name (english)"),
    ),
    Field(
        "abbreviation_th",
        _("Abbreviation"),
        ("ชื่อย่อ", "อักษรย่อ", "ตัวย่อ", "ชื่อย่อภาษาไทย", "abbreviation", "abbreviation_th", "abbr"),
        english="abbreviation_en",
    ),
    Field(
        "abbreviation_en",
        _("Abbreviation in English"),
        ("ชื่อย่อภาษาอังกฤษ", "ตัวย่อภาษาอังกฤษ", "acronym", "abbreviation_en", "english abbreviation"),
    ),
    Field(
        "aliases",
        _("Other names"),
        ("ชื่ออื่น", "ชื่อเรียกอื่น", "ชื่อเดิม", "aliases", "other names", "alias"),
    ),
    Field("sector", _("Sector"), ("ภาค", "ภาคส่วน", "ภาคี", "sector")),
    Field("kind", _("Kind"), ("ประเภท", "ประเภทหน่วยงาน", "ประเภทองค์กร", "kind", "type")),
    Field(
        "parent",
        _("Parent organisation"),
        (
            "สังกัด",
            "ต้นสังกัด",
            "หน่วยงานต้นสังกัด",
            "หน่วยงานแม่",
            "parent",
            "parent organisation",
            "parent organization",
        ),
    ),
    Field("province", _("Province"), ("จังหวัด", "province", "ที่ตั้งจังหวัด")),
    Field("website", _("Website"), ("เว็บไซต์", "เว็บไซท์", "เว็บ", "website", "url", "web")),
    Field("is_active", _("Active"), ("สถานะ", "ใช้งาน", "active", "is_active", "status")),
)

PERSON_FIELDS = (
    Field("honorific", _("Honorific"), ("คำนำหน้า", "คำนำหน้าชื่อ", "honorific", "title", "prefix")),
    Field(
        "academic_title",
        _("Academic title"),
        ("ตำแหน่งทางวิชาการ", "คำนำหน้าทางวิชาการ", "academic title", "academic_title"),
    ),
    Field(
        "first_name_th",
        _("First name"),
        ("ชื่อ", "ชื่อจริง", "ชื่อภาษาไทย", "first name", "first_name", "first_name_th", "given name"),
        english="first_name_en",
    ),
    Field(
        "last_name_th",
        _("Last name"),
        (
            "นามสกุล",
            "สกุล",
            "นามสกุลภาษาไทย",
            "last name",
            "last_name",
            "last_name_th",
            "surname",
            "family name",
        ),
        english="last_name_en",
    ),
    Field(
        "first_name_en",
        _("First name in English"),
        ("ชื่อภาษาอังกฤษ", "first_name_en", "english first name"),
    ),
    Field(
        "last_name_en",
        _("Last name in English"),
        ("นามสกุลภาษาอังกฤษ", "last_name_en", "english last name"),
    ),
    Field(
        "full_name_th",
        _("Full name"),
        ("ชื่อ-นามสกุล", "ชื่อ-สกุล", "ชื่อนามสกุล", "ชื่อและนามสกุล", "ชื่อสกุล", "full name", "name"),
    ),
    Field("position", _("Position"), ("ตำแหน่ง", "ตำแหน่งงาน", "position", "job title")),
    Field(
        "organisation",
        _("Organisation"),
        (
            "หน่วยงาน",
            "ชื่อหน่วยงาน",
            "สังกัด",
            "หน่วยงานต้นสังกัด",
            "องค์กร",
            "organisation",
            "organization",
            "agency",
        ),
    ),
    Field("email", _("E-mail"), ("อีเมล", "อีเมล์", "อีเมลล์", "e-mail", "email", "mail")),
    Field(
        "phone",
        _("Phone"),
        (
            "โทรศัพท์",
            "เบอร์โทร",
            "เบอร์โทรศัพท์",
            "หมายเลขโทรศัพท์",
            "โทร",
            "มือถือ",
            "phone",
            "telephone",
            "tel",
            "mobile",
        ),
    ),
    Field("tags", _("Tags"), ("แท็ก", "แท็ก", "ป้ายกำกับ", "tags", "tag")),
    Field(
        "contact_consent",
        _("Consents to be contacted"),
        ("ยินยอมให้ติดต่อ", "ยินยอม", "ความยินยอม", "consent", "contact consent", "contact_consent"),
    ),
    Field(
        "start_date", _("Since"), ("ตั้งแต่", "วันที่เริ่ม", "เริ่มตั้งแต่", "start date", "start_date", "since")
    ),
)

FIELDS = {ORGANISATIONS: ORGANISATION_FIELDS, PEOPLE: PERSON_FIELDS}
# Without one of these a sheet is not a file of that kind.
NAME_FIELDS = {
    ORGANISATIONS: {"name_th", "name_en"},
    PEOPLE: {"first_name_th", "first_name_en", "full_name_th"},
}

_THAI_QUALIFIERS = ("ภาษาไทย", "ไทย", "thai", "th")
_ENGLISH_QUALIFIERS = ("ภาษาอังกฤษ", "อังกฤษ", "english", "eng", "en")


def field_choices(kind: str) -> list[tuple[str, str]]:
    return [(f.name, str(f.label)) for f in FIELDS[kind]]


@functools.cache
def _synonyms(kind: str) -> dict[str, str]:
    """compact(header) -> field, including the field labels in both
    languages, so files exported by Saphan in any language come back."""
    table: dict[str, str] = {}
    for f in FIELDS[kind]:
        for synonym in f.synonyms:
            table.setdefault(compact(synonym), f.name)
    for f in FIELDS[kind]:
        for lang in ("th", "en"):
            with translation.override(lang):
                table.setdefault(compact(str(f.label)), f.name)
    return table


def match_header(text: str, kind: str) -> str | None:
    """The field a header names, or None. "ชื่อหน่วยงาน (ภาษาอังกฤษ)" and
    "English name" resolve through language qualifiers."""
    table = _synonyms(kind)
    key = compact(text)
    if not key:
        return None
    if key in table:
        return table[key]
    fields = {f.name: f for f in FIELDS[kind]}
    for qualifiers, english in ((_ENGLISH_QUALIFIERS, True), (_THAI_QUALIFIERS, False)):
        for q in qualifiers:
            for base in (
                key[: -len(q)] if key.endswith(q) else "",
                key[len(q) :] if key.startswith(q) else "",
            ):
                if base and base in table:
                    name = table[base]
                    if english:
                        return fields[name].english or (name if name.endswith("_en") else None)
                    return name
    return None


@dataclass
class Layout:
    """Where a sheet's header is and what each column means."""

    sheet: str
    kind: str
    header_rows: list[int]  # row numbers as Excel shows them
    headers: list[str]
    mapping: list[str]  # field name or "" per column
    score: int = 0
    first_data: int = 0  # index into Sheet.rows of the first data row
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "sheet": self.sheet,
            "kind": self.kind,
            "header_rows": self.header_rows,
            "headers": self.headers,
            "mapping": self.mapping,
            "first_data": self.first_data,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Layout:
        return cls(
            sheet=str(data["sheet"]),
            kind=str(data["kind"]),
            header_rows=list(data["header_rows"]),  # type: ignore[call-overload]
            headers=list(data["headers"]),  # type: ignore[call-overload]
            mapping=list(data["mapping"]),  # type: ignore[call-overload]
            first_data=int(data["first_data"]),  # type: ignore[call-overload]
        )

    def column_of(self, field_name: str) -> int | None:
        try:
            return self.mapping.index(field_name)
        except ValueError:
            return None


def _combine(top: list[str], bottom: list[str]) -> list[tuple[str, str]]:
    """Pairs (top, bottom) per column of a header split over two rows.

    Merged cells arrive as one value and blanks (read-only openpyxl does not
    report merges), so a blank top cell over a filled bottom cell inherits
    the group title to its left, as the merge meant it."""
    width = max(len(top), len(bottom))
    top = top + [""] * (width - len(top))
    bottom = bottom + [""] * (width - len(bottom))
    filled = list(top)
    for i in range(1, width):
        # A top cell with nothing below it is a header on its own (merged
        # downwards), never a group title.
        if not filled[i] and bottom[i] and bottom[i - 1] and filled[i - 1]:
            filled[i] = filled[i - 1]
    return list(zip(filled, bottom, strict=True))


def _map_pairs(pairs: list[tuple[str, str]], kind: str) -> tuple[list[str], list[str]]:
    headers, mapping, used = [], [], set()
    for top, bottom in pairs:
        if top and bottom:
            header = f"{top} {bottom}"
            name = (
                match_header(header, kind) or match_header(bottom, kind) or match_header(top, kind)
            )
        else:
            header = top or bottom
            name = match_header(header, kind)
        if name in used:
            name = None
        if name:
            used.add(name)
        headers.append(header)
        mapping.append(name or "")
    return headers, mapping


def _candidate(sheet: Sheet, index: int, kind: str, two_rows: bool) -> Layout:
    number, top = sheet.rows[index]
    if two_rows and index + 1 < len(sheet.rows):
        next_number, bottom = sheet.rows[index + 1]
        pairs = _combine(top, bottom)
        rows, first = [number, next_number], index + 2
    else:
        pairs = [(c, "") for c in top]
        rows, first = [number], index + 1
    headers, mapping = _map_pairs(pairs, kind)
    mapped = {m for m in mapping if m}
    score = len(mapped) if mapped & NAME_FIELDS[kind] else 0
    return Layout(
        sheet=sheet.name,
        kind=kind,
        header_rows=rows,
        headers=headers,
        mapping=mapping,
        score=score,
        first_data=first,
    )


def detect_layout(sheet: Sheet, kind: str | None = None) -> Layout | None:
    """The best header (one row or two) among the first rows of a sheet, and
    which kind of records the sheet holds, or None when nothing matches."""
    kinds = [kind] if kind else list(KINDS)
    best: Layout | None = None
    for index in range(min(HEADER_SEARCH_ROWS, len(sheet.rows))):
        for k in kinds:
            single = _candidate(sheet, index, k, two_rows=False)
            double = _candidate(sheet, index, k, two_rows=True)
            # A second header row must add fields, or it is the first data row.
            candidate = double if double.score > single.score else single
            # On equal scores the header with fewer rows wins: a title row
            # above a one-row header is not part of it.
            if best is None or (candidate.score, -len(candidate.header_rows)) > (
                best.score,
                -len(best.header_rows),
            ):
                best = candidate
    if best is None or best.score < 2:
        return None
    return best


def remap(layout: Layout, mapping: list[str]) -> Layout:
    """The layout with the user's mapping (unknown names ignored, each field once)."""
    allowed = {f.name for f in FIELDS[layout.kind]}
    cleaned, used = [], set()
    for name in mapping[: len(layout.headers)]:
        name = name if name in allowed and name not in used else ""
        used.add(name)
        cleaned.append(name)
    cleaned += [""] * (len(layout.headers) - len(cleaned))
    return Layout(
        sheet=layout.sheet,
        kind=layout.kind,
        header_rows=layout.header_rows,
        headers=layout.headers,
        mapping=cleaned,
        first_data=layout.first_data,
    )


_LABEL_SPLIT = re.compile(r"[,;|\n]+")


def split_list(text: str) -> list[str]:
    """Cells holding several values: tags, other names."""
    return [p.strip() for p in _LABEL_SPLIT.split(text) if p.strip()]
