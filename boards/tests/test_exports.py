"""What a board leaves behind as files: CSV, XLSX and a PDF snapshot."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from boards import exports
from boards.models import Method, Note
from boards.services import board_create, method_create
from boards.tests.conftest import phone
from boards.tests.test_views_manage import actor_of, facilitate, send, write
from lib.thai.text import fold_vowel_order

pytestmark = pytest.mark.django_db

HOPE = "อยากเห็นหน่วยงานรัฐทำงานร่วมกันโดยไม่ต้องมีหนังสือราชการ"
FEAR = "กลัวว่าผู้สูงอายุในชนบทจะเข้าไม่ถึงบริการออนไลน์"


@pytest.fixture
def filled(lab, dana, opdc, workshop):
    """A board of hopes and fears with dot voting (a lab's own method), in a
    workshop in Bangkok: a signed note, an anonymous one, a hidden one, a
    deleted one, votes, a comment, a theme."""
    definition = Method.objects.get(key="hopes-fears", lab=None).definition
    definition = {**definition, "rules": {**definition["rules"], "voting": True}}
    method = method_create(
        lab=lab,
        by=dana,
        key="hopes-votes",
        name_th="ความหวังและความกังวลพร้อมโหวต",
        definition=definition,
    )
    b = board_create(
        lab=lab, by=dana, method=method, title="ความหวังต่อห้องปฏิบัติการ", workshop=workshop
    )
    somchai, _ = phone(b, "สมชาย", organisation=opdc)
    somying, _ = phone(b, "สมหญิง", organisation_text="อบต.บ้านนา")
    hope = write(b, somchai, HOPE)
    Note.objects.filter(pk=hope).update(created_at=dt.datetime(2024, 3, 5, 2, 30, tzinfo=dt.UTC))
    facilitate(b, dana, "board.set", anonymous=True)
    fear = write(b, somying, FEAR, zone="fears")
    facilitate(b, dana, "board.set", anonymous=False)
    hidden = write(b, somying, "ข้อความที่ถูกซ่อน", zone="fears")
    facilitate(b, dana, "note.hide", note=hidden, hidden=True)
    gone = write(b, somchai, "ข้อความที่ลบแล้ว")
    send(b, actor_of(somchai), "note.delete", note=gone)
    send(b, actor_of(somying), "vote.add", id="vote-000001", note=hope)
    send(b, actor_of(somchai), "vote.add", id="vote-000002", note=hope)
    send(b, actor_of(somying), "comment.add", id="comment-0001", note=hope, text="เห็นด้วยอย่างยิ่ง")
    facilitate(b, dana, "theme.add", label="การทำงานร่วมกัน", notes=[hope, fear])
    return b


def csv_rows(board) -> list[dict[str, str]]:
    data = exports.board_csv(board)
    assert data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_csv_has_a_row_per_note_and_keeps_anonymous_authors_out(filled, opdc):
    with translation.override("en"):
        rows = csv_rows(filled)
    by_text = {row["Text"]: row for row in rows}
    assert set(by_text) == {HOPE, FEAR, "ข้อความที่ถูกซ่อน"}  # the deleted note is left out
    hope, fear, hidden = by_text[HOPE], by_text[FEAR], by_text["ข้อความที่ถูกซ่อน"]
    assert (hope["Zone"], hope["Author"], hope["Votes"], hope["Comments"]) == (
        "Hopes",
        "สมชาย",
        "2",
        "1",
    )
    with translation.override("en"):
        assert hope["Author's organisation"] == str(opdc)
    assert hope["Theme"] == fear["Theme"] == "การทำงานร่วมกัน"
    assert fear["Author"] == fear["Author's organisation"] == ""
    assert hidden["Hidden"] == "yes" and hope["Hidden"] == "" and hidden["Author"] == "สมหญิง"
    # 02:30 UTC is 09:30 in Bangkok, the workshop's time zone.
    assert hope["Created (Asia/Bangkok)"] == "2024-03-05 09:30"


def test_the_csv_headers_follow_the_language(filled):
    with translation.override("th"):
        header = exports.board_csv(filled).decode("utf-8-sig").splitlines()[0]
    with translation.override("en"):
        english = exports.board_csv(filled).decode("utf-8-sig").splitlines()[0]
    assert english.startswith("Zone,Text,")
    assert header != english


def test_canvas_fields_get_a_column_each(board):
    b = board("persona")
    author, _ = phone(b)
    write(
        b,
        author,
        "ป้าสมศรี",
        fields={"segment": "ผู้สูงอายุ", "vulnerable_groups": ["elderly", "disability"]},
    )
    with translation.override("en"):
        [row] = csv_rows(b)
    assert row["Text"] == "ป้าสมศรี" and row["Group or segment"] == "ผู้สูงอายุ"
    assert row["Vulnerable groups"] == "Older people, People with disabilities"
    assert "Barriers to services" in row


def test_tags_and_rounds_are_named(board, dana):
    stories = board("story-circle")
    author, _ = phone(stories)
    write(stories, author, "เรื่องเล่าการเปลี่ยนแปลง", tags=["learning", "networking"])
    with translation.override("en"):
        [row] = csv_rows(stories)
    assert row["Tags"] == "Learning, Networking"
    hats = board("thinking-hats")
    author, _ = phone(hats)
    write(hats, author, "ความคิดใหม่")
    with translation.override("en"):
        [row] = csv_rows(hats)
    assert row["Round"] == "Green hat: creativity"


def test_the_xlsx_has_notes_themes_and_comments(filled):
    with translation.override("en"):
        book = openpyxl.load_workbook(io.BytesIO(exports.board_xlsx(filled)))
    assert book.sheetnames == ["Notes", "Themes", "Comments"]
    notes = book["Notes"]
    header = [cell.value for cell in notes[1]]
    assert header[:2] == ["Zone", "Text"] and "Hidden" in header
    assert notes.max_row == 4
    assert notes.column_dimensions["B"].width >= 40
    texts = {row[1] for row in notes.iter_rows(min_row=2, values_only=True)}
    assert HOPE in texts and FEAR in texts
    created = header.index("Created (Asia/Bangkok)")
    hope_row = next(row for row in notes.iter_rows(min_row=2, values_only=True) if row[1] == HOPE)
    assert hope_row[created] == dt.datetime(2024, 3, 5, 9, 30)
    fear_row = next(row for row in notes.iter_rows(min_row=2, values_only=True) if row[1] == FEAR)
    assert fear_row[header.index("Author")] in (None, "")
    themes = list(book["Themes"].iter_rows(min_row=2, values_only=True))
    assert themes[0][0] == "การทำงานร่วมกัน" and themes[0][2] == 2 and themes[0][3] == 2
    comments = list(book["Comments"].iter_rows(min_row=2, values_only=True))
    assert comments[0][:3] == (HOPE, "เห็นด้วยอย่างยิ่ง", "สมหญิง")


def test_reading_a_board_costs_the_same_queries_whatever_its_size(board):
    b = board()

    def grow(n):
        for i in range(n):
            author, _ = phone(b, f"คน {n}-{i}")
            note = write(b, author, f"ความหวัง {n}-{i}")
            send(b, actor_of(author), "comment.add", id=f"c-{n}-{i:04d}x", note=note, text="ใช่")

    grow(2)
    with CaptureQueriesContext(connection) as small:
        exports.board_csv(b)
    grow(30)
    with CaptureQueriesContext(connection) as large:
        exports.board_xlsx(b)
    assert len(large) == len(small)


def test_the_filename_names_the_board_and_the_day(board, workshop):
    b = board(workshop=workshop)
    assert re.fullmatch(
        rf"saphan-board-{b.code}-\d{{4}}-\d{{2}}-\d{{2}}\.pdf", exports.export_filename(b, "pdf")
    )


# --- PDF --------------------------------------------------------------------------------


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-")
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def squeezed(text: str) -> str:
    """Thai as it is compared: sara am folded, spaces and line breaks dropped."""
    return re.sub(r"\s+", "", fold_vowel_order(text))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_pdf_snapshot_holds_the_thai_notes_themes_and_personas(filled, board):
    with translation.override("th"):
        text = squeezed(pdf_text(exports.board_pdf(filled)))
    year = str(timezone.localtime(filled.created_at).year + 543)  # the Buddhist era
    for expected in [filled.title, HOPE, FEAR, "การทำงานร่วมกัน", "ความหวัง", "ความกังวล", year]:
        assert squeezed(expected) in text, expected
    assert squeezed("ข้อความที่ลบแล้ว") not in text

    personas = board("persona", title="เพอร์โซนาของโครงการ")
    author, _ = phone(personas)
    write(
        personas,
        author,
        "ป้าสมศรี",
        fields={"quote": "ไปโรงพยาบาลทีต้องเสียทั้งวัน", "vulnerable_groups": ["elderly"]},
    )
    with translation.override("th"):
        text = squeezed(pdf_text(exports.board_pdf(personas)))
    for expected in ["ป้าสมศรี", "ไปโรงพยาบาลทีต้องเสียทั้งวัน", "ผู้สูงอายุ"]:
        assert squeezed(expected) in text, expected


def test_the_pdf_leaves_anonymous_authors_out(filled):
    with translation.override("th"):
        html = exports.board_pdf_html(filled)
    fear_card = html.split(FEAR)[1].split("</div>")[0]
    assert "สมหญิง" not in fear_card
    hope_card = html.split(HOPE)[1].split("</div>")[0]
    assert "สมชาย" in hope_card


def test_note_text_that_looks_like_a_formula_stays_text(board, dana):
    import io

    from openpyxl import load_workbook

    from boards.exports import board_csv, board_xlsx
    from boards.live.operations import handle
    from boards.selectors import Actor
    from boards.services import participant_for_user

    b = board()
    actor = Actor.of(participant_for_user(board=b, user=dana), facilitator=True)
    handle(
        board_id=b.pk,
        actor=actor,
        kind="note.add",
        fields={
            "id": "formula-1",
            "zone": "hopes",
            "text": '=HYPERLINK("http://evil.example","x")',
        },
    )
    sheet = load_workbook(io.BytesIO(board_xlsx(b))).worksheets[0]
    cells = [
        c
        for row in sheet.iter_rows(min_row=2)
        for c in row
        if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert cells and all(c.data_type == "s" for c in cells)
    assert "'=HYPERLINK" in board_csv(b).decode("utf-8-sig")
