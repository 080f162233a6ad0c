"""Photos and files of a workshop: the gallery and file list, and uploads.

Files are read through file_download / file_thumbnail, which check that the
reader may see the workshop (a members-only lab's photos are the members'),
rather than straight from MEDIA_URL, which production does not serve.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from directory.forms import DirectoryForm
from workshops.access import get_workshop_for_user
from workshops.models import Workshop, WorkshopFile
from workshops.services import files as services

UPLOAD = "workshops.change_workshop"
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf"}


class UploadForm(DirectoryForm):
    kind = forms.ChoiceField(
        label=gettext_lazy("What is it?"),
        choices=WorkshopFile.Kind.choices,
        initial=WorkshopFile.Kind.PHOTO,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(label=gettext_lazy("File"))
    caption = forms.CharField(
        label=gettext_lazy("Caption"), required=False, max_length=services.CAPTION_MAX
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Photos: JPEG, PNG or WebP. Documents: PDF, Word (DOCX), Excel (XLSX) or "
            "PowerPoint (PPTX). At most %(limit)s."
        ) % {"limit": filesizeformat(services.max_upload_bytes())}
        self.fields["file"].widget.attrs["accept"] = (
            "image/jpeg,image/png,image/webp,.pdf,.docx,.xlsx,.pptx"
        )


def _context(
    request: HttpRequest, workshop: Workshop, form: UploadForm | None
) -> dict[str, object]:
    can_upload = request.user.has_perm(UPLOAD, workshop)
    return {
        "workshop": workshop,
        "listing": services.workshop_files(workshop),
        "can_upload": can_upload,
        "can_remove": can_upload,
        "form": form if form is not None else (UploadForm() if can_upload else None),
        "max_bytes": services.max_upload_bytes(),
    }


@require_GET
def files(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, pk)
    return render(request, "workshops/files/files.html", _context(request, workshop, None))


@require_http_methods(["GET", "POST"])
def file_upload(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    workshop = get_workshop_for_user(request.user, pk, perm=UPLOAD)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            stored = services.file_upload(
                workshop=workshop,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                caption=form.cleaned_data["caption"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _("“%(name)s” is uploaded.")
                % {"name": stored.caption or services.display_name(stored)},
            )
            return redirect("workshops:files", pk=workshop.pk)
    status = 400 if form.errors else 200
    return render(
        request, "workshops/files/upload.html", _context(request, workshop, form), status=status
    )


def _file(request: HttpRequest, pk: int, file_pk: int) -> WorkshopFile:
    workshop = get_workshop_for_user(request.user, pk)
    return get_object_or_404(WorkshopFile, workshop=workshop, pk=file_pk)


@require_GET
def file_download(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    stored = _file(request, pk, file_pk)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    inline = stored.content_type in INLINE_TYPES
    name = services.display_name(stored)
    response = FileResponse(
        handle, content_type=stored.content_type, as_attachment=not inline, filename=name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def file_thumbnail(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    stored = _file(request, pk, file_pk)
    if not stored.thumbnail:
        raise Http404
    try:
        handle = stored.thumbnail.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, content_type="image/jpeg")


@require_POST
def file_remove(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    workshop = get_workshop_for_user(request.user, pk, perm=UPLOAD)
    stored = get_object_or_404(WorkshopFile, workshop=workshop, pk=file_pk)
    name = stored.caption or services.display_name(stored)
    services.file_remove(file=stored, by=request.user)
    messages.success(request, _("“%(name)s” is removed.") % {"name": name})
    return redirect("workshops:files", pk=workshop.pk)
