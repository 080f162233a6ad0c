from __future__ import annotations

from django.contrib import admin

from reports.models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    """Jobs are made and moved by the PDF thread: read here, not edited."""

    list_display = ["lab", "challenge", "language", "stage", "step", "done", "total", "created_at"]
    list_filter = ["stage", "language"]
    list_select_related = ["lab", "challenge"]
    search_fields = ["lab__name_th", "lab__name_en"]
    readonly_fields = [f.name for f in ReportJob._meta.fields]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False
