"""A plan out to XLSX and back: every field survives, edits change exactly
what was edited, and a file with any error changes nothing."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from actions.excel import plan_import, plan_xlsx
from actions.models import Action, Milestone, ProgressUpdate, Status
from actions.services.plans import milestone_save
from actions.tests.conftest import make_action
from audit.models import AuditEntry
from directory.services import organisation_create, person_create

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def cgd(db):
    return organisation_create(
        by=None,
        name_th="กรมบัญชีกลาง",
        name_en="Comptroller General's Department",
        abbreviation_th="กบญ.",
        abbreviation_en="CGD",
        aliases=[("กรมบัญชีกลาง กระทรวงการคลัง", "alias")],
        sector="gov_central",
        kind="department",
    )


@pytest.fixture
def somchai(opdc):
    return person_create(
        by=None,
        honorific="นาย",
        first_name_th="สมชาย",
        last_name_th="ใจดี",
        first_name_en="Somchai",
        last_name_en="Jaidee",
        organisation=opdc,
    )


@pytest.fixture
def actions(plan, opdc, ocsc, cgd, somchai, dana):
    first = make_action(
        plan,
        "จัดทำคู่มือการบริการประชาชน",
        lead=opdc,
        supporting=[ocsc],
        by=dana,
        ref="1",
        title_en="Service manual",
        description="คู่มือสำหรับเจ้าหน้าที่ทุกจังหวัด",
        owner=somchai,
        start_date=TODAY - dt.timedelta(days=10),
        due_date=TODAY + dt.timedelta(days=60),
        state=Status.ON_TRACK,
        percent_complete=40,
    )
    milestone_save(action=first, by=dana, title="ร่างคู่มือ", due_date=TODAY, done_on=TODAY)
    milestone_save(action=first, by=dana, title="ทดลองใช้", due_date=TODAY + dt.timedelta(days=30))
    second = make_action(
        plan,
        "อบรมเจ้าหน้าที่",
        lead=ocsc,
        supporting=[opdc, cgd],
        by=dana,
        ref="2",
        due_date=TODAY - dt.timedelta(days=3),
        depends_on=[first],
    )
    third = make_action(
        plan, "ติดตามผล", lead=cgd, by=dana, description='=HYPERLINK("http://x")', due_date=None
    )
    return first, second, third


def state(plan) -> dict:
    """Everything an import could touch, to compare before and after."""
    rows = {}
    for action in Action.objects.filter(plan=plan).order_by("pk"):
        values = {f.name: getattr(action, f.attname) for f in Action._meta.concrete_fields}
        values["supporting"] = sorted(action.supports.values_list("organisation_id", flat=True))
        values["depends_on"] = sorted(action.depends_on.values_list("pk", flat=True))
        values["milestones"] = list(
            Milestone.objects.filter(action=action).values_list(
                "pk", "title", "due_date", "done_on", "order"
            )
        )
        rows[action.pk] = values
    return {"actions": rows, "audit": AuditEntry.objects.count()}


def edit(data: bytes, cells: dict | None = None, *, new_rows=()) -> bytes:
    """Change cells by (action id, column key) and append rows ({key: value})."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    keys = {cell.value: cell.column for cell in sheet[2]}
    rows = {sheet.cell(row=r, column=1).value: r for r in range(3, sheet.max_row + 1)}
    for (pk, key), value in (cells or {}).items():
        sheet.cell(row=rows[pk], column=keys[key]).value = value
    for values in new_rows:
        row = sheet.max_row + 1
        for key, value in values.items():
            sheet.cell(row=row, column=keys[key]).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_of(data: bytes, index: int = 0):
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[index]


# --- Out ------------------------------------------------------------------------------


