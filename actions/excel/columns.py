"""The columns of a plan's workbook and the words that name them and its statuses.

Each column has a machine key (the hidden second header row), a label in
the reader's language, and the headers Thai offices write for it, so that
a file comes back whatever its language, and hand-made sheets are read.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from actions.models import SETTABLE_STATUSES, Status
from lib.thai.text import compact

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_DATA_ROW = 3  # after the header and the hidden row of keys


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    help: Promise
    # Headers offices write (compared compact: case, dots and spaces aside).
    synonyms: tuple[str, ...] = ()
    width: int = 18
    editable: bool = True


COLUMNS = (
    Column(
        "id",
        gettext_lazy("ID"),
        gettext_lazy("Saphan's number for the action: keep it; leave it empty on a new row."),
        ("รหัส", "รหัสกิจกรรม", "เลขที่ระบบ"),
        8,
    ),
    Column(
        "ref",
        gettext_lazy("Reference"),
        gettext_lazy("The plan's own numbering, such as 1.2."),
        ("ลำดับ", "ลำดับที่", "ที่", "ข้อ", "เลขที่", "no", "number"),
        10,
    ),
    Column(
        "title_th",
        gettext_lazy("Title (Thai)"),
        gettext_lazy("Required."),
        ("ชื่อกิจกรรม", "กิจกรรม", "ชื่อกิจกรรมภาษาไทย", "โครงการ/กิจกรรม", "มาตรการ/กิจกรรม", "title"),
        40,
    ),
    Column(
        "title_en",
        gettext_lazy("Title (English)"),
        gettext_lazy("Optional."),
        ("ชื่อภาษาอังกฤษ", "ชื่อกิจกรรมภาษาอังกฤษ", "english title"),
        40,
    ),
    Column(
        "description",
        gettext_lazy("Description"),
        gettext_lazy("Optional."),
        ("รายละเอียด", "คำอธิบาย", "details"),
        50,
    ),
    Column(
        "lead_agency",
        gettext_lazy("Lead agency"),
        gettext_lazy(
            "Required: the agency's name, another name or abbreviation as the directory "
            "knows it (ก.พ.ร., กพร and OPDC all work)."
        ),
        ("หน่วยงานหลัก", "หน่วยงานรับผิดชอบหลัก", "หน่วยงานรับผิดชอบ", "หน่วยงานเจ้าภาพ", "lead"),
        30,
    ),
    Column(
        "supporting",
        gettext_lazy("Supporting agencies"),
        gettext_lazy("Agencies as above, separated by a semicolon or one per line."),
        ("หน่วยงานสนับสนุน", "หน่วยงานร่วม", "หน่วยงานที่เกี่ยวข้อง", "supporting"),
        30,
    ),
    Column(
        "owner",
        gettext_lazy("Owner"),
        gettext_lazy("The person in charge, by name as in the directory."),
        ("ผู้รับผิดชอบ", "ผู้รับผิดชอบหลัก", "responsible"),
        22,
    ),
    Column(
        "start_date",
        gettext_lazy("Start"),
        gettext_lazy("A date: an Excel date, 2026-05-01 or 1/5/2569 (Buddhist era)."),
        ("วันเริ่ม", "วันที่เริ่ม", "เริ่ม", "วันเริ่มต้น", "start date"),
        12,
    ),
    Column(
        "due_date",
        gettext_lazy("Due"),
        gettext_lazy("A date, as above."),
        ("กำหนดเสร็จ", "วันครบกำหนด", "กำหนดแล้วเสร็จ", "วันที่แล้วเสร็จ", "due date", "deadline"),
        12,
    ),
    Column(
        "status",
        gettext_lazy("Status"),
        gettext_lazy("One of: %(statuses)s."),
        ("สถานะ", "state"),
        14,
    ),
    Column(
        "derived_status",
        gettext_lazy("Status today (read only)"),
        gettext_lazy("Worked out from the dates and progress, late included; ignored on import."),
        ("สถานะวันนี้", "สถานะปัจจุบัน"),
        16,
        editable=False,
    ),
    Column(
        "percent",
        gettext_lazy("Percent complete"),
        gettext_lazy("A whole number from 0 to 100."),
        ("ความก้าวหน้า", "ความก้าวหน้า (%)", "ร้อยละความก้าวหน้า", "ร้อยละ", "%", "progress"),
        10,
    ),
    Column(
        "depends_on",
        gettext_lazy("Depends on"),
        gettext_lazy("References of other actions of this plan (or #ID), separated by commas."),
        ("ขึ้นกับ", "ต้องทำหลังจาก", "dependencies"),
        14,
    ),
    Column(
        "milestones",
        gettext_lazy("Milestones"),
        gettext_lazy("One per line: title | due date | date reached (dates may be empty)."),
        ("หมุดหมาย", "ขั้นสำคัญ"),
        40,
    ),
    Column(
        "last_update",
        gettext_lazy("Last update (read only)"),
        gettext_lazy("When progress was last reported; ignored on import."),
        ("ปรับปรุงล่าสุด", "อัปเดตล่าสุด", "last update"),
        18,
        editable=False,
    ),
)
COLUMN = {column.key: column for column in COLUMNS}
COLUMN_INDEX = {column.key: index for index, column in enumerate(COLUMNS)}

# Status words offices write, beside the labels in both languages.
STATUS_SYNONYMS: dict[str, tuple[str, ...]] = {
    Status.NOT_STARTED: ("ยังไม่เริ่ม", "ยังไม่ได้เริ่ม", "ยังไม่ดำเนินการ", "not yet started"),
    Status.ON_TRACK: ("ตามแผน", "เป็นไปตามแผน", "กำลังดำเนินการ", "อยู่ระหว่างดำเนินการ", "in progress"),
    Status.AT_RISK: ("มีความเสี่ยง", "เสี่ยง"),
    Status.DONE: ("เสร็จ", "เสร็จแล้ว", "เสร็จสิ้น", "แล้วเสร็จ", "ดำเนินการแล้วเสร็จ", "completed"),
    Status.DROPPED: ("ยกเลิก", "ยุติ", "cancelled", "canceled"),
    Status.LATE: ("ล่าช้า", "เกินกำหนด", "overdue"),
}


def _both_languages(label: Promise) -> set[str]:
    keys = set()
    for language in ("th", "en"):
        with translation.override(language):
            keys.add(compact(str(label)))
    return keys


@functools.cache
def header_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for column in COLUMNS:
        table.setdefault(compact(column.key), column.key)
        for key in _both_languages(column.label):
            table.setdefault(key, column.key)
    for column in COLUMNS:
        for synonym in column.synonyms:
            table.setdefault(compact(synonym), column.key)
    return table


@functools.cache
def status_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for value, label in Status.choices:
        table[compact(value)] = value
        for key in _both_languages(label):
            table.setdefault(key, value)
        for synonym in STATUS_SYNONYMS.get(value, ()):
            table.setdefault(compact(synonym), value)
    return table


def settable_labels() -> str:
    return ", ".join(str(label) for _value, label in SETTABLE_STATUSES)


def milestone_line(title: str, due: dt.date | None, done: dt.date | None) -> str:
    return " | ".join([title, due.isoformat() if due else "", done.isoformat() if done else ""])
