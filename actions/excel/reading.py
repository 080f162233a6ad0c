"""A plan's workbook read back and checked, row by row, against the plan
and the directory. Nothing here writes: importer.py applies what this finds."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from actions.excel.columns import COLUMN, header_table, settable_labels, status_table
from actions.excel.export import plan_actions
from actions.models import Action, ActionPlan, Status
from directory.forms import ACADEMIC_TITLES, HONORIFICS
from directory.imports.lookups import OrganisationIndex, person_key
from directory.imports.mapping import HEADER_SEARCH_ROWS
from directory.imports.readers import ReadError, cell_text, clean_cell
from directory.imports.validation import parse_date
from directory.models import Person
from lib.thai.text import clean, compact, to_arabic_digits

MAX_ROWS = 5000
# Titles written before a name; longest first so นางสาว goes before นาง.
NAME_TITLES = sorted(
    {*HONORIFICS, *ACADEMIC_TITLES, "Mr.", "Mrs.", "Ms.", "Miss", "Dr.", "ว่าที่ร้อยตรี"},
    key=len,
    reverse=True,
)
_NUMBER_SUFFIX = re.compile(r"#\s*(\d+)\s*$")
_LIST_SPLIT = re.compile(r"[;\n]+")
_DEPENDS_SPLIT = re.compile(r"[;,\n]+")
# Quoted text and escaped characters in a number format are shown as they are.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.')


@dataclass
class CellError:
    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}: {self.message}" if self.cell else self.message


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class RowChange:
    """What one row of the file does: add an action or change some fields."""

    row: int
    action: Action | None
    title: str
    values: dict[str, Any]
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def is_new(self) -> bool:
        return self.action is None


def _cell(cell: Any) -> str:
    """A cell as text. Unlike readers.cell_text, lines stay apart: supporting
    agencies and milestones are written one per line."""
    value = cell.value
    if isinstance(value, str):
        lines = (clean_cell(line) for line in value.splitlines())
        return "\n".join(line for line in lines if line)
    if isinstance(value, int | float) and not isinstance(value, bool) and _is_percent(cell):
        # Excel keeps 60% as 0.6: read what the cell shows.
        return f"{cell_text(round(float(value) * 100, 9))}%"
    return cell_text(value)


def _is_percent(cell: Any) -> bool:
    """Whether the cell's number format shows a percentage (a % outside
    quotes, as in 0%; 0"%" shows 60 as 60% and is not one)."""
    number_format = getattr(cell, "number_format", None) or ""
    return "%" in _FORMAT_LITERALS.sub("", number_format)


def read_sheets(data: bytes) -> list[tuple[str, list[tuple[int, list[str]]]]]:
    """(sheet name, [(row number as Excel shows it, cells)]) for every sheet."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ReadError(_("The file is not a readable XLSX workbook.")) from exc
    try:
        sheets = []
        for worksheet in book.worksheets:
            rows = []
            for number, row in enumerate(worksheet.iter_rows(), 1):
                cells = [_cell(cell) for cell in row]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    rows.append((number, cells))
                if len(rows) > MAX_ROWS:
                    raise ReadError(
                        _("A plan file holds at most %(count)s rows.") % {"count": MAX_ROWS}
                    )
            sheets.append((worksheet.title, rows))
        return sheets
    finally:
        book.close()


def find_header(
    sheets: list[tuple[str, list[tuple[int, list[str]]]]],
) -> tuple[str, int, dict[str, int]] | None:
    """The sheet and row naming the most columns (the later row when two
    name as many: the hidden row of keys below the translated header)."""
    table = header_table()
    best: tuple[str, int, dict[str, int]] | None = None
    for name, rows in sheets:
        for number, cells in rows[:HEADER_SEARCH_ROWS]:
            found: dict[str, int] = {}
            for index, text in enumerate(cells):
                key = table.get(compact(text))
                if key and key not in found:
                    found[key] = index
            if len(found) < 2 or not {"id", "title_th"} & set(found):
                continue
            if (
                best is None
                or len(found) > len(best[2])
                or (len(found) == len(best[2]) and best[0] == name)
            ):
                best = (name, number, found)
    return best