def test_the_export_holds_every_field_with_real_dates(plan, actions, cgd):
    first, second, third = actions
    with translation.override("en"):
        sheet = sheet_of(plan_xlsx(plan))
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["ID", "Reference", "Title (Thai)"]
    assert "Status today (read only)" in headers
    keys = [c.value for c in sheet[2]]
    assert sheet.row_dimensions[2].hidden
    row = {key: sheet.cell(row=3, column=i + 1).value for i, key in enumerate(keys)}
    assert row["id"] == first.pk
    assert row["title_th"] == "จัดทำคู่มือการบริการประชาชน"
    assert row["title_en"] == "Service manual"
    assert row["lead_agency"] == "สำนักงานคณะกรรมการพัฒนาระบบราชการ"
    assert row["supporting"] == "สำนักงานคณะกรรมการข้าราชการพลเรือน"
    assert row["owner"] == "Somchai Jaidee"
    assert row["start_date"] == dt.datetime.combine(first.start_date, dt.time())
    assert row["status"] == "On track"
    assert row["percent"] == 40
    assert row["milestones"].splitlines() == [
        f"ร่างคู่มือ | {TODAY.isoformat()} | {TODAY.isoformat()}",
        f"ทดลองใช้ | {(TODAY + dt.timedelta(days=30)).isoformat()} | ",
    ]
    late = {key: sheet.cell(row=4, column=i + 1).value for i, key in enumerate(keys)}
    assert late["status"] == "Not started"
    assert late["derived_status"] == "Late"
    assert late["depends_on"] == "1"
    assert late["supporting"].splitlines() == [
        "สำนักงานคณะกรรมการพัฒนาระบบราชการ",
        "กรมบัญชีกลาง",
    ]


def test_text_that_looks_like_a_formula_stays_text(plan, actions):
    sheet = sheet_of(plan_xlsx(plan))
    cell = sheet.cell(row=5, column=5)
    assert cell.value == '=HYPERLINK("http://x")'
    assert cell.data_type == "s"


def test_the_file_explains_how_to_edit_it(plan, actions):
    with translation.override("en"):
        readme = sheet_of(plan_xlsx(plan), 1)
    text = "\n".join(str(c.value) for row in readme.iter_rows() for c in row if c.value)
    assert "Keep the ID column as it is" in text
    assert "Not started, On track, At risk, Done, Dropped" in text


def test_the_export_reads_in_a_fixed_number_of_queries(plan, actions, opdc, dana):
    with CaptureQueriesContext(connection) as small:
        plan_xlsx(plan)
    for number in range(8):
        make_action(plan, f"กิจกรรม {number}", lead=opdc, by=dana, ref=f"9.{number}")
    with CaptureQueriesContext(connection) as large:
        plan_xlsx(plan)
    assert len(large.captured_queries) == len(small.captured_queries) <= 5


# --- Back in ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["th", "en"])
def test_an_unchanged_file_changes_nothing(plan, actions, dana, language):
    with translation.override(language):
        data = plan_xlsx(plan)
    before = state(plan)
    result = plan_import(plan=plan, by=dana, data=data)
    assert result.errors == []
    assert result.rows == []
    assert state(plan) == before


