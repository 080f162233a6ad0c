"""Running the steps of a web import, in the request or in a thread.

Small files are read, checked and imported within the request. Long ones
run in a background thread started by the view, so the page can show a
progress bar instead of timing out.

Progress is kept in memory as well as on the ImportJob: while the commit's
transaction holds SQLite's single write lock, the job row cannot be written
from that transaction in a way the polling request could see, so the poll
reads the in-memory figure first. One server process serves the pages
(Daphne), so the page polls the process that runs the thread.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from directory.imports import services
from directory.models import ImportJob

logger = logging.getLogger(__name__)

# Files from this size on run in a background thread.
BACKGROUND_FROM_BYTES = 200_000

STEPS = {
    "read": ImportJob.Stage.READING,
    "validate": ImportJob.Stage.VALIDATING,
    "commit": ImportJob.Stage.COMMITTING,
}

_live: dict[int, dict[str, Any]] = {}
_running: set[int] = set()  # jobs with a step running in this process
_lock = threading.Lock()
# A step's thread dies with its server process (a restart, a deploy). A job
# that still says "running", that no thread here works on, and that has not
# moved for this long was interrupted. Generous, because with several server
# processes the step may be running in another one.
INTERRUPTED_AFTER = dt.timedelta(minutes=10)


def progress_for(job_id: int, stage: str) -> services.Progress:
    last = [0.0]

    def report(done: int, total: int) -> None:
        with _lock:
            _live[job_id] = {"stage": stage, "done": done, "total": total}
        now = time.monotonic()
        if not connection.in_atomic_block and (now - last[0] > 0.5 or done >= total):
            ImportJob.objects.filter(pk=job_id).update(
                rows_done=done, rows_total=total, updated_at=timezone.now()
            )
            last[0] = now

    return report


def settle_interrupted(job: ImportJob) -> None:
    with _lock:
        running_here = job.pk in _running
    if running_here or not job.is_running or timezone.now() - job.updated_at < INTERRUPTED_AFTER:
        return
    ImportJob.objects.filter(pk=job.pk, stage=job.stage).update(
        stage=ImportJob.Stage.FAILED,
        error=_("The import was interrupted before it finished; nothing was imported. Upload the file again."),
        updated_at=timezone.now(),
    )
    job.refresh_from_db()


def state(job: ImportJob) -> dict[str, Any]:
    """What the progress endpoint reports."""
    settle_interrupted(job)
    with _lock:
        live = dict(_live.get(job.pk, {}))
    done = live.get("done", job.rows_done)
    total = live.get("total", job.rows_total)
    return {
        "stage": job.stage,
        "stage_label": str(ImportJob.Stage(job.stage).label),
        "running": job.is_running,
        "done": done,
        "total": total,
        "percent": min(100, round(100 * done / total)) if total else 0,
        "url": job.get_absolute_url(),
    }


def in_background(job: ImportJob) -> bool:
    return len(job.data or b"") >= BACKGROUND_FROM_BYTES


def run(job: ImportJob, step: str, *, by: Any, decisions: dict[str, str] | None = None) -> bool:
    """Run a step now or in a thread; True when it went to the background."""
    stage = STEPS[step]
    ImportJob.objects.filter(pk=job.pk).update(stage=stage, rows_done=0, updated_at=timezone.now())
    with _lock:
        _running.add(job.pk)
    job.stage = stage
    language = translation.get_language() or "th"
    if not in_background(job):
        _run(job.pk, step, by.pk, decisions, language, background=False)
        return False
    thread = threading.Thread(
        target=_run,
        args=(job.pk, step, by.pk, decisions, language),
        kwargs={"background": True},
        name=f"import-{job.pk}-{step}",
        daemon=True,
    )
    thread.start()
    return True


def _run(
    job_id: int,
    step: str,
    user_id: int,
    decisions: dict[str, str] | None,
    language: str,
    *,
    background: bool,
) -> None:
    try:
        with translation.override(language):
            job = ImportJob.objects.get(pk=job_id)
            progress = progress_for(job_id, STEPS[step])
            if step == "read":
                services.import_job_read(job=job, progress=progress)
            elif step == "validate":
                services.import_job_validate(job=job, progress=progress)
            else:
                by = get_user_model().objects.get(pk=user_id)
                services.import_job_commit(job=job, by=by, decisions=decisions, progress=progress)
    except Exception:
        logger.exception("import job %s failed in step %s", job_id, step)
        with translation.override(language):
            message = _("The import stopped because of an unexpected error; nothing was imported.")
        ImportJob.objects.filter(pk=job_id).update(stage=ImportJob.Stage.FAILED, error=message)
    finally:
        with _lock:
            _live.pop(job_id, None)
            _running.discard(job_id)
        if background:
            # A thread's connection is never closed by Django's request cycle.
            connection.close()
