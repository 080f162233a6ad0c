"""Writes of reports: asking for a PDF. The job then runs in reports/jobs.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from labs.models import Challenge, Lab
from lib import uploads
from reports.jobs import INTERRUPTED_AFTER
from reports.models import ReportJob

# A PDF asked for again this soon after it was made is the one just made:
# nobody can keep the server building PDFs by asking over and over.
REUSE_FOR = dt.timedelta(minutes=5)
# Finished jobs kept per report and language, the newest; older ones go with their files.
KEEP_FINISHED = 3


@transaction.atomic
def report_job_create(
    *, lab: Lab, challenge: Challenge | None = None, language: str, by: Any
) -> tuple[ReportJob, bool]:
    """A PDF of the lab's (or challenge's) report in `language`, to build.

    A PDF of the same report in the same language already building, or made
    within REUSE_FOR, is returned instead of a second one (a double click,
    two colleagues): (job, False). Making a new one removes the oldest
    finished ones beyond KEEP_FINISHED, and their files once committed."""
    if challenge is not None and challenge.lab_id != lab.pk:
        raise ValidationError(_("This challenge belongs to another lab."))
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language."))
    now = timezone.now()
    same = ReportJob.objects.filter(lab=lab, challenge=challenge, language=language)
    reusable = (
        same.filter(
            Q(
                stage__in=[ReportJob.Stage.QUEUED, ReportJob.Stage.RUNNING],
                updated_at__gte=now - INTERRUPTED_AFTER,
            )
            | Q(stage=ReportJob.Stage.DONE, finished_at__gte=now - REUSE_FOR)
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if reusable is not None:
        return reusable, False
    job = ReportJob.objects.create(lab=lab, challenge=challenge, language=language, created_by=by)
    audit_record(
        actor=by,
        action="reports.job.create",
        obj=job,
        changes={
            "lab": lab.pk,
            "challenge": challenge.pk if challenge else None,
            "language": language,
        },
    )
    _prune(same.exclude(pk=job.pk), by=by)
    return job, True


def _prune(jobs: QuerySet[ReportJob], *, by: Any) -> None:
    finished = jobs.filter(stage__in=[ReportJob.Stage.DONE, ReportJob.Stage.FAILED])
    old = list(finished.order_by("-created_at", "-pk").values_list("pk", "file")[KEEP_FINISHED:])
    if not old:
        return
    ReportJob.objects.filter(pk__in=[pk for pk, _file in old]).delete()
    uploads.delete_on_commit(name for _pk, name in old)
    audit_record(
        actor=by, action="reports.job.prune", changes={"deleted": [pk for pk, _file in old]}
    )
