"""Reports of a lab or a challenge. The HTML report is built on request;
a PDF is built by a `ReportJob` in the background, which reports its
progress and keeps the file for download."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labs.models import Challenge, Lab


def report_path(instance: ReportJob, filename: str) -> str:
    return f"reports/{instance.lab_id}/{filename}"


class ReportJob(models.Model):
    class Stage(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Building")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="report_jobs")
    challenge = models.ForeignKey(
        Challenge, null=True, blank=True, on_delete=models.CASCADE, related_name="report_jobs"
    )
    language = models.CharField(max_length=8, default="th")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.QUEUED)
    step = models.CharField(max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=report_path, max_length=500, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.lab} · {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("reports:job", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.stage in (self.Stage.QUEUED, self.Stage.RUNNING)

    @property
    def percent(self) -> int:
        if self.stage == self.Stage.DONE:
            return 100
        return min(100, round(100 * self.done / self.total)) if self.total else 0
