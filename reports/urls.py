"""Reports of a lab or a challenge: the page, the PDF asked for, followed and downloaded."""

from __future__ import annotations

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("labs/<int:lab_pk>/report/", views.lab_report, name="lab"),
    path("labs/<int:lab_pk>/challenges/<int:pk>/report/", views.challenge_report, name="challenge"),
    path("labs/<int:lab_pk>/report/pdf/", views.build, name="build"),
    path("reports/jobs/<int:pk>/", views.job, name="job"),
    path("reports/jobs/<int:pk>/download/", views.download, name="download"),
]