def _parse_percent(text: str) -> int:
    value = to_arabic_digits(text).replace("%", "").strip()
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not number.is_integer() or not 0 <= number <= 100:
        raise ValueError(_("“%(value)s” is not a whole number from 0 to 100.") % {"value": text})
    return int(number)


def _parse_date(text: str) -> dt.date | None:
    if not text:
        return None
    value = to_arabic_digits(text).strip()
    # A date cell that lost its date format arrives as Excel's day number.
    if value.isdigit() and 20_000 <= int(value) <= 80_000:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    return parse_date(text)


def _parse_status(text: str) -> str:
    value = status_table().get(compact(text))
    if value == Status.LATE:
        raise ValueError(
            _(
                "“Late” is worked out from the due date and the progress, and cannot be set; "
                "choose one of: %(statuses)s."
            )
            % {"statuses": settable_labels()}
        )
    if value is None:
        raise ValueError(
            _("“%(value)s” is not a status; choose one of: %(statuses)s.")
            % {"value": text, "statuses": settable_labels()}
        )
    return value


def _parse_milestones(text: str) -> list[tuple[str, dt.date | None, dt.date | None]]:
    milestones = []
    for number, line in enumerate(text.splitlines(), 1):
        parts = [clean(part) for part in line.split("|")]
        title, dates = (
            (" | ".join(parts[:-2]), parts[-2:]) if len(parts) > 2 else (parts[0], parts[1:])
        )
        try:
            due = _parse_date(dates[0]) if dates else None
            done = _parse_date(dates[1]) if len(dates) > 1 else None
        except ValueError as exc:
            raise ValueError(
                _("line %(number)s: %(error)s") % {"number": number, "error": exc}
            ) from exc
        if not title:
            raise ValueError(_("line %(number)s has no title.") % {"number": number})
        milestones.append((title, due, done))
    return milestones


def _name_variants(text: str) -> list[str]:
    """The name as written, then without the titles before it (นางสาว, ดร., Mr)."""
    variants = [text]
    rest = text
    stripped = True
    while stripped:
        stripped = False
        for title in NAME_TITLES:
            head = rest[: len(title)]
            if head.casefold() != title.casefold() or len(rest) == len(title):
                continue
            # A Latin title is a word of its own; Thai titles are written joined to the name.
            if title.isascii() and title[-1] != "." and rest[len(title)] not in " .":
                continue
            rest, stripped = rest[len(title) :].lstrip(" ."), True
            break
    if rest != text:
        variants.append(rest)
    return variants


class Reader:
    """One import: the file's rows checked against the plan and the directory."""

    def __init__(self, plan: ActionPlan, sheet: str, header: dict[str, int]) -> None:
        self.plan = plan
        self.sheet = sheet
        self.header = header
        self.errors: list[CellError] = []
        self.current = {action.pk: action for action in plan_actions(plan)}
        self.index = OrganisationIndex.load()
        self.people: dict[str, set[int]] = {}
        self.person_names = {a.owner.pk: a.owner.name for a in self.current.values() if a.owner}

    # Errors name cells as Excel does.
    def where(self, key: str, row: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.header.get(key, 0) + 1)}{row}"

    def error(self, key: str, row: int, message: str) -> None:
        self.errors.append(CellError(self.sheet, self.where(key, row), message))

    def load_people(self, texts: set[str]) -> None:
        """Everyone whose first name a cell starts with, in one query; then
        compared by the whole name without spaces or dots."""
        firsts: set[str] = set()
        numbers: set[int] = set()
        for text in texts:
            if match := _NUMBER_SUFFIX.search(text):
                numbers.add(int(match.group(1)))
            for variant in _name_variants(text):
                firsts.add(variant.split(" ")[0])
        if not firsts and not numbers:
            return
        rows = (
            Person.objects.annotate(first_en=Lower("first_name_en"))
            .filter(
                Q(first_name_th__in=firsts)
                | Q(first_en__in={first.casefold() for first in firsts})
                | Q(pk__in=numbers)
            )
            .values_list("pk", "first_name_th", "last_name_th", "first_name_en", "last_name_en")
        )
        for pk, first_th, last_th, first_en, last_en in rows:
            self.person_names[pk] = f"{first_th} {last_th}".strip() or f"{first_en} {last_en}"
            for key in {person_key(first_th, last_th), person_key(first_en, last_en)} - {""}:
                self.people.setdefault(key, set()).add(pk)

    def person(self, text: str, current: set[int]) -> int:
        if match := _NUMBER_SUFFIX.search(text):
            pk = int(match.group(1))
            if pk in self.person_names:
                return pk
            raise ValueError(_("No person in the directory has the number #%(id)s.") % {"id": pk})
        found: set[int] = set()
        for variant in _name_variants(text):
            found = self.people.get(person_key(variant, ""), set())
            if found:
                break
        return _one(
            text,
            found,
            current,
            missing=_("“%(name)s” is not in the directory; add the person there first."),
            labels=self.person_names,
        )

    def agency(self, text: str, current: set[int]) -> int:
        if match := _NUMBER_SUFFIX.search(text):
            pk = int(match.group(1))
            if pk in self.index.info:
                return pk
            raise ValueError(_("No agency in the directory has the number #%(id)s.") % {"id": pk})
        found = self.index.find(text)
        return _one(
            text,
            found,
            current,
            missing=_(
                "“%(name)s” is not in the directory: check the spelling, or write the "
                "abbreviation or the English name."
            ),
            labels={pk: self.index.label(pk) for pk in found},
        )


