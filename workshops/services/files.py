"""Photos and files of a workshop: checked by what they contain, stored with
a thumbnail, listed in a gallery.

A file is judged by its bytes, never by its name or the browser's word:
photos must open in Pillow as JPEG, PNG or WebP and decode to the end;
documents must start like a PDF or be an Office Open XML package (DOCX,
XLSX, PPTX: a zip holding the part that makes it that kind of document).
The stored name gets the extension of what the file really is, and a
random prefix, so that names cannot be guessed or collide.

The size limit is the setting SAPHAN_UPLOAD_MAX_BYTES (10 MB by default),
checked before the file is read. Nothing reaches the disk until the file
has passed every check, and a failure while saving removes what was
written: a refused upload leaves no orphan file behind.
"""

from __future__ import annotations

import io
import os
import secrets
import threading
import warnings
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from audit.services import audit_record
from lib.thai.text import clean
from workshops.models import Workshop, WorkshopFile

Kind = WorkshopFile.Kind

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
THUMBNAIL_SIZE = 480
CAPTION_MAX = 500

# Pillow's format name → (content type, extension).
IMAGE_TYPES = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
OOXML_CONTENT = "application/vnd.openxmlformats-officedocument"
# The part an Office Open XML package must hold to be that kind of document.
OOXML_TYPES = {
    "word/document.xml": (f"{OOXML_CONTENT}.wordprocessingml.document", "docx"),
    "xl/workbook.xml": (f"{OOXML_CONTENT}.spreadsheetml.sheet", "xlsx"),
    "ppt/presentation.xml": (f"{OOXML_CONTENT}.presentationml.presentation", "pptx"),
}
PDF = ("application/pdf", "pdf")


