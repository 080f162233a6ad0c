"""What reports keep about a signed-in person: who asked for a PDF (PDPA
export and erasure). The report files are the lab's, and stay."""

from __future__ import annotations

from typing import Any

from accounts.personal_data import register
from lib.service_fields import iso
from reports.models import ReportJob


def report_requests(user: Any, person: Any) -> list[dict[str, Any]]:
    if not getattr(user, "pk", None):
        return []
    return [
        {"lab": job.lab.name_th, "created_at": iso(job.created_at), "stage": job.stage}
        for job in ReportJob.objects.filter(created_by=user).select_related("lab")
    ]


def erase(user: Any, person: Any) -> None:
    if getattr(user, "pk", None):
        ReportJob.objects.filter(created_by=user).update(created_by=None)


def connect() -> None:
    register("report_requests", report_requests, erase)
