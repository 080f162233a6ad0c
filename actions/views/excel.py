"""A plan in Excel: export, and import in two steps (upload → preview → confirm).

    plans/<pk>/export.xlsx     plan_export   whoever may see the plan
    plans/<pk>/import/         plan_import   actions.change_plan

Between the steps the upload waits on the server, in the folder
settings.SAPHAN_PLAN_IMPORT_DIR (docs/settings.md), under a random name that only the uploader's session knows: the confirm
step never takes a file or a path from the browser. Confirming reads the
file again and applies it through actions.excel.plan_import, so a plan
changed in between is checked again.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import time
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from actions.access import get_plan_for_user
from actions.excel import XLSX_TYPE, ImportResult, export_filename, plan_import, plan_xlsx
from actions.models import ActionPlan
from lib.uploads import read_upload

# Uploads nobody confirmed are removed after a day.
STORE_HOURS = 24


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file"),
        help_text=gettext_lazy("An XLSX file exported from this plan, edited."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xlsm")):
            raise forms.ValidationError(_("Choose an XLSX file."))
        self.content = read_upload(upload)  # size checked before reading
        return upload


@require_GET
def plan_export(request: HttpRequest, pk: int) -> FileResponse:
    plan = get_plan_for_user(request.user, pk)
    return FileResponse(
        io.BytesIO(plan_xlsx(plan)),
        as_attachment=True,
        filename=export_filename(plan),
        content_type=XLSX_TYPE,
    )


# --- The upload waiting between steps -------------------------------------------


def _session_key(plan: ActionPlan) -> str:
    return f"actions:plan-import:{plan.pk}"


def _folder() -> Path:
    return Path(settings.SAPHAN_PLAN_IMPORT_DIR)


def _store(request: HttpRequest, plan: ActionPlan, data: bytes, filename: str) -> str:
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - STORE_HOURS * 3600
    for old in folder.glob("*.xlsx"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    _discard(request, plan)
    token = secrets.token_hex(16)
    (folder / f"{token}.xlsx").write_bytes(data)
    request.session[_session_key(plan)] = {
        "token": token,
        "filename": filename[:200],
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    return token


def _stored(request: HttpRequest, plan: ActionPlan, token: str) -> tuple[bytes, str] | None:
    """The upload the session holds under `token`, if it is still there, unchanged."""
    entry = request.session.get(_session_key(plan))
    if not entry or not token or not secrets.compare_digest(entry["token"], token):
        return None
    try:
        data = (_folder() / f"{entry['token']}.xlsx").read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        return None
    return data, entry["filename"]


def _discard(request: HttpRequest, plan: ActionPlan) -> None:
    entry = request.session.pop(_session_key(plan), None)
    if entry:
        (_folder() / f"{entry['token']}.xlsx").unlink(missing_ok=True)


# --- The page ------------------------------------------------------------------------


def _upload_page(
    request: HttpRequest, plan: ActionPlan, form: UploadForm, result: ImportResult | None = None
) -> HttpResponse:
    return render(
        request,
        "actions/excel/import.html",
        {"plan": plan, "lab": plan.lab, "form": form, "result": result},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_import_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, perm="actions.change_plan")
    here = reverse("actions:plan_import", args=[plan.pk])
    token = request.POST.get("token") or request.GET.get("preview", "")
    if request.method == "POST" and "confirm" in request.POST:
        stored = _stored(request, plan, token)
        if stored is None:
            messages.error(request, _("That upload has expired; upload the file again."))
            return redirect(here)
        result = plan_import(plan=plan, by=request.user, data=stored[0])
        if result.errors:
            return _upload_page(request, plan, UploadForm(), result)
        _discard(request, plan)
        messages.success(
            request,
            _("The file is imported: %(added)s actions added, %(changed)s changed.")
            % {"added": result.added, "changed": result.changed},
        )
        return redirect(plan)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return _upload_page(request, plan, form)
        upload, data = form.cleaned_data["file"], form.content
        result = plan_import(plan=plan, by=request.user, data=data, dry_run=True)
        if result.errors:
            return _upload_page(request, plan, UploadForm(), result)
        if not result.rows:
            messages.info(request, _("The file matches the plan: there is nothing to change."))
            return redirect(here)
        token = _store(request, plan, data, upload.name)
        return redirect(f"{here}?preview={token}")
    if token:
        stored = _stored(request, plan, token)
        if stored is None:
            messages.error(request, _("That upload has expired; upload the file again."))
            return redirect(here)
        result = plan_import(plan=plan, by=request.user, data=stored[0], dry_run=True)
        if result.errors:
            return _upload_page(request, plan, UploadForm(), result)
        return render(
            request,
            "actions/excel/preview.html",
            {
                "plan": plan,
                "lab": plan.lab,
                "result": result,
                "token": token,
                "filename": stored[1],
            },
        )
    return _upload_page(request, plan, UploadForm())


urlpatterns = [
    path("plans/<int:pk>/export.xlsx", plan_export, name="plan_export"),
    path("plans/<int:pk>/import/", plan_import_view, name="plan_import"),
]