def max_upload_bytes() -> int:
    return int(getattr(settings, "SAPHAN_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


@dataclass(frozen=True)
class Checked:
    content_type: str
    extension: str
    image: Image.Image | None = None


# WeasyPrint (the agenda PDF) sets Pillow's global LOAD_TRUNCATED_IMAGES on
# import, which would let a cut-off photo through as grey; the check turns it
# off while it decodes. The lock keeps two checks from restoring each
# other's value.
_truncation_lock = threading.Lock()


def _load_whole(image: Image.Image) -> None:
    with _truncation_lock:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _open_image(data: bytes) -> Image.Image:
    """The decoded image, or ValidationError. Decompression bombs (a small
    file that decodes to gigapixels) are refused, not just warned about."""
    not_image = ValidationError(_("This file is not a JPEG, PNG or WebP image."), code="not_image")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in IMAGE_TYPES:
                    raise not_image
                probe.verify()
            # verify() leaves the image unusable; decode it again, to the end,
            # so a truncated file is refused here rather than in the thumbnail.
            image = Image.open(io.BytesIO(data))
            _load_whole(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(
                _("This image has too many pixels to process."), code="too_many_pixels"
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise not_image from None
    return image


def _document_type(data: bytes) -> tuple[str, str] | None:
    if data.startswith(b"%PDF-"):
        return PDF
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for part, found in OOXML_TYPES.items():
        if part in names:
            return found
    return None


def check_upload(*, data: bytes, kind: str) -> Checked:
    """What the bytes are, if they are allowed as `kind`; else ValidationError."""
    if kind == Kind.PHOTO:
        image = _open_image(data)
        content_type, extension = IMAGE_TYPES[str(image.format)]
        return Checked(content_type, extension, image)
    if kind == Kind.DOCUMENT:
        found = _document_type(data)
        if found is None:
            raise ValidationError(
                _(
                    "This file is not a PDF, Word (DOCX), Excel (XLSX) or PowerPoint (PPTX) document."
                ),
                code="not_document",
            )
        return Checked(*found)
    raise ValidationError(_("Choose whether this is a photo or a document."), code="kind")


def make_thumbnail(image: Image.Image) -> bytes:
    """A JPEG at most THUMBNAIL_SIZE px on its longer side, turned upright as
    the camera's EXIF orientation says (phones store photos sideways)."""
    upright = ImageOps.exif_transpose(image)
    upright.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE), Image.Resampling.LANCZOS)
    if upright.mode in ("RGBA", "LA") or (upright.mode == "P" and "transparency" in upright.info):
        rgba = upright.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        upright = background
    elif upright.mode != "RGB":
        upright = upright.convert("RGB")
    out = io.BytesIO()
    upright.save(out, format="JPEG", quality=82, optimize=True)
    return out.getvalue()


def _stored_name(original: str, extension: str) -> str:
    stem = default_storage.get_valid_name(os.path.splitext(os.path.basename(original))[0])[:80]
    return f"{secrets.token_hex(6)}-{stem or 'file'}.{extension}"


def _size_error(size: int, limit: int) -> ValidationError:
    return ValidationError(
        _("This file is %(size)s; the largest allowed is %(limit)s.")
        % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        code="too_large",
    )


def file_upload(
    *,
    workshop: Workshop,
    upload: Any,
    kind: str,
    by: Any,
    caption: str = "",
) -> WorkshopFile:
    """Store an uploaded photo or document (a Django UploadedFile or any
    file object with `name`, `size` and `read`).

    Raises ValidationError, storing nothing, for a file too large, of a type
    not allowed, or a caption too long.
    """
    limit = max_upload_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _size_error(size, limit)
    caption = clean(caption or "")
    if len(caption) > CAPTION_MAX:
        raise ValidationError(
            _("A caption can be at most %(max)d characters long.") % {"max": CAPTION_MAX},
            code="caption",
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    # Read one byte past the limit: a file object that misreports its size
    # is still caught without reading all of it.
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _size_error(max(len(data), size or 0), limit)
    if not data:
        raise ValidationError(_("This file is empty."), code="empty")
    checked = check_upload(data=data, kind=kind)
    thumbnail = make_thumbnail(checked.image) if checked.image is not None else None

    name = _stored_name(getattr(upload, "name", "") or "", checked.extension)
    record = WorkshopFile(
        workshop=workshop,
        kind=kind,
        caption=caption,
        content_type=checked.content_type,
        size=len(data),
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    written: list[str] = []
    try:
        with transaction.atomic():
            record.file.save(name, ContentFile(data), save=False)
            written.append(str(record.file.name))
            if thumbnail is not None:
                record.thumbnail.save(
                    f"{os.path.splitext(name)[0]}.jpg", ContentFile(thumbnail), save=False
                )
                written.append(str(record.thumbnail.name))
            record.full_clean(exclude=["workshop", "uploaded_by"])
            record.save()
            audit_record(
                actor=by,
                action="workshops.file.upload",
                obj=record,
                changes={
                    "workshop": workshop.pk,
                    "kind": kind,
                    "file": record.file.name,
                    "content_type": checked.content_type,
                    "size": record.size,
                    "caption": caption,
                },
            )
    except BaseException:
        for stored in written:
            default_storage.delete(stored)
        raise
    return record


@transaction.atomic
def file_remove(*, file: WorkshopFile, by: Any) -> None:
    """Delete a file's row, and its file and thumbnail once that is committed."""
    names = [str(n) for n in (file.file.name, file.thumbnail.name if file.thumbnail else "") if n]
    audit_record(
        actor=by,
        action="workshops.file.remove",
        obj=file,
        changes={"workshop": file.workshop_id, "file": file.file.name, "caption": file.caption},
    )
    file.delete()

    def delete_files() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete_files)


# --- Reads for the gallery and the file list ------------------------------------


def display_name(file: WorkshopFile) -> str:
    """The uploaded file's name, without the random prefix it is stored with."""
    return str(file.file.name or "").rsplit("/", 1)[-1].split("-", 1)[-1]


def type_label(file: WorkshopFile) -> str:
    """A short name of the file's type for the list: PDF, DOCX, JPEG ..."""
    labels = {ct: ext.upper() for ct, ext in [*IMAGE_TYPES.values(), *OOXML_TYPES.values(), PDF]}
    labels["image/jpeg"] = "JPEG"
    return labels.get(file.content_type, file.content_type)


@dataclass(frozen=True)
class FileItem:
    file: WorkshopFile
    name: str
    type: str

    @property
    def pk(self) -> int:
        return self.file.pk


@dataclass
class WorkshopFiles:
    photos: list[FileItem]
    documents: list[FileItem]


def workshop_files(workshop: Workshop) -> WorkshopFiles:
    """Photos and documents, newest first (one query)."""
    items = [
        FileItem(file=f, name=display_name(f), type=type_label(f))
        for f in WorkshopFile.objects.filter(workshop=workshop).order_by("-uploaded_at", "-pk")
    ]
    return WorkshopFiles(
        photos=[i for i in items if i.file.kind == Kind.PHOTO],
        documents=[i for i in items if i.file.kind == Kind.DOCUMENT],
    )
