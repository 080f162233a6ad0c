"""A checked file applied to its plan: through the plan services, in one
transaction that any refusal (or a dry run) rolls back whole."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from actions.excel.columns import COLUMN, COLUMNS, milestone_line
from actions.excel.reading import (
    CellError,
    FieldChange,
    Reader,
    RowChange,
    current_values,
    find_header,
    parse_rows,
    read_sheets,
)
from actions.models import Action, ActionPlan, Milestone, Status
from actions.services.plans import action_create, action_update, milestone_delete, milestone_save
from directory.imports.readers import ReadError
from directory.models import Organisation, Person
from lib.templatetags.thai import thaidate

# What the progress update says when a row changes an action's percent or status.
IMPORTED = gettext_noop("Status or percent complete changed by an Excel import.")


@dataclass
class ImportResult:
    sheet: str = ""
    rows: list[RowChange] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(1 for row in self.rows if row.is_new)

    @property
    def changed(self) -> int:
        return sum(1 for row in self.rows if not row.is_new)


# --- What changes -------------------------------------------------------------------


def _show(reader: Reader, key: str, value: Any) -> str:
    """A value as the preview shows it, in the reader's language."""
    if value is None or value == "" or value == []:
        return ""
    if key == "lead_agency":
        return reader.index.label(value)
    if key == "supporting":
        return "; ".join(reader.index.label(pk) for pk in value)
    if key == "owner":
        return reader.person_names.get(value, f"#{value}")
    if key in ("start_date", "due_date"):
        return thaidate(value, "short")
    if key == "status":
        return str(Status(value).label)
    if key == "depends_on":
        return ", ".join(
            (reader.current[n].ref or f"#{n}") if kind == "id" else _("row %(row)s") % {"row": n}
            for kind, n in value
        )
    if key == "milestones":
        return "\n".join(milestone_line(*milestone) for milestone in value)
    return str(value)


def _diff(reader: Reader, rows: list[RowChange]) -> list[RowChange]:
    """Keep only what differs from the plan, and describe it for the preview."""
    changed = []
    for row in rows:
        before = current_values(row.action) if row.action else {}
        if row.action:
            if "supporting" in row.values:
                # Compare like with like: a new lead leaves the supporters.
                lead = row.values.get("lead_agency")
                before["supporting"] = [pk for pk in before["supporting"] if pk != lead]
            row.values = {k: v for k, v in row.values.items() if v != before.get(k)}
            if not row.values:
                continue
        row.title = row.values.get("title_th") or (row.action.title_th if row.action else "")
        for column in COLUMNS:
            if column.key in row.values:
                old = _show(reader, column.key, before.get(column.key))
                new = _show(reader, column.key, row.values[column.key])
                if old or new:
                    row.changes.append(FieldChange(str(column.label), old, new))
        changed.append(row)
    return changed


# --- Applying -----------------------------------------------------------------------

_SERVICE_FIELDS = {
    "ref": "ref",
    "title_th": "title_th",
    "title_en": "title_en",
    "description": "description",
    "lead_agency": "lead_agency",
    "owner": "owner",
    "start_date": "start_date",
    "due_date": "due_date",
    "status": "state",
    "percent": "percent_complete",
}
# The column a service's complaint about one of its fields points at.
_FIELD_COLUMNS = {service: key for key, service in _SERVICE_FIELDS.items()} | {
    "depends_on": "depends_on",
}


class _Rollback(Exception):
    pass


def _attempt(reader: Reader, row: int, call: Callable[[], Any], column: str = "") -> Any:
    """Run one service call; its refusal becomes errors on the row's cells."""
    try:
        return call()
    except ValidationError as exc:
        items = exc.message_dict.items() if hasattr(exc, "error_dict") else [("", exc.messages)]
        for name, messages in items:
            for message in messages:
                reader.error(column or _FIELD_COLUMNS.get(name, "id"), row, message)
        return None


