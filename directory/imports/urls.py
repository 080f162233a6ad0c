"""Import of organisations and people from CSV and XLSX, and export."""

from __future__ import annotations

from django.urls import path, re_path

from directory.imports import views

app_name = "imports"

urlpatterns = [
    path("import/", views.upload, name="upload"),
    path("import/<int:pk>/", views.job_detail, name="job"),
    path("import/<int:pk>/mapping/", views.job_mapping, name="mapping"),
    path("import/<int:pk>/commit/", views.job_commit, name="commit"),
    path("import/<int:pk>/progress.json", views.job_progress, name="progress"),
    re_path(
        r"^export/organisations\.(?P<fmt>csv|xlsx)$",
        views.export_organisations,
        name="export_organisations",
    ),
    re_path(r"^export/people\.(?P<fmt>csv|xlsx)$", views.export_people, name="export_people"),
]
