"""Building a report's PDF in a background thread, so the page shows a
progress bar instead of timing out (the pattern of directory/imports/jobs.py).

Once the job's row is committed, the view hands it to a pool of
MAX_BUILDS threads: a WeasyPrint build holds a core and a good deal of
memory, so however many PDFs are asked for at once, no more than that are
built together and the others wait their turn, "Waiting to start". (A
PDF asked for again while it builds, or soon after, is not built twice:
reports.services.report_job_create.)

The thread reads the report, draws its charts, writes its pages and saves the file,
and moves the row's `done`/`total` as it goes: its units are the parts
read and the charts drawn (reports.selectors), the sections written and
the pages laid out (reports.pdf), and the file saved. The total is planned
before the data is read, from three counts and an estimate of the pages; a
report longer than the estimate raises the total as it goes, so the bar
never moves back. Progress is written to the row at most every
WRITE_EVERY seconds (and whenever the step changes): the page polls the
row, which no transaction holds, so nothing needs keeping in memory.

A thread dies with its server process (a restart, a deploy): a job that
still says it is building, that no thread here works on and that has not
moved for INTERRUPTED_AFTER, is settled as failed when someone looks at it.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actions.models import Status
from lib import uploads
from reports import pdf, selectors
from reports.models import ReportJob, report_path

logger = logging.getLogger(__name__)

SAVE = "save"
STEPS = {
    selectors.COLLECT: gettext_lazy("Collecting data"),
    selectors.CHARTS: gettext_lazy("Drawing charts"),
    pdf.PAGES: gettext_lazy("Writing pages"),
    SAVE: gettext_lazy("Saving the file"),
}
INTERRUPTED_AFTER = dt.timedelta(minutes=10)
WRITE_EVERY = 0.5  # seconds
MAX_BUILDS = 2  # PDFs built at once by this process

_running: set[int] = set()  # jobs this process builds or has waiting
_lock = threading.Lock()
_pool = ThreadPoolExecutor(max_workers=MAX_BUILDS, thread_name_prefix="report")


class Tracker:
    """Counts units of work and writes them to the job's row."""

    def __init__(self, job_id: int, total: int) -> None:
        self.job_id = job_id
        self.done = 0
        self.total = total
        self.step = ""
        self._written_at = 0.0

    def __call__(self, step: str) -> None:
        self.done += 1
        # The file is still to be saved: a longer report than planned
        # raises the total instead of reaching 100% early.
        self.total = max(self.total, self.done + 1)
        now = time.monotonic()
        if step != self.step or now - self._written_at >= WRITE_EVERY:
            self.step = step
            self._written_at = now
            write_progress(self.job_id, step=step, done=self.done, total=self.total)


def write_progress(job_id: int, *, step: str, done: int, total: int) -> None:
    ReportJob.objects.filter(pk=job_id).update(
        step=step, done=done, total=total, updated_at=timezone.now()
    )


def planned_units(job: ReportJob) -> int:
    """The job's total, planned from counts (three small queries)."""
    scope = selectors.Scope(job.lab, job.challenge)
    actions = scope.actions().aggregate(
        all=Count("pk"),
        listed=Count("pk", filter=Q(current_status__in=[Status.LATE, Status.AT_RISK])),
    )
    plans = scope.plans.count()
    pages = pdf.estimate_pages(
        boards=scope.boards.count(), plans=plans, rows=actions["all"] + actions["listed"]
    )
    charts = plans + selectors.FIXED_CHARTS
    return selectors.COLLECT_PARTS + charts + len(pdf.SECTIONS) + pages + 1


def enqueue(job: ReportJob) -> None:
    """Queue `job` for the pool once its row is committed (a pool thread
    reads it through another database connection)."""
    transaction.on_commit(lambda: start(job.pk))


def start(job_id: int) -> Future[None]:
    with _lock:
        _running.add(job_id)
    return _pool.submit(_in_thread, job_id)


def _in_thread(job_id: int) -> None:
    try:
        run(job_id)
    finally:
        # A thread's connection is never closed by Django's request cycle.
        connection.close()


def run(job_id: int) -> None:
    """Build the job's PDF; on any error the job fails with a message and no file."""
    try:
        job = ReportJob.objects.select_related("lab__process", "challenge__lab", "created_by").get(
            pk=job_id
        )
        with translation.override(job.language):
            build(job)
    except Exception:
        logger.exception("report job %s failed", job_id)
        language = ReportJob.objects.filter(pk=job_id).values_list("language", flat=True).first()
        with translation.override(language or "th"):
            message = _("The PDF could not be made because of an unexpected error. Try again.")
        ReportJob.objects.filter(pk=job_id).update(
            stage=ReportJob.Stage.FAILED,
            error=message,
            file="",
            updated_at=timezone.now(),
            finished_at=timezone.now(),
        )
    finally:
        with _lock:
            _running.discard(job_id)


def build(job: ReportJob) -> None:
    total = planned_units(job)
    ReportJob.objects.filter(pk=job.pk).update(
        stage=ReportJob.Stage.RUNNING,
        step=selectors.COLLECT,
        done=0,
        total=total,
        updated_at=timezone.now(),
    )
    tracker = Tracker(job.pk, total)
    viewer: Any = job.created_by or AnonymousUser()
    if job.challenge is not None:
        report = selectors.challenge_report(job.challenge, viewer, progress=tracker)
    else:
        report = selectors.lab_report(job.lab, viewer, progress=tracker)
    data = pdf.report_pdf(report, progress=tracker)
    with uploads.removed_on_failure() as written:
        # A random name: in development MEDIA_URL serves files unchecked.
        name = default_storage.save(
            report_path(job, uploads.stored_name("report", "pdf")), ContentFile(data)
        )
        written.append(name)
        now = timezone.now()
        ReportJob.objects.filter(pk=job.pk).update(
            stage=ReportJob.Stage.DONE,
            step=SAVE,
            done=tracker.total,
            total=tracker.total,
            file=name,
            error="",
            updated_at=now,
            finished_at=now,
        )


def settle_interrupted(job: ReportJob) -> None:
    with _lock:
        running_here = job.pk in _running
    if running_here or not job.is_running or timezone.now() - job.updated_at < INTERRUPTED_AFTER:
        return
    ReportJob.objects.filter(pk=job.pk, stage=job.stage).update(
        stage=ReportJob.Stage.FAILED,
        error=_("The PDF was interrupted before it was finished. Ask for it again."),
        updated_at=timezone.now(),
        finished_at=timezone.now(),
    )
    job.refresh_from_db()


def state(job: ReportJob) -> dict[str, Any]:
    """What the job page's JSON reports."""
    settle_interrupted(job)
    done = job.stage == ReportJob.Stage.DONE
    return {
        "stage": job.stage,
        "stage_label": str(ReportJob.Stage(job.stage).label),
        "step": job.step,
        "step_label": str(STEPS.get(job.step, "")),
        "running": job.is_running,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "error": job.error,
        "url": job.get_absolute_url(),
        "download_url": reverse("reports:download", args=[job.pk]) if done else None,
    }
