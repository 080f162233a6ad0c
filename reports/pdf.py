"""The report as a PDF: the HTML page's sections laid out for A4 by
WeasyPrint through `workshops.agenda_pdf.render_pdf`, which embeds Sarabun
and repairs the text map so Thai copies (and pdftotext reads) back.

The sections are the page's own templates (templates/reports/sections/),
so the page and the PDF cannot drift apart; templates/reports/pdf/report.html
wraps them with the print stylesheet, the title page and the page footer.

Progress ("pages"): one unit per section rendered, then one per page laid
out. WeasyPrint announces each page on its progress logger
("weasyprint.progress", INFO, "Step 5 - Creating layout - Page %d"); a
handler listening to the building thread only turns those into units.
Most of a large report's time is that layout, so this is what keeps the
bar moving.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from labs.models import Challenge, Lab
from reports.selectors import Progress, Report
from workshops.agenda_pdf import render_pdf

PAGES = "pages"
SECTIONS = ("summary", "participants", "boards", "outputs", "plans", "actions")
DOCUMENT = "reports/pdf/report.html"
_WEASYPRINT_PROGRESS = logging.getLogger("weasyprint.progress")
_LAYOUT_MESSAGE = "Step 5 - Creating layout - Page"


def section_templates() -> list[str]:
    return [f"reports/sections/{name}.html" for name in SECTIONS]


def _quiet(step: str) -> None:
    """No progress to report."""


def estimate_pages(*, boards: int, plans: int, rows: int) -> int:
    """Roughly how many A4 pages a report runs to, from its boards, plans
    and action rows (every action, and again each late or at-risk one):
    the job's progress total is planned with it before the data is read.
    A longer report raises the total as it goes."""
    return 3 + math.ceil(boards / 3) + plans // 2 + math.ceil(rows / 22)


def report_html(report: Report, *, progress: Progress = _quiet) -> str:
    """The whole document, in the active language."""
    context: dict[str, Any] = {"report": report, "pdf": True}
    sections = []
    for template in section_templates():
        sections.append(mark_safe(render_to_string(template, context)))
        progress(PAGES)
    return render_to_string(DOCUMENT, context | {"sections": sections})


class _PageCounter(logging.Handler):
    def __init__(self, progress: Progress) -> None:
        super().__init__(logging.INFO)
        self.thread = threading.get_ident()
        self.progress = progress
        self.pages = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread or not str(record.msg).startswith(_LAYOUT_MESSAGE):
            return
        page = record.args[0] if isinstance(record.args, tuple) and record.args else 0
        # Repagination lays pages out again from page 1: count each page once.
        if isinstance(page, int) and page > self.pages:
            self.pages = page
            self.progress(PAGES)


@contextmanager
def _pages_reported(progress: Progress) -> Iterator[None]:
    # WeasyPrint's progress lines are INFO records that nothing else reads;
    # they are kept out of the site's log rather than printed for every PDF.
    _WEASYPRINT_PROGRESS.setLevel(logging.INFO)
    _WEASYPRINT_PROGRESS.propagate = False
    handler = _PageCounter(progress)
    _WEASYPRINT_PROGRESS.addHandler(handler)
    try:
        yield
    finally:
        _WEASYPRINT_PROGRESS.removeHandler(handler)


def report_pdf(report: Report, *, progress: Progress = _quiet) -> bytes:
    """The report as PDF bytes, in the active language. Links in it point
    at the site (SITE_URL)."""
    html = report_html(report, progress=progress)
    with _pages_reported(progress):
        return render_pdf(html, base_url=settings.SITE_URL)


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def filename(lab: Lab, challenge: Challenge | None, day: dt.date) -> str:
    """<lab> - <challenge> <date>.pdf, in the active language, safe on every system."""
    name = f"{lab.name} - {challenge.title}" if challenge else lab.name
    name = " ".join(_UNSAFE.sub(" ", name).split())[:120].strip()
    return f"{name} {day.isoformat()}.pdf"
