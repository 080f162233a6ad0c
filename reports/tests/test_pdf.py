"""The report as PDF: Thai text that pdftotext reads back, Buddhist-era dates."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.utils import translation

from labs.models import Lab
from lib.thai.text import fold_vowel_order
from reports import pdf
from reports.selectors import challenge_report, lab_report
from reports.tests.conftest import ANONYMOUS_AUTHOR, LAB_TH, LATE_ACTION, PERSONA

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]


def pdf_text(data: bytes) -> str:
    """The PDF's text in drawing order (-raw; see workshops/tests/test_agenda_pdf.py)."""
    assert data.startswith(b"%PDF-")
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


def squeezed(text: str) -> str:
    """Thai as it is compared: sara am folded, spaces and line breaks dropped."""
    return re.sub(r"\s+", "", fold_vowel_order(text))


def test_the_pdf_holds_the_thai_names_and_buddhist_era_years(filled, charlie):
    with translation.override("th"):
        steps: list[str] = []
        data = pdf.report_pdf(lab_report(filled.lab, charlie), progress=steps.append)
    text = squeezed(pdf_text(data))
    local = "องค์การบริหารส่วนตำบลบ้านนา"
    for expected in [LAB_TH, local, "สำนักงานคณะกรรมการพัฒนาระบบราชการ", LATE_ACTION, PERSONA]:
        assert squeezed(expected) in text, expected
    assert "2569" in text  # the lab's period, 15 มกราคม 2569 – 20 ธันวาคม 2569
    assert squeezed(ANONYMOUS_AUTHOR) not in text
    # A unit per section written, then per page laid out.
    assert steps.count("pages") >= len(pdf.SECTIONS) + 2


def test_a_challenge_pdf_in_english(filled, charlie):
    with translation.override("en"):
        data = pdf.report_pdf(challenge_report(filled.challenge, charlie))
        name = pdf.filename(filled.lab, filled.challenge, filled.lab.start_date)
    text = pdf_text(data)
    assert "Challenge report" in text and "2026" in text
    assert squeezed(filled.challenge.title_th) in squeezed(text)
    assert name == "Policy lab - บริการดูแลผู้สูงอายุที่บ้าน 2026-01-15.pdf"


def test_the_filename_is_safe_on_every_system():
    lab = Lab(name_th='ห้อง/ทดลอง: "A*B"?\nสอง')
    with translation.override("th"):
        assert pdf.filename(lab, None, dt.date(2026, 5, 1)) == "ห้อง ทดลอง A B สอง 2026-05-01.pdf"
