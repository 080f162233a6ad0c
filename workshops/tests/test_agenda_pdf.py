"""The printable agenda as PDF: Thai text that a reader (and pdftotext) gets back."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.services import person_create
from labs.models import Lab
from labs.services import lab_create
from lib.thai.text import fold_vowel_order
from workshops import agenda_pdf
from workshops.models import Link, Session, Speaker, Workshop

UTC = dt.UTC
TITLE_TH = "การสร้างสะพานข้ามรัฐบาลเพื่อบรรลุการเปลี่ยนแปลงเชิงปฏิรูป"
TITLE_EN = "Building bridges across government for transformative change"
SPEAKER_TH = "ผศ.ดร.น้ำทิพย์ ผู้ใหญ่บ้าน"

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as pdftotext reads it, in drawing order (-raw).

    pdftotext's default mode rebuilds columns from glyph positions and
    splits a Thai word where a combining mark is drawn to the left of its
    advance; -raw keeps the order the text was written in."""
    assert pdf.startswith(b"%PDF-")
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def squeezed(text: str) -> str:
    """Thai as it is compared: sara am folded (a PDF draws ำ as ํ + า, and
    gives those two characters back) and line breaks and spaces dropped
    (a long title wraps wherever the line ends)."""
    return re.sub(r"\s+", "", fold_vowel_order(text))


@pytest.fixture
def workshop(db, opdc, ocsc):
    # The lab's name comes first on the page and holds ำ: before the fix a
    # plain า anywhere after it was read back as ำ.
    lab = lab_create(
        by=None, name_th="สำนักงาน ก.พ.ร.: ห้องปฏิบัติการนโยบาย", name_en="OPDC policy lab", hosts=[opdc]
    )
    workshop = Workshop.objects.create(
        lab=lab,
        title_th=TITLE_TH,
        title_en=TITLE_EN,
        format=Workshop.Format.ONLINE,
        online_url="https://zoom.example/j/123",
        time_zone="Europe/London",
    )
    first = Session.objects.create(
        workshop=workshop,
        title_th="ช่องว่างระหว่างการเปลี่ยนแปลงที่เป็นทางการและไม่เป็นทางการ",
        title_en="The gap between formal and informal change",
        starts_at=dt.datetime(2022, 2, 9, 9, 0, tzinfo=UTC),
        ends_at=dt.datetime(2022, 2, 9, 10, 0, tzinfo=UTC),
        description="นำเสนอและแลกเปลี่ยน",
    )
    Session.objects.create(
        workshop=workshop,
        title_th="ห้องย่อย: สะพานที่เราสร้างได้",
        title_en="Breakout: the bridges we can build",
        starts_at=dt.datetime(2022, 2, 9, 10, 0, tzinfo=UTC),
        ends_at=dt.datetime(2022, 2, 9, 11, 0, tzinfo=UTC),
    )
    speaker = person_create(
        by=None,
        academic_title="ผศ.ดร.",
        first_name_th="น้ำทิพย์",
        last_name_th="ผู้ใหญ่บ้าน",
        first_name_en="Namthip",
        last_name_en="Phuyaiban",
    )
    Speaker.objects.create(
        session=first,
        person=speaker,
        title_shown="ผู้อำนวยการกองนวัตกรรม",
        organisation_shown="สำนักงาน ก.พ.ร.",
    )
    first.invited_organisations.add(ocsc)
    Link.objects.create(
        workshop=workshop, title="TIPC: Transformative outcomes", url="https://tipconsortium.net/"
    )
    return workshop


def url(workshop: Workshop) -> str:
    return reverse("workshops:agenda_pdf", args=[workshop.pk])


def test_the_thai_agenda_pdf_gives_back_the_title_and_the_speaker(client, workshop):
    response = client.get(url(workshop))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert squeezed(TITLE_TH) in squeezed(text)
    assert squeezed(SPEAKER_TH) in squeezed(text)
    assert squeezed("ผู้อำนวยการกองนวัตกรรม, สำนักงาน ก.พ.ร.") in squeezed(text)
    assert squeezed("สำนักงานคณะกรรมการข้าราชการพลเรือน") in squeezed(text)  # invited
    assert "\ufffd" not in text


