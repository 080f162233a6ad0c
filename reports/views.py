"""Report pages.

GET  labs/<lab_pk>/report/                        the lab's report            (reports:lab)
GET  labs/<lab_pk>/challenges/<pk>/report/        one challenge's report      (reports:challenge)
POST labs/<lab_pk>/report/pdf/ [challenge=<pk>]   build a PDF in the viewer's
                                                  language, in the background (reports:build)
GET  reports/jobs/<pk>/ [?format=json]            the PDF's progress          (reports:job)
GET  reports/jobs/<pk>/download/                  the PDF                     (reports:download)

A report is read by whoever may see its lab (reports.view_report is
labs.view_lab); a members-only lab's report, jobs and files are a 404 to
anyone else. Files are served here after that check, never from MEDIA_URL.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_POST

from labs.access import get_challenge_for_user, get_lab_for_user
from reports import jobs, pdf, selectors, services
from reports.access import get_job_for_user
from reports.models import ReportJob
from reports.selectors import Report


def _page(request: HttpRequest, report: Report) -> HttpResponse:
    return render(
        request,
        "reports/report.html",
        {
            "report": report,
            "lab": report.lab,
            "sections": pdf.section_templates(),
            "can_build": request.user.has_perm("reports.build_report", report.lab),
        },
    )


@require_GET
def lab_report(request: HttpRequest, lab_pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, lab_pk)
    return _page(request, selectors.lab_report(lab, request.user))


@require_GET
def challenge_report(request: HttpRequest, lab_pk: int, pk: int) -> HttpResponse:
    challenge = get_challenge_for_user(request.user, pk, lab_pk=lab_pk)
    return _page(request, selectors.challenge_report(challenge, request.user))


@login_required
@require_POST
def build(request: HttpRequest, lab_pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, lab_pk, perm="reports.build_report")
    challenge = None
    if wanted := request.POST.get("challenge"):
        if not wanted.isdigit():
            raise Http404
        challenge = get_challenge_for_user(request.user, int(wanted), lab_pk=lab.pk)
    language = translation.get_supported_language_variant(translation.get_language() or "th")
    job, created = services.report_job_create(
        lab=lab, challenge=challenge, language=language, by=request.user
    )
    if created:
        jobs.enqueue(job)
    return redirect(job)


def _wants_json(request: HttpRequest) -> bool:
    return request.GET.get("format") == "json" or "application/json" in request.headers.get(
        "Accept", ""
    )


@require_GET
def job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    state = jobs.state(job)
    if _wants_json(request):
        return JsonResponse(state)
    return render(request, "reports/job.html", {"job": job, "lab": job.lab, "state": state})


@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    job = get_job_for_user(request.user, pk)
    if job.stage != ReportJob.Stage.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    with translation.override(job.language):
        # Dated on the platform's day, as the report inside it (actions.models.today).
        made = timezone.localdate(
            job.finished_at or job.created_at, timezone.get_default_timezone()
        )
        name = pdf.filename(job.lab, job.challenge, made)
    response = FileResponse(
        handle, content_type="application/pdf", as_attachment=True, filename=name
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Members-only content: no shared caches.
    response["Cache-Control"] = "private, max-age=0"
    return response