def _one(
    text: str, found: set[int], current: set[int], *, missing: str, labels: dict[int, str]
) -> int:
    """The one record a name fits, else ValueError saying why."""
    if len(found) == 1:
        return next(iter(found))
    if not found:
        raise ValueError(missing % {"name": text})
    # A name several records share keeps the record the action has.
    kept = found & current
    if len(kept) == 1:
        return kept.pop()
    choices = sorted(found)
    raise ValueError(
        _("“%(name)s” fits several records: %(records)s; add the number, such as “%(example)s”.")
        % {
            "name": text,
            "records": "; ".join(f"{labels.get(pk, pk)} #{pk}" for pk in choices),
            "example": f"{text} #{choices[0]}",
        }
    )


def current_values(action: Action) -> dict[str, Any]:
    return {
        "ref": action.ref,
        "title_th": action.title_th,
        "title_en": action.title_en,
        "description": action.description,
        "lead_agency": action.lead_agency_id,
        "supporting": sorted(
            s.organisation_id
            for s in action.supports.all()
            if s.organisation_id != action.lead_agency_id
        ),
        "owner": action.owner_id,
        "start_date": action.start_date,
        "due_date": action.due_date,
        "status": action.state,
        "percent": action.percent_complete,
        "depends_on": sorted(("id", other.pk) for other in action.depends_on.all()),
        "milestones": [(m.title, m.due_date, m.done_on) for m in action.milestones.all()],
    }


def parse_rows(
    reader: Reader, rows: list[tuple[int, list[str]]], header_row: int
) -> list[RowChange]:
    editable = [key for key in reader.header if COLUMN[key].editable]
    raw: list[tuple[int, dict[str, str]]] = []
    for number, cells in rows:
        if number <= header_row:
            continue
        values = {
            key: cells[reader.header[key]] if reader.header[key] < len(cells) else ""
            for key in editable
        }
        if any(values.values()):
            raw.append((number, values))
    reader.load_people({values["owner"] for _n, values in raw if values.get("owner")})

    parsed_rows: list[RowChange] = []
    seen: dict[int, int] = {}
    for number, values in raw:
        known, action = _row_action(reader, number, values.get("id", ""), seen)
        if not known:
            continue
        parsed = _parse_values(reader, number, values, action)
        if parsed is not None:
            parsed_rows.append(RowChange(number, action, "", parsed))
    _resolve_dependencies(reader, parsed_rows)
    return parsed_rows


