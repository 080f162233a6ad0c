"""Writes of reports: asking for a PDF. The job then runs in reports/jobs.py."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from labs.models import Challenge, Lab
from reports.jobs import INTERRUPTED_AFTER
from reports.models import ReportJob


@transaction.atomic
def report_job_create(
    *, lab: Lab, challenge: Challenge | None = None, language: str, by: Any
) -> tuple[ReportJob, bool]:
    """A PDF of the lab's (or challenge's) report in `language`, to build.

    A PDF of the same report in the same language already building is
    returned instead of a second one (a double click, two colleagues):
    (job, False)."""
    if challenge is not None and challenge.lab_id != lab.pk:
        raise ValidationError(_("This challenge belongs to another lab."))
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language."))
    building = ReportJob.objects.filter(
        lab=lab,
        challenge=challenge,
        language=language,
        stage__in=[ReportJob.Stage.QUEUED, ReportJob.Stage.RUNNING],
        updated_at__gte=timezone.now() - INTERRUPTED_AFTER,
    ).first()
    if building is not None:
        return building, False
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
    return job, True
