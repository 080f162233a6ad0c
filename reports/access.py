"""get_<thing>_for_user for reports. A report job follows its lab: whoever
may read the lab's report may follow its PDF and download it (the content
does not depend on who asked for it); anyone else gets a 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404

from reports.models import ReportJob


def get_job_for_user(user: Any, pk: int) -> ReportJob:
    job = get_object_or_404(
        ReportJob.objects.select_related("lab__process", "challenge__lab"), pk=pk
    )
    if not user.has_perm("reports.view_report", job.lab):
        raise Http404
    return job