def test_edited_cells_change_exactly_those_fields(plan, actions, dana, ocsc, cgd):
    first, second, third = actions
    before = state(plan)
    data = edit(
        plan_xlsx(plan),
        {
            (first.pk, "title_th"): "จัดทำคู่มือบริการฉบับใหม่",
            (first.pk, "due_date"): "30/9/2569",
            (first.pk, "start_date"): dt.datetime(2026, 1, 5),
            (first.pk, "status"): "มีความเสี่ยง",
            (first.pk, "supporting"): "ก.พ.\nCGD",
            (first.pk, "percent"): 60,
            (second.pk, "status"): "Done",
        },
    )
    result = plan_import(plan=plan, by=dana, data=data)
    assert result.errors == []
    assert (result.added, result.changed) == (0, 2)
    after = state(plan)
    changed = {
        pk: {k for k in after["actions"][pk] if after["actions"][pk][k] != values[k]}
        for pk, values in before["actions"].items()
    }
    assert changed[first.pk] == {
        "title_th",
        "due_date",
        "start_date",
        "state",
        "supporting",
        "percent_complete",
        "last_update_at",
        "updated_at",
    }
    assert changed[second.pk] == {"state", "completed_on", "last_update_at", "updated_at"}
    assert changed[third.pk] == set()
    first.refresh_from_db()
    assert first.due_date == dt.date(2026, 9, 30)
    assert first.start_date == dt.date(2026, 1, 5)
    assert first.state == Status.AT_RISK
    assert after["actions"][first.pk]["supporting"] == sorted([ocsc.pk, cgd.pk])
    assert after["audit"] == before["audit"] + 2
    # A new percent or status leaves a progress update saying where it came from.
    update = ProgressUpdate.objects.get(action=first)
    assert (update.percent_complete, update.state, update.by) == (60, Status.AT_RISK, dana)
    assert "Excel" in update.text and update.created_at == first.last_update_at
    assert ProgressUpdate.objects.get(action=second).state == Status.DONE
    assert not ProgressUpdate.objects.filter(action=third).exists()


def test_a_file_exported_after_an_import_comes_back_unchanged(plan, actions, dana):
    first = actions[0]
    plan_import(plan=plan, by=dana, data=edit(plan_xlsx(plan), {(first.pk, "percent"): 70}))
    before = state(plan), ProgressUpdate.objects.count()
    result = plan_import(plan=plan, by=dana, data=plan_xlsx(plan))
    assert (result.errors, result.rows) == ([], [])
    assert (state(plan), ProgressUpdate.objects.count()) == before


def test_a_percent_cell_formatted_as_a_percentage_reads_as_shown(plan, actions, dana):
    first, second, _third = actions
    book = openpyxl.load_workbook(io.BytesIO(plan_xlsx(plan)))
    sheet = book.worksheets[0]
    keys = {cell.value: cell.column for cell in sheet[2]}
    rows = {sheet.cell(row=r, column=1).value: r for r in range(3, sheet.max_row + 1)}
    shown = sheet.cell(row=rows[first.pk], column=keys["percent"])
    shown.value, shown.number_format = 0.6, "0%"  # Excel keeps 60% as 0.6
    literal = sheet.cell(row=rows[second.pk], column=keys["percent"])
    literal.value, literal.number_format = 30, '0"%"'  # 30 shown as 30%: no scaling
    buffer = io.BytesIO()
    book.save(buffer)
    assert plan_import(plan=plan, by=dana, data=buffer.getvalue()).errors == []
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.percent_complete, second.percent_complete) == (60, 30)


def test_a_fraction_of_a_percent_is_an_error(plan, actions, dana):
    first = actions[0]
    book = openpyxl.load_workbook(io.BytesIO(plan_xlsx(plan)))
    sheet = book.worksheets[0]
    keys = {cell.value: cell.column for cell in sheet[2]}
    cell = sheet.cell(row=3, column=keys["percent"])
    assert sheet.cell(row=3, column=1).value == first.pk
    cell.value, cell.number_format = 0.605, "0.0%"
    buffer = io.BytesIO()
    book.save(buffer)
    result = plan_import(plan=plan, by=dana, data=buffer.getvalue())
    assert [error.cell for error in result.errors] == [f"{cell.column_letter}3"]
    assert "60.5%" in result.errors[0].message


def test_lead_and_supporting_agencies_swap(plan, actions, dana, opdc, ocsc):
    first = actions[0]
    data = edit(
        plan_xlsx(plan), {(first.pk, "lead_agency"): "OCSC", (first.pk, "supporting"): "OPDC"}
    )
    assert plan_import(plan=plan, by=dana, data=data).errors == []
    first.refresh_from_db()
    assert first.lead_agency == ocsc
    assert list(first.supporting_agencies.all()) == [opdc]


