"""Uploaded files, checked by what they contain: shared by every app that
takes photos or documents (workshop galleries, challenge attachments).

A file is judged by its bytes, never by its name or the browser's word:
photos must open in Pillow as JPEG, PNG or WebP and decode to the end;
documents must start like a PDF or be an Office Open XML package (DOCX,
XLSX, PPTX: a zip holding the part that makes it that kind of document).
The stored name gets the extension of what the file really is, and a
random prefix, so that names cannot be guessed or collide.

The size limit is the setting SAPHAN_UPLOAD_MAX_BYTES (10 MB by default),
checked before the file is read. Callers keep nothing on disk until the
file has passed every check, and `removed_on_failure` deletes what a
failing save wrote, so a refused upload leaves no orphan file behind.

This module knows no app's models: the services that store a file in a
model of their own call it.
"""

from __future__ import annotations

import io
import os
import secrets
import threading
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

# The kinds of upload; apps' TextChoices use the same values.
PHOTO = "photo"
DOCUMENT = "document"

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
THUMBNAIL_SIZE = 480

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
# What a browser may show in place rather than download.
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf"}
# For the file input's `accept`: a hint to the browser's picker, not a check.
ACCEPT_PHOTOS = "image/jpeg,image/png,image/webp"
ACCEPT_DOCUMENTS = ".pdf,.docx,.xlsx,.pptx"


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
    if kind == PHOTO:
        image = _open_image(data)
        content_type, extension = IMAGE_TYPES[str(image.format)]
        return Checked(content_type, extension, image)
    if kind == DOCUMENT:
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


def identify_upload(*, data: bytes) -> tuple[str, Checked]:
    """The kind (PHOTO or DOCUMENT) and what the bytes are, for an upload
    that may be either; ValidationError naming every type allowed if neither."""
    if _document_type(data) is None:
        try:
            return PHOTO, check_upload(data=data, kind=PHOTO)
        except ValidationError as error:
            if error.code != "not_image":
                raise
            raise ValidationError(
                _(
                    "This file is not an allowed type: upload a PDF, Word (DOCX), Excel (XLSX) "
                    "or PowerPoint (PPTX) document, or a JPEG, PNG or WebP image."
                ),
                code="not_allowed",
            ) from None
    return DOCUMENT, check_upload(data=data, kind=DOCUMENT)


def size_error(size: int, limit: int) -> ValidationError:
    return ValidationError(
        _("This file is %(size)s; the largest allowed is %(limit)s.")
        % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        code="too_large",
    )


def read_upload(upload: Any) -> bytes:
    """The bytes of an upload (a Django UploadedFile or any file object with
    `size` and `read`), or ValidationError if it is too large or empty.

    The size it claims is checked before anything is read, and one byte past
    the limit is read: a file object that misreports its size is still caught
    without reading all of it.
    """
    limit = max_upload_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise size_error(size, limit)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise size_error(max(len(data), size or 0), limit)
    if not data:
        raise ValidationError(_("This file is empty."), code="empty")
    return bytes(data)


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


def stored_name(original: str, extension: str) -> str:
    """A random prefix, the uploaded name's stem made safe, and the extension
    of what the file really is."""
    stem = default_storage.get_valid_name(os.path.splitext(os.path.basename(original))[0])[:80]
    return f"{secrets.token_hex(6)}-{stem or 'file'}.{extension}"


def display_name(name: str) -> str:
    """A stored file's name as uploaded: without its folder and random prefix."""
    return str(name or "").rsplit("/", 1)[-1].split("-", 1)[-1]


def type_label(content_type: str) -> str:
    """A short name of a content type for lists: PDF, DOCX, JPEG ..."""
    labels = {ct: ext.upper() for ct, ext in [*IMAGE_TYPES.values(), *OOXML_TYPES.values(), PDF]}
    labels["image/jpeg"] = "JPEG"
    return labels.get(content_type, content_type)


@contextmanager
def removed_on_failure() -> Iterator[list[str]]:
    """A list to append each stored name to as it is written; if the block
    fails, those files are deleted before the error goes on."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


def delete_on_commit(names: Iterable[str]) -> Callable[[], None]:
    """Delete stored files once the current transaction commits (at once
    outside one): a rolled-back removal keeps its file."""
    kept = [str(n) for n in names if n]

    def delete_files() -> None:
        for name in kept:
            default_storage.delete(name)

    transaction.on_commit(delete_files)
    return delete_files
