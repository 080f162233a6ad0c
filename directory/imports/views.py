"""The import flow (upload → mapping → preview → commit) and the exports.

Views parse, check access and call the services; the steps themselves run
through directory.imports.jobs, in the request or in a thread.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from directory import exports
from directory.imports import jobs, services
from directory.imports.forms import MappingForm, UploadForm
from directory.models import ImportJob


def perm_required(
    perm: str,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Anonymous visitors go to sign in; signed-in users without the
    permission get 403 (a redirect would loop)."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def get_import_job_for_user(user: Any, pk: int, *, with_data: bool = False) -> ImportJob:
    """A job is seen by the administrator who uploaded it (and other
    administrators, who may take over an abandoned import)."""
    queryset = ImportJob.objects.all() if with_data else ImportJob.objects.defer("data")
    job = get_object_or_404(queryset, pk=pk)
    if job.created_by_id != user.pk and not user.has_perm("directory.import"):
        raise PermissionDenied
    return job


@perm_required("directory.import")
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponseBase:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            job = services.import_job_create(
                by=request.user,
                data=upload_file.read(),
                filename=upload_file.name,
                kind=form.cleaned_data["kind"],
                sheet=form.cleaned_data["sheet"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            jobs.run(job, "read", by=request.user)
            return redirect(job)
    recent = ImportJob.objects.defer("data").filter(created_by_id=request.user.pk)[:10]
    return render(request, "directory/import/upload.html", {"form": form, "recent": recent})


@perm_required("directory.import")
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = get_import_job_for_user(request.user, pk)
    context: dict[str, Any] = {"job": job, "state": jobs.state(job)}
    if job.is_running:
        return render(request, "directory/import/progress.html", context)
    if job.stage == ImportJob.Stage.MAPPING:
        context["form"] = MappingForm(layouts=job.layouts)
        return render(request, "directory/import/mapping.html", context)
    if job.stage == ImportJob.Stage.PREVIEW:
        return render(request, "directory/import/preview.html", context | _preview_context(job))
    if job.stage == ImportJob.Stage.DONE:
        return render(request, "directory/import/done.html", context | _done_context(job))
    return render(request, "directory/import/failed.html", context)


@perm_required("directory.import")
@require_POST
def job_mapping(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = get_import_job_for_user(request.user, pk, with_data=True)
    if job.stage != ImportJob.Stage.MAPPING:
        return redirect(job)
    form = MappingForm(request.POST, layouts=job.layouts)
    if not form.is_valid():
        return render(
            request,
            "directory/import/mapping.html",
            {"job": job, "form": form, "state": jobs.state(job)},
        )
    services.import_job_set_mapping(job=job, mappings=form.mappings())
    jobs.run(job, "validate", by=request.user)
    return redirect(job)


@perm_required("directory.import")
@require_POST
def job_commit(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = get_import_job_for_user(request.user, pk, with_data=True)
    if job.stage != ImportJob.Stage.PREVIEW:
        return redirect(job)
    if job.preview.get("errors_total"):
        messages.error(
            request, _("The file has errors; fix them and upload it again. Nothing was imported.")
        )
        return redirect(job)
    decisions = {
        key.removeprefix("d-"): str(value)
        for key, value in request.POST.items()
        if key.startswith("d-")
    }
    jobs.run(job, "commit", by=request.user, decisions=decisions)
    return redirect(job)


@perm_required("directory.import")
@require_GET
def job_progress(request: HttpRequest, pk: int) -> JsonResponse:
    job = get_import_job_for_user(request.user, pk)
    return JsonResponse(jobs.state(job))


def _preview_context(job: ImportJob) -> dict[str, Any]:
    preview = job.preview
    return {
        "preview": preview,
        "counts": preview.get("counts", {}),
        "has_errors": bool(preview.get("errors_total")),
        "errors": preview.get("errors", []),
        "duplicates": preview.get("duplicates", []),
        "by_model": preview.get("by_model", {}),
    }


def _done_context(job: ImportJob) -> dict[str, Any]:
    from directory.models import Organisation, Person

    result = job.result
    return {
        "result": result,
        "organisations": Organisation.objects.filter(
            pk__in=result.get("created_organisations", [])
        ).order_by("pk"),
        "people": Person.objects.filter(pk__in=result.get("created_people", [])).order_by("pk"),
    }


# --- Exports --------------------------------------------------------------------


@perm_required("directory.export")
@require_GET
def export_organisations(request: HttpRequest, fmt: str) -> HttpResponseBase:
    return exports.organisations_response(user=request.user, params=request.GET, fmt=fmt)


@perm_required("directory.export")
@require_GET
def export_people(request: HttpRequest, fmt: str) -> HttpResponseBase:
    return exports.people_response(user=request.user, params=request.GET, fmt=fmt)