def test_a_row_without_an_id_adds_an_action(plan, actions, dana, opdc, somchai):
    first = actions[0]
    data = edit(
        plan_xlsx(plan),
        new_rows=[
            {
                "ref": "4",
                "title_th": "ประเมินผลโครงการ",
                "lead_agency": "OPDC",
                "supporting": "กรมบัญชีกลาง กระทรวงการคลัง",
                "owner": "นายสมชาย ใจดี",
                "due_date": "15/8/2569",
                "depends_on": "1",
                "milestones": "ร่างแบบประเมิน | 1/7/2569 |",
            }
        ],
    )
    result = plan_import(plan=plan, by=dana, data=data)
    assert result.errors == []
    assert (result.added, result.changed) == (1, 0)
    added = Action.objects.get(plan=plan, ref="4")
    assert added.title_th == "ประเมินผลโครงการ"
    assert added.lead_agency == opdc
    assert [o.name_th for o in added.supporting_agencies.all()] == ["กรมบัญชีกลาง"]
    assert added.owner == somchai
    assert added.due_date == dt.date(2026, 8, 15)
    assert added.state == Status.NOT_STARTED
    assert list(added.depends_on.all()) == [first]
    assert list(added.milestones.values_list("title", "due_date")) == [
        ("ร่างแบบประเมิน", dt.date(2026, 7, 1))
    ]


def test_a_new_row_may_depend_on_another_new_row(plan, actions, dana):
    data = edit(
        plan_xlsx(plan),
        new_rows=[
            {"ref": "5", "title_th": "ขั้นที่สอง", "lead_agency": "กพร", "depends_on": "4"},
            {"ref": "4", "title_th": "ขั้นแรก", "lead_agency": "กพร"},
        ],
    )
    assert plan_import(plan=plan, by=dana, data=data).errors == []
    assert list(Action.objects.get(ref="5").depends_on.values_list("ref", flat=True)) == ["4"]


def test_a_bad_date_or_an_unknown_agency_changes_nothing_and_names_the_cells(plan, actions, dana):
    first, second, _third = actions
    before = state(plan)
    data = edit(
        plan_xlsx(plan),
        {(first.pk, "due_date"): "31/2/2569", (first.pk, "title_th"): "ชื่อใหม่"},
        new_rows=[{"title_th": "กิจกรรมใหม่", "lead_agency": "กรมที่ไม่มีอยู่จริง"}],
    )
    with translation.override("en"):
        result = plan_import(plan=plan, by=dana, data=data)
    messages = [str(error) for error in result.errors]
    sheet = result.sheet
    assert messages == [
        f"{sheet}!J3: “31/2/2569” is not a date (for example 1/10/2567).",
        f"{sheet}!F6: “กรมที่ไม่มีอยู่จริง” is not in the directory: check the spelling, "
        "or write the abbreviation or the English name.",
    ]
    assert state(plan) == before


def test_late_cannot_be_typed(plan, actions, dana):
    first = actions[0]
    before = state(plan)
    with translation.override("en"):
        result = plan_import(
            plan=plan, by=dana, data=edit(plan_xlsx(plan), {(first.pk, "status"): "ล่าช้า"})
        )
    assert len(result.errors) == 1
    assert result.errors[0].cell == "K3"
    assert "worked out from the due date" in result.errors[0].message
    assert state(plan) == before


def test_a_service_refusal_rolls_back_the_whole_file(plan, actions, dana):
    """Rows parse, but the services refuse one: nothing of the file stays."""
    first, second, _third = actions
    before = state(plan)
    data = edit(
        plan_xlsx(plan),
        {
            (first.pk, "title_th"): "ชื่อใหม่",
            (second.pk, "start_date"): "1/12/2569",
            (second.pk, "due_date"): "1/1/2569",
        },
    )
    with translation.override("en"):
        result = plan_import(plan=plan, by=dana, data=data)
    assert [(e.cell, e.message) for e in result.errors] == [
        ("J4", "An action cannot be due before it starts.")
    ]
    assert state(plan) == before