def _apply(reader: Reader, rows: list[RowChange], *, by: Any) -> None:
    """New actions first, so that any row may depend on them; then changes,
    dependencies and milestones, one service call per action."""
    agency_ids = {
        pk
        for row in rows
        for pk in [row.values.get("lead_agency"), *row.values.get("supporting", [])]
    }
    organisations = Organisation.objects.in_bulk(agency_ids - {None})
    owners = Person.objects.in_bulk({row.values.get("owner") for row in rows} - {None})

    def fields(values: dict[str, Any]) -> dict[str, Any]:
        out = {name: values[key] for key, name in _SERVICE_FIELDS.items() if key in values}
        if "lead_agency" in out:
            out["lead_agency"] = organisations[out["lead_agency"]]
        if out.get("owner"):
            out["owner"] = owners[out["owner"]]
        return out

    def supporting(values: dict[str, Any]) -> list[Organisation] | None:
        return (
            [organisations[pk] for pk in values["supporting"]] if "supporting" in values else None
        )

    created: dict[int, Action] = {}
    for row in rows:
        if row.is_new:
            call: Callable[[], Any] = functools.partial(
                action_create,
                plan=reader.plan,
                by=by,
                supporting=supporting(row.values) or [],
                **fields(row.values),
            )
            if (action := _attempt(reader, row.row, call)) is not None:
                created[row.row] = action
    for row in rows:
        action = row.action or created.get(row.row)
        if action is None:
            continue
        depends = None
        if "depends_on" in row.values:
            depends = [
                reader.current[n] if kind == "id" else created[n]
                for kind, n in row.values["depends_on"]
                if kind == "id" or n in created
            ]
        if row.action is not None:
            update = fields(row.values)
            if update or depends is not None or "supporting" in row.values:
                call = functools.partial(
                    action_update,
                    action=action,
                    by=by,
                    supporting=supporting(row.values),
                    depends_on=depends,
                    progress_text=IMPORTED,
                    **update,
                )
                _attempt(reader, row.row, call)
        elif depends:
            call = functools.partial(action_update, action=action, by=by, depends_on=depends)
            _attempt(reader, row.row, call)
        if "milestones" in row.values:
            call = functools.partial(_save_milestones, action, row.values["milestones"], by=by)
            _attempt(reader, row.row, call, column="milestones")


def _save_milestones(
    action: Action, wanted: list[tuple[str, dt.date | None, dt.date | None]], *, by: Any
) -> None:
    """Lines keep the milestone of the same title, else take over one by
    position; milestones no line names are removed."""
    unused: list[Milestone] = list(action.milestones.all())
    pairs: list[list[Any]] = []
    for title, due, done in wanted:
        match = next((m for m in unused if m.title == title), None)
        if match is not None:
            unused.remove(match)
        pairs.append([match, title, due, done])
    for pair in pairs:
        if pair[0] is None and unused:
            pair[0] = unused.pop(0)
    for milestone in unused:
        milestone_delete(milestone=milestone, by=by)
    for milestone, title, due, done in pairs:
        if milestone is None or (milestone.title, milestone.due_date, milestone.done_on) != (
            title,
            due,
            done,
        ):
            milestone_save(
                action=action, by=by, milestone=milestone, title=title, due_date=due, done_on=done
            )


def plan_import(*, plan: ActionPlan, by: Any, data: bytes, dry_run: bool = False) -> ImportResult:
    """Read the file, check every row, and apply every change in one
    transaction; any error (or `dry_run`) changes nothing."""
    result = ImportResult()
    try:
        sheets = read_sheets(data)
    except ReadError as exc:
        result.errors.append(CellError("", "", str(exc)))
        return result
    found = find_header(sheets)
    if found is None:
        result.errors.append(
            CellError(
                "",
                "",
                _(
                    "No sheet has a header row naming the columns, such as “%(title)s” and "
                    "“%(lead)s”. Start from a file exported from the plan."
                )
                % {"title": COLUMN["title_th"].label, "lead": COLUMN["lead_agency"].label},
            )
        )
        return result
    result.sheet, header_row, header = found
    reader = Reader(plan, result.sheet, header)
    rows = parse_rows(reader, dict(sheets)[result.sheet], header_row)
    result.rows = _diff(reader, rows)
    result.errors = reader.errors
    if result.errors or not result.rows:
        return result
    try:
        with transaction.atomic():
            _apply(reader, result.rows, by=by)
            if reader.errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    result.errors = sorted(reader.errors, key=lambda e: (_row_of(e.cell), e.cell))
    return result


def _row_of(cell: str) -> int:
    digits = "".join(c for c in cell if c.isdigit())
    return int(digits) if digits else 0
