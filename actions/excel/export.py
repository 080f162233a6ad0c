"""A plan out to XLSX: the actions sheet, and a sheet on how to edit it."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from actions.excel.columns import (
    COLUMN_INDEX,
    COLUMNS,
    FIRST_DATA_ROW,
    milestone_line,
    settable_labels,
)
from actions.models import SETTABLE_STATUSES, Action, ActionAgency, ActionPlan, Status, today
from lib.xlsx import keep_as_text, sheet_title


def plan_actions(plan: ActionPlan, *, today: dt.date | None = None) -> QuerySet[Action]:
    """A plan's actions with everything a row shows, in a fixed number of queries."""
    return (
        Action.objects.filter(plan=plan)
        .with_status(today)
        .select_related("lead_agency", "owner")
        .prefetch_related(
            Prefetch(
                "supports",
                queryset=ActionAgency.objects.select_related("organisation").order_by("pk"),
            ),
            Prefetch("depends_on", queryset=Action.objects.only("pk", "ref", "plan_id")),
            "milestones",
        )
        .order_by("pk")
    )


def _ref_tokens(actions: list[Action]) -> dict[int, str]:
    """How "depends on" names an action: its reference when no other action
    of the plan shares it, else #ID."""
    counts = Counter(action.ref for action in actions if action.ref)
    return {
        action.pk: action.ref if action.ref and counts[action.ref] == 1 else f"#{action.pk}"
        for action in actions
    }


def _export_row(action: Action, tokens: dict[int, str]) -> list[Any]:
    last_update = (
        timezone.localtime(action.last_update_at).replace(tzinfo=None, microsecond=0)
        if action.last_update_at
        else None
    )
    return [
        action.pk,
        action.ref,
        action.title_th,
        action.title_en,
        action.description,
        action.lead_agency.name_th,
        "\n".join(support.organisation.name_th for support in action.supports.all()),
        action.owner.name if action.owner else "",
        action.start_date,
        action.due_date,
        str(Status(action.state).label),
        action.status_label,
        action.percent_complete,
        ", ".join(tokens.get(other.pk, f"#{other.pk}") for other in action.depends_on.all()),
        "\n".join(milestone_line(m.title, m.due_date, m.done_on) for m in action.milestones.all()),
        last_update,
    ]


def export_filename(plan: ActionPlan) -> str:
    return f"saphan-plan-{plan.pk}-{today().isoformat()}.xlsx"


def plan_xlsx(plan: ActionPlan, *, today: dt.date | None = None) -> bytes:
    """The plan as a workbook in the active language: the actions, and a
    sheet explaining how to edit them."""
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    actions = list(plan_actions(plan, today=today))
    tokens = _ref_tokens(actions)
    book = openpyxl.Workbook()
    book.properties.title = plan.title_th
    sheet = book.active
    sheet.title = sheet_title(pgettext("plan", "Actions"))
    sheet.append([str(column.label) for column in COLUMNS])
    sheet.append([column.key for column in COLUMNS])
    sheet.row_dimensions[2].hidden = True
    for action in actions:
        sheet.append(
            [
                ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
                for value in _export_row(action, tokens)
            ]
        )
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="E3E8EE")
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        sheet.cell(row=1, column=index).font = bold
        for cell in sheet[letter][FIRST_DATA_ROW - 1 :]:
            cell.alignment = wrap
            if not column.editable:
                cell.fill = grey
            keep_as_text(cell)
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=COLUMN_INDEX["title_th"] + 1)
    # Room below the actions for new rows to get the same checks.
    last = len(actions) + FIRST_DATA_ROW + 200
    statuses = DataValidation(
        type="list",
        formula1='"{}"'.format(",".join(str(label) for _value, label in SETTABLE_STATUSES)),
        allow_blank=True,
    )
    percent = DataValidation(
        type="whole", operator="between", formula1="0", formula2="100", allow_blank=True
    )
    for validation, key in ((statuses, "status"), (percent, "percent")):
        letter = get_column_letter(COLUMN_INDEX[key] + 1)
        validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
        sheet.add_data_validation(validation)
    _readme(book.create_sheet(sheet_title(_("Read me"))), plan)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _readme(sheet: Any, plan: ActionPlan) -> None:
    from openpyxl.styles import Alignment, Font

    paragraphs = [
        _("How to edit this plan in Excel"),
        plan.title_th,
        _(
            "One row per action. Change the cells, add rows for new actions, save, and upload "
            "the file on the plan's “Import from Excel” page: you will see every change "
            "before anything is saved, and a file with an error changes nothing."
        ),
        _(
            "Keep the ID column as it is: it ties a row to its action. Leave it empty on a new "
            "row. Deleting a row does not delete the action; remove actions on the plan's page."
        ),
        _(
            "“Late” is worked out from the due date and the progress, so it cannot be typed as "
            "a status. Grey columns are for reading only and are ignored when the file comes back."
        ),
        _(
            "When an agency's or a person's name fits several directory records, add the number "
            "shown in the directory's address, such as “สำนักงาน ก.พ.ร. #12”."
        ),
    ]
    for paragraph in paragraphs:
        sheet.append([paragraph])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append([_("Column"), _("What it holds")])
    header_row = sheet.max_row
    for column in COLUMNS:
        text = str(column.help)
        if column.key == "status":
            text = text % {"statuses": settable_labels()}
        sheet.append([str(column.label), text])
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 100
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            keep_as_text(cell)
