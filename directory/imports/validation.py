"""From mapped rows to records ready to write, with row-by-row errors.

Every message names the row as Excel shows it and the column as the file
names it, in the language active while validating (the uploader's).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from directory.imports import mapping
from directory.imports.lookups import (
    OrganisationIndex,
    PersonIndex,
    kind_table,
    province_key,
    province_table,
    sector_table,
)
from directory.imports.mapping import ORGANISATIONS, PEOPLE, Layout
from directory.imports.readers import Workbook
from directory.models import Organisation, Person
from directory.services import PERSON_NAME_FIELDS
from lib.thai.dates import MONTHS_FULL, MONTHS_SHORT
from lib.thai.text import clean, compact, to_arabic_digits

Progress = Callable[[int, int], None]

# Titles written joined to the name in a single "ชื่อ-นามสกุล" column; the
# longest first, so "นางสาว" wins over "นาง" and "ผศ.ดร." over "ผศ.".
ACADEMIC_TITLES = (
    "ศาสตราจารย์",
    "รองศาสตราจารย์",
    "ผู้ช่วยศาสตราจารย์",
    "ศ.ดร.",
    "รศ.ดร.",
    "ผศ.ดร.",
    "ศ.",
    "รศ.",
    "ผศ.",
    "ดร.",
    "Prof.",
    "Dr.",
)
HONORIFICS = (
    "นางสาว",
    "นาง",
    "นาย",
    "ว่าที่ร้อยตรี",
    "ว่าที่ ร.ต.",
    "น.ส.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Miss",
    "Mr",
    "Mrs",
    "Ms",
)
TRUE_WORDS = {"1", "true", "yes", "y", "ใช่", "ยินยอม", "ใช้งาน", "active", "x", "✓", "✔", "มี"}
FALSE_WORDS = {
    "0",
    "false",
    "no",
    "n",
    "ไม่",
    "ไม่ใช่",
    "ไม่ยินยอม",
    "ยกเลิก",
    "ไม่ใช้งาน",
    "inactive",
    "-",
    "ไม่มี",
}

_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Row %(row)s, column '%(column)s': %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "text": str(self),
        }


@dataclass
class Match:
    """A row that may already be in the directory or earlier in the file."""

    how: str  # "exact" | "fuzzy" | "file"
    label: str
    target_id: int | None = None  # existing record
    target_row: int | None = None  # earlier row of the same sheet
    score: int = 100
    reason: str = ""


@dataclass
class Record:
    model: str  # "organisation" | "person"
    sheet_index: int
    sheet: str
    row: int
    values: dict[str, Any] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    # Reference to an organisation: ("org", pk) existing or ("row", (sheet_index, row)).
    parent: tuple[str, Any] | None = None
    organisation: tuple[str, Any] | None = None
    start_date: dt.date | None = None
    match: Match | None = None
    action: str = "create"  # "create" | "update" | "skip"
    target_id: int | None = None

    @property
    def key(self) -> str:
        return f"{self.sheet_index}:{self.row}"

    @property
    def label(self) -> str:
        if self.model == "organisation":
            return self.values.get("name_th") or self.values.get("name_en", "")
        name_th = " ".join(
            p for p in [self.values.get("first_name_th"), self.values.get("last_name_th")] if p
        )
        name_en = " ".join(
            p for p in [self.values.get("first_name_en"), self.values.get("last_name_en")] if p
        )
        return name_th or name_en


@dataclass
class Plan:
    filename: str
    layouts: list[Layout]
    records: list[Record] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def organisations(self) -> list[Record]:
        return [r for r in self.records if r.model == "organisation"]

    @property
    def people(self) -> list[Record]:
        return [r for r in self.records if r.model == "person"]

    def counts(self) -> dict[str, int]:
        return {
            "rows": len(self.records),
            "new": sum(1 for r in self.records if r.action == "create"),
            "update": sum(1 for r in self.records if r.action == "update"),
            "skip": sum(1 for r in self.records if r.action == "skip"),
            "duplicates": sum(1 for r in self.records if r.match is not None),
            "errors": len(self.errors),
        }


# --- Cell parsers: return a value or raise ValueError with the user's message ---


def _max_length(model: Any, name: str) -> int:
    return model._meta.get_field(name).max_length or 10_000


def _check_length(value: str, model: Any, name: str) -> None:
    # The validators accept longer addresses than the columns hold (e-mail
    # 320 vs 254, URL 2048 vs 200); PostgreSQL would refuse the whole commit.
    if len(value) > (limit := _max_length(model, name)):
        raise ValueError(_("is longer than %(limit)s characters.") % {"limit": limit})


def parse_bool(text: str) -> bool:
    key = to_arabic_digits(text).strip().casefold()
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS or not key:
        return False
    raise ValueError(_("“%(value)s” is not yes or no (ใช่/ไม่ใช่, yes/no, 1/0).") % {"value": text})


_THAI_MONTHS = {compact(m): i for i, m in enumerate(MONTHS_FULL, 1)} | {
    compact(m): i for i, m in enumerate(MONTHS_SHORT, 1)
}
_DATE_PARTS = re.compile(r"^(\d{1,2})[/\-. ](\d{1,2})[/\-. ](\d{2,4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_THAI_DATE = re.compile(r"^(\d{1,2})\s*([^\d\s]+)\s*(\d{2,4})$")


def _year(value: int) -> int:
    # Thai offices write Buddhist-era years (2567), often with two digits.
    if value < 100:
        value += 2500 if value > 40 else 2000
    return value - 543 if value > 2400 else value


def parse_date(text: str) -> dt.date:
    """Dates as Thai files write them: 2024-10-01, 1/10/2567, ๑ ต.ค. ๖๗,
    1 ตุลาคม 2567. Day first, as in Thailand."""
    value = to_arabic_digits(clean(text))
    try:
        if match := _ISO_DATE.match(value):
            year, month, day = (int(g) for g in match.groups())
            return dt.date(_year(year), month, day)
        if match := _DATE_PARTS.match(value):
            day, month, year = (int(g) for g in match.groups())
            return dt.date(_year(year), month, day)
        if match := _THAI_DATE.match(value):
            named = _THAI_MONTHS.get(compact(match.group(2)))
            if named:
                return dt.date(_year(int(match.group(3))), named, int(match.group(1)))
    except ValueError:
        pass
    raise ValueError(_("“%(value)s” is not a date (for example 1/10/2567).") % {"value": text})


def parse_phone(text: str) -> str:
    value = to_arabic_digits(text)
    # Excel turns 0812345678 into the number 812345678.
    if value.isdigit() and len(value) in (8, 9) and not value.startswith("0"):
        value = "0" + value
    _check_length(value, Person, "phone")
    return value


def parse_email(text: str) -> str:
    value = text.strip().removeprefix("mailto:").strip()
    try:
        _email(value)
    except ValidationError as exc:
        raise ValueError(_("“%(value)s” is not a valid e-mail address.") % {"value": text}) from exc
    _check_length(value, Person, "email")
    return value


def parse_website(text: str) -> str:
    value = text.strip()
    if "://" not in value:
        value = "https://" + value  # offices write www.opdc.go.th
    try:
        _url(value)
    except ValidationError as exc:
        raise ValueError(_("“%(value)s” is not a web address.") % {"value": text}) from exc
    _check_length(value, Organisation, "website")
    return value


def split_title(full_name: str) -> tuple[str, str, str, str]:
    """(academic title, honorific, first name, last name) from "ผศ.ดร.สมหญิง ใจดี"."""
    text = clean(full_name)
    academic = honorific = ""
    for title in ACADEMIC_TITLES:
        if text.startswith(title):
            academic, text = title, text[len(title) :].strip()
            break
    for title in HONORIFICS:
        if text.startswith(title) and (
            not title.isascii() or text[len(title) : len(title) + 1] in (" ", ".")
        ):
            honorific, text = title, text[len(title) :].lstrip(". ").strip()
            break
    first, _sep, last = text.partition(" ")
    return academic, honorific, first, last.strip()


# --- Rows to records ------------------------------------------------------------


class _Row:
    """One data row with its layout; collects errors naming its columns."""

    def __init__(
        self, layout: Layout, sheet_index: int, row: int, cells: list[str], errors: list[RowError]
    ):
        self.layout, self.sheet_index, self.row, self.cells, self.errors = (
            layout,
            sheet_index,
            row,
            cells,
            errors,
        )

    def get(self, name: str) -> str:
        column = self.layout.column_of(name)
        if column is None or column >= len(self.cells):
            return ""
        return self.cells[column]

    def has(self, name: str) -> bool:
        return self.layout.column_of(name) is not None

    def error(self, name: str, message: str) -> None:
        column = self.layout.column_of(name)
        header = self.layout.headers[column] if column is not None else ""
        self.errors.append(RowError(self.layout.sheet, self.row, header, message))

    def text(self, name: str, model: type, values: dict[str, Any]) -> None:
        value = self.get(name)
        if not value:
            return
        limit = _max_length(model, name)
        if len(value) > limit:
            self.error(name, _("is longer than %(limit)s characters.") % {"limit": limit})
            return
        values[name] = value

    def parsed(
        self, name: str, parser: Callable[[str], Any], values: dict[str, Any], target: str = ""
    ) -> None:
        value = self.get(name)
        if not value:
            return
        try:
            values[target or name] = parser(value)
        except ValueError as exc:
            self.error(name, str(exc))


class Validator:
    """Builds a Plan from a workbook and the confirmed layouts."""

    def __init__(
        self, *, progress: Progress | None = None, fuzzy_threshold: float | None = None
    ) -> None:
        self.progress = progress
        self.fuzzy_threshold = fuzzy_threshold
        self._orgs: OrganisationIndex | None = None
        self._people: PersonIndex | None = None
        self._provinces: dict[str, int] | None = None

    @property
    def orgs(self) -> OrganisationIndex:
        if self._orgs is None:
            self._orgs = OrganisationIndex.load()
        return self._orgs

    @property
    def people(self) -> PersonIndex:
        if self._people is None:
            self._people = PersonIndex.load()
        return self._people

    @property
    def provinces(self) -> dict[str, int]:
        if self._provinces is None:
            self._provinces = province_table()
        return self._provinces

    def build(
        self,
        workbook: Workbook,
        layouts: list[Layout],
        *,
        decisions: dict[str, str] | None = None,
        on_duplicate: str | None = None,
    ) -> Plan:
        from directory.imports import duplicates

        plan = Plan(filename=workbook.filename, layouts=layouts)
        sheets = {s.name: s for s in workbook.sheets}
        total = sum(
            len(sheets[lay.sheet].rows) - lay.first_data for lay in layouts if lay.sheet in sheets
        )
        done = 0
        # Organisations first: people in the same workbook may work in them.
        ordered = sorted(enumerate(layouts), key=lambda p: p[1].kind != ORGANISATIONS)
        for sheet_index, layout in ordered:
            sheet = sheets.get(layout.sheet)
            if sheet is None:
                continue
            for number, cells in sheet.rows[layout.first_data :]:
                row = _Row(layout, sheet_index, number, cells, plan.errors)
                if layout.kind == ORGANISATIONS:
                    plan.records.append(self._organisation(row))
                else:
                    plan.records.append(self._person(row))
                done += 1
                if self.progress is not None and done % 1000 == 0:
                    self.progress(done, total)
            if layout.kind == ORGANISATIONS:
                self._resolve_parents(plan, sheet_index)
        self._resolve_people(plan)
        duplicates.find(plan, self, threshold=self.fuzzy_threshold)
        duplicates.decide(plan, decisions or {}, on_duplicate=on_duplicate)
        self._check_cycles(plan)
        plan.errors.sort(key=lambda e: (e.sheet, e.row))
        if self.progress is not None:
            self.progress(total, total)
        return plan

    # -- organisations --

    def _organisation(self, row: _Row) -> Record:
        values: dict[str, Any] = {}
        record = Record("organisation", row.sheet_index, row.layout.sheet, row.row, values)
        for name in ("name_th", "name_en", "abbreviation_th", "abbreviation_en"):
            row.text(name, Organisation, values)
        if not values.get("name_th") and values.get("name_en"):
            values["name_th"] = values["name_en"]  # Organisation requires a Thai name
        if not values.get("name_th"):
            row.error("name_th", _("the organisation has no name."))
        for name, table, choices in (
            ("sector", sector_table(), _("sector")),
            ("kind", kind_table(), _("kind")),
        ):
            value = row.get(name)
            if not value:
                row.error(name, _("the %(what)s is missing.") % {"what": choices})
            elif (code := table.get(compact(value))) is None:
                row.error(
                    name,
                    _("“%(value)s” is not a known %(what)s.") % {"value": value, "what": choices},
                )
            else:
                values[name] = code
        if value := row.get("province"):
            if (province := self.provinces.get(province_key(value))) is None:
                row.error("province", _("“%(value)s” is not a Thai province.") % {"value": value})
            else:
                values["province_id"] = province
        row.parsed("website", parse_website, values)
        row.parsed("is_active", parse_bool, values)
        if value := row.get("aliases"):
            record.aliases = mapping.split_list(value)
        if value := row.get("parent"):
            record.parent = ("text", value)
        return record

    def _resolve_parents(self, plan: Plan, sheet_index: int) -> None:
        """Parents named by name, abbreviation or alias, in the directory or
        in another row of the same sheet."""
        in_file: dict[str, list[Record]] = {}
        records = [r for r in plan.organisations if r.sheet_index == sheet_index]
        for record in records:
            for name in ("name_th", "name_en", "abbreviation_th", "abbreviation_en"):
                if key := compact(record.values.get(name, "")):
                    in_file.setdefault(key, []).append(record)
        for record in records:
            if record.parent is None or record.parent[0] != "text":
                continue
            text = record.parent[1]
            record.parent = self._reference(plan, record, "parent", text, in_file)

    def _reference(
        self, plan: Plan, record: Record, column: str, text: str, in_file: dict[str, list[Record]]
    ) -> tuple[str, Any] | None:
        existing = self.orgs.find(text)
        rows = [r for r in in_file.get(compact(text), []) if r is not record]
        if len(existing) == 1:
            return ("org", next(iter(existing)))
        if not existing and len({r.key for r in rows}) >= 1:
            return ("row", rows[0].key)
        layout = plan.layouts[record.sheet_index]
        index = layout.column_of(column)
        header = layout.headers[index] if index is not None else ""
        if existing:
            names = ", ".join(sorted(self.orgs.label(pk) for pk in existing)[:3])
            message = _(
                "“%(value)s” matches several organisations (%(names)s); use the full name."
            ) % {
                "value": text,
                "names": names,
            }
        else:
            message = _("“%(value)s” is not an organisation in the directory or in this file.") % {
                "value": text
            }
        plan.errors.append(RowError(record.sheet, record.row, header, message))
        return None

    def _check_cycles(self, plan: Plan) -> None:
        """A parent chain must end: no organisation may sit under itself."""

        def node(record: Record) -> tuple[str, Any]:
            if record.action == "update" and record.target_id:
                return ("org", record.target_id)
            return ("row", record.key)

        by_key = {r.key: r for r in plan.organisations}

        def resolve(ref: tuple[str, Any]) -> tuple[str, Any]:
            return node(by_key[ref[1]]) if ref[0] == "row" and ref[1] in by_key else ref

        parent_of: dict[tuple[str, Any], tuple[str, Any] | None] = {}
        if any(r.parent is not None for r in plan.organisations):
            for pk, info in self.orgs.info.items():
                parent_of[("org", pk)] = ("org", info.parent_id) if info.parent_id else None
        for record in plan.organisations:
            if record.action != "skip" and record.parent is not None:
                parent_of[node(record)] = resolve(record.parent)
        for record in plan.organisations:
            if record.action == "skip" or record.parent is None:
                continue
            start = node(record)
            current, seen = parent_of.get(start), {start}
            while current is not None:
                if current in seen:
                    layout = plan.layouts[record.sheet_index]
                    index = layout.column_of("parent")
                    plan.errors.append(
                        RowError(
                            record.sheet,
                            record.row,
                            layout.headers[index] if index is not None else "",
                            _("an organisation cannot sit under itself."),
                        )
                    )
                    break
                seen.add(current)
                current = parent_of.get(current)

    # -- people --

    def _person(self, row: _Row) -> Record:
        values: dict[str, Any] = {}
        record = Record("person", row.sheet_index, row.layout.sheet, row.row, values)
        if full := row.get("full_name_th"):
            academic, honorific, first, last = split_title(full)
            if academic:
                values["academic_title"] = academic
            if honorific:
                values["honorific"] = honorific
            target = "en" if full.isascii() else "th"
            if first:
                values[f"first_name_{target}"] = first
            if last:
                values[f"last_name_{target}"] = last
        for name in (*PERSON_NAME_FIELDS, "position"):
            row.text(name, Person, values)
        if not (values.get("first_name_th") or values.get("first_name_en")):
            column = next(
                (n for n in ("first_name_th", "full_name_th", "first_name_en") if row.has(n)),
                "first_name_th",
            )
            row.error(column, _("the person has no first name."))
        row.parsed("email", parse_email, values)
        row.parsed("phone", parse_phone, values)
        row.parsed("contact_consent", parse_bool, values)
        if value := row.get("start_date"):
            try:
                record.start_date = parse_date(value)
            except ValueError as exc:
                row.error("start_date", str(exc))
        if value := row.get("tags"):
            record.tags = [t[:100] for t in mapping.split_list(value)]
        if value := row.get("organisation"):
            record.organisation = ("text", value)
        return record

    def _resolve_people(self, plan: Plan) -> None:
        people = [r for r in plan.people if r.organisation is not None]
        if not people:
            return
        in_file: dict[str, list[Record]] = {}
        for record in plan.organisations:
            for name in ("name_th", "name_en", "abbreviation_th", "abbreviation_en"):
                if key := compact(record.values.get(name, "")):
                    in_file.setdefault(key, []).append(record)
        cache: dict[str, tuple[str, Any] | None | str] = {}
        for record in people:
            assert record.organisation is not None
            text = record.organisation[1]
            key = compact(text)
            cached = cache.get(key, "miss")
            if cached != "miss" and cached is not None:
                record.organisation = cached  # type: ignore[assignment]
                continue
            result = self._reference(plan, record, "organisation", text, in_file)
            cache[key] = result
            record.organisation = result


def build_plan(
    workbook: Workbook,
    layouts: list[Layout],
    *,
    progress: Progress | None = None,
    fuzzy_threshold: float | None = None,
    decisions: dict[str, str] | None = None,
    on_duplicate: str | None = None,
) -> Plan:
    validator = Validator(progress=progress, fuzzy_threshold=fuzzy_threshold)
    return validator.build(workbook, layouts, decisions=decisions, on_duplicate=on_duplicate)


def detect_layouts(workbook: Workbook, *, kind: str = "") -> tuple[list[Layout], list[str]]:
    """Layouts of the sheets that hold organisations or people, and the names
    of the sheets skipped. A CSV or a chosen sheet must be recognised."""
    layouts, skipped = [], []
    for sheet in workbook.sheets:
        layout = mapping.detect_layout(sheet, kind or None)
        if layout is None:
            skipped.append(sheet.name)
        else:
            layouts.append(layout)
    return layouts, skipped


__all__ = [
    "ORGANISATIONS",
    "PEOPLE",
    "Match",
    "Plan",
    "Record",
    "RowError",
    "build_plan",
    "detect_layouts",
]