def test_a_dependency_circle_is_refused(plan, actions, dana):
    first, second, _third = actions
    before = state(plan)
    with translation.override("en"):
        result = plan_import(
            plan=plan, by=dana, data=edit(plan_xlsx(plan), {(first.pk, "depends_on"): "2"})
        )
    assert [(e.cell, e.message) for e in result.errors] == [
        ("N3", "These dependencies would go round in a circle.")
    ]
    assert state(plan) == before


def test_ids_of_another_plan_and_unknown_people_are_errors(plan, actions, dana, lab, opdc):
    from actions.services.plans import plan_create

    other = make_action(
        plan_create(lab=lab, by=dana, title_th="แผนอื่น"), "ของแผนอื่น", lead=opdc, by=dana
    )
    with translation.override("en"):
        result = plan_import(
            plan=plan,
            by=dana,
            data=edit(
                plan_xlsx(plan),
                {(actions[0].pk, "owner"): "ไม่มี ในระบบ"},
                new_rows=[{"id": other.pk, "title_th": "x", "lead_agency": "OPDC"}],
            ),
        )
    assert [e.cell for e in result.errors] == ["H3", "A6"]
    assert "not in the directory" in result.errors[0].message


def test_a_name_several_agencies_share_is_reported(plan, actions, dana):
    organisation_create(
        by=None, name_th="กรมบัญชีกลาง", abbreviation_en="CGD2", sector="gov_central", kind="office"
    )
    first = actions[0]
    with translation.override("en"):
        result = plan_import(
            plan=plan, by=dana, data=edit(plan_xlsx(plan), {(first.pk, "supporting"): "กรมบัญชีกลาง"})
        )
    assert len(result.errors) == 1
    assert "fits several records" in result.errors[0].message
    # The action that already has one of them keeps it: the round trip holds.
    second = actions[1]
    assert plan_import(plan=plan, by=dana, data=plan_xlsx(plan)).rows == []
    assert second.supports.count() == 2


def test_a_hand_made_thai_sheet_is_read(plan, dana, opdc, ocsc, somchai):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "แผน"
    sheet.append(["แผนปฏิบัติการร่วม ปีงบประมาณ 2569"])
    sheet.append([])
    sheet.append(
        [
            "ลำดับ",
            "ชื่อกิจกรรม",
            "หน่วยงานหลัก",
            "หน่วยงานสนับสนุน",
            "ผู้รับผิดชอบ",
            "กำหนดเสร็จ",
            "สถานะ",
            "ความก้าวหน้า (%)",
        ]
    )
    sheet.append(
        [
            "1",
            "สำรวจความต้องการ",
            "ก.พ.ร.",
            "กพ; ก.พ.ร.",
            "นายสมชาย ใจดี",
            "30/9/2569",
            "ยังไม่เริ่ม",
            "0",
        ]
    )
    sheet.append(["2", "จัดอบรม", "OCSC", "", "", "2026-10-31", "ตามแผน", "10%"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = plan_import(plan=plan, by=dana, data=buffer.getvalue())
    assert result.errors == []
    assert result.added == 2
    survey, training = Action.objects.filter(plan=plan).order_by("ref")
    assert survey.lead_agency == opdc
    assert list(survey.supporting_agencies.all()) == [ocsc]  # the lead is not its own supporter
    assert survey.owner == somchai
    assert survey.due_date == dt.date(2026, 9, 30)
    assert (training.state, training.percent_complete) == (Status.ON_TRACK, 10)


def test_a_file_without_a_header_is_refused(plan, dana):
    book = openpyxl.Workbook()
    book.active.append(["สวัสดี"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = plan_import(plan=plan, by=dana, data=buffer.getvalue())
    assert len(result.errors) == 1 and not result.errors[0].cell
    assert plan_import(plan=plan, by=dana, data=b"not a workbook").errors