def test_plain_sara_aa_is_not_read_back_as_sara_am(client, workshop):
    """The ToUnicode repair: without it every า after the first ำ of the
    page comes back as ำ (การ -> กำร), and น้ำ loses its tone mark."""
    text = pdf_text(client.get(url(workshop)).content)

    assert "การสร้างสะพาน" in text
    assert "กำร" not in text
    assert "น\u0e4d\u0e49\u0e32ทิพย์" in text or "น้ำทิพย์" in text


def test_the_thai_agenda_has_buddhist_era_dates_and_both_zones(client, workshop):
    text = pdf_text(client.get(url(workshop)).content)

    assert "9 กุมภาพันธ์ 2565" in text
    assert "09:00–10:00" in text and "Europe/London" in text
    # The reader in Bangkok (the default zone) also sees their own time.
    assert "16:00–17:00" in text and "Asia/Bangkok" in text


def test_the_english_agenda_pdf_gives_back_the_english_title(client_for, charlie, workshop):
    charlie.language = "en"
    charlie.time_zone = "Europe/London"
    charlie.save(update_fields=["language", "time_zone"])

    text = pdf_text(client_for(charlie).get(url(workshop)).content)

    assert squeezed(TITLE_EN) in squeezed(text)
    assert "Namthip Phuyaiban" in text
    assert "9 February 2022" in text
    assert "2565" not in text
    # Reader and event share a zone: one time, no second one.
    assert "16:00" not in text


def test_a_members_only_agenda_is_hidden_from_others(client, client_for, charlie, alice, workshop):
    Lab.objects.filter(pk=workshop.lab_id).update(visibility=Lab.Visibility.MEMBERS)

    assert client.get(url(workshop)).status_code == 404
    assert client_for(charlie).get(url(workshop)).status_code == 404
    assert client_for(alice).get(url(workshop)).status_code == 200


def test_the_fonts_are_embedded(workshop):
    pdf = agenda_pdf.agenda_pdf(workshop, language="th", viewer_zone="Asia/Bangkok")
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=False)
    if fonts.returncode != 0:  # older poppler reads no stdin
        pytest.skip("pdffonts cannot read standard input here")
    rows = fonts.stdout.decode().splitlines()[2:]

    assert rows, "no fonts in the PDF"
    assert all(" yes " in row for row in rows), rows  # embedded


def test_a_typical_agenda_renders_quickly(workshop):
    # A three-day agenda of 18 sessions, like the KRI-OPDC symposium.
    start = dt.datetime(2024, 6, 3, 2, 0, tzinfo=UTC)
    for day in range(3):
        for part in range(6):
            at = start + dt.timedelta(days=day, hours=part)
            Session.objects.create(
                workshop=workshop,
                title_th=f"ช่วงที่ {part + 1} ของวันที่ {day + 1}: การทำงานข้ามหน่วยงาน",
                starts_at=at,
                ends_at=at + dt.timedelta(minutes=50),
                description="การแลกเปลี่ยนเรียนรู้ระหว่างหน่วยงานภาครัฐ " * 3,
            )
    agenda_pdf.agenda_pdf(workshop, language="th", viewer_zone="Asia/Bangkok")  # fonts loaded once

    # CPU time, not wall time: the suite runs beside other processes, and
    # waiting for a core is not the renderer's cost (about 0.2 s here).
    started = time.process_time()
    pdf = agenda_pdf.agenda_pdf(workshop, language="th", viewer_zone="Asia/Bangkok")
    elapsed = time.process_time() - started

    assert "ช่วงที่ 6 ของวันที่ 3" in fold_vowel_order(pdf_text(pdf))
    assert elapsed < 2.0, f"{elapsed:.2f} s of CPU"


def test_the_agenda_pdf_costs_the_same_queries_with_more_sessions(client, workshop):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(workshop)).status_code == 200
        return len(captured)

    few = queries()
    for hour in range(12, 20):
        Session.objects.create(
            workshop=workshop,
            title_th=f"ช่วง {hour}",
            starts_at=dt.datetime(2022, 2, 10, hour, 0, tzinfo=UTC),
            ends_at=dt.datetime(2022, 2, 10, hour, 45, tzinfo=UTC),
        )

    assert queries() == few