def _row_action(
    reader: Reader, number: int, text: str, seen: dict[int, int]
) -> tuple[bool, Action | None]:
    """(False, None) after an error; else the action the row's ID names,
    None for a new row."""
    if not text:
        return True, None
    value = to_arabic_digits(text).lstrip("#").strip()
    action = reader.current.get(int(value)) if value.isdigit() else None
    if action is None:
        reader.error(
            "id",
            number,
            _("No action of this plan has the ID “%(id)s”; leave the ID empty to add an action.")
            % {"id": text},
        )
        return False, None
    if action.pk in seen:
        reader.error(
            "id",
            number,
            _("The ID %(id)s is on row %(row)s already.")
            % {"id": action.pk, "row": seen[action.pk]},
        )
        return False, None
    seen[action.pk] = number
    return True, action


_TEXT_KEYS = ("ref", "title_th", "title_en", "description")


def _parse_values(
    reader: Reader, number: int, values: dict[str, str], action: Action | None
) -> dict[str, Any] | None:
    """The row's values in the shape of current_values; None after an error."""
    errors_before = len(reader.errors)
    lead = {action.lead_agency_id} if action else set()
    supports = {s.organisation_id for s in action.supports.all()} if action else set()
    owner = {action.owner_id} if action and action.owner_id else set()
    parsers: dict[str, Callable[[str], Any]] = {
        "lead_agency": lambda text: reader.agency(text, lead),
        "supporting": lambda text: [
            reader.agency(part.strip(), supports)
            for part in _LIST_SPLIT.split(text)
            if part.strip()
        ],
        "owner": lambda text: reader.person(text, owner),
        "start_date": _parse_date,
        "due_date": _parse_date,
        "status": _parse_status,
        "percent": _parse_percent,
        "depends_on": lambda text: [p.strip() for p in _DEPENDS_SPLIT.split(text) if p.strip()],
        "milestones": _parse_milestones,
    }
    parsed: dict[str, Any] = {}
    for key, text in values.items():
        if key in _TEXT_KEYS:
            parsed[key] = clean(text)
        elif key in ("supporting", "depends_on", "milestones") and not text:
            parsed[key] = []
        elif key in ("status", "percent") and not text:
            continue  # never empty: an empty cell keeps what the action has
        elif key != "id":
            try:
                parsed[key] = parsers[key](text) if text else None
            except ValueError as exc:
                reader.error(key, number, str(exc))
    if action is None and not parsed.get("title_th"):
        reader.error("title_th", number, _("A new action needs a Thai title."))
    if "lead_agency" not in values and action is None:
        reader.error("lead_agency", number, _("A new action needs a lead agency column."))
    elif "lead_agency" in values and not values["lead_agency"]:
        reader.error("lead_agency", number, _("Name the lead agency."))
    if len(reader.errors) > errors_before:
        return None
    if "supporting" in parsed:
        # The lead is never among its own supporters (as in the services).
        lead_after = parsed.get("lead_agency") or (action.lead_agency_id if action else None)
        parsed["supporting"] = sorted(set(parsed["supporting"]) - {lead_after})
    return parsed


def _resolve_dependencies(reader: Reader, rows: list[RowChange]) -> None:
    """References become ("id", pk) for actions of the plan and ("row", n)
    for new rows of the file, by the references they will have."""
    refs: dict[str, list[tuple[str, int]]] = {}
    in_file = {row.action.pk: row for row in rows if row.action is not None}
    for pk, action in reader.current.items():
        row = in_file.get(pk)
        ref = row.values.get("ref", action.ref) if row else action.ref
        if ref:
            refs.setdefault(ref, []).append(("id", pk))
    for row in rows:
        if row.action is None and row.values.get("ref"):
            refs.setdefault(row.values["ref"], []).append(("row", row.row))
    for row in rows:
        targets: set[tuple[str, int]] = set()
        for token in row.values.get("depends_on", []):
            number = re.fullmatch(r"#\s*(\d+)", token)
            found = (
                [("id", int(number.group(1)))]
                if number and int(number.group(1)) in reader.current
                else refs.get(token, [])
            )
            if len(found) == 1:
                targets.add(found[0])
                continue
            message = (
                _("Several actions have the reference “%(ref)s”; write #ID instead.")
                if found
                else _("No action of this plan has the reference “%(ref)s”.")
            )
            reader.error("depends_on", row.row, message % {"ref": token})
        if "depends_on" in row.values:
            row.values["depends_on"] = sorted(targets)
