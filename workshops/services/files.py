"""Photos and files of a workshop: checked by what they contain, stored with
a thumbnail, listed in a gallery.

The checks themselves (by content, never by name; the size limit
SAPHAN_UPLOAD_MAX_BYTES; thumbnails) are lib/uploads.py, shared with the
challenge attachments of labs. Nothing reaches the disk until the file has
passed every check, and a failure while saving removes what was written: a
refused upload leaves no orphan file behind.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from lib import uploads
from lib.thai.text import clean
from lib.uploads import (
    DEFAULT_MAX_BYTES,
    IMAGE_TYPES,
    OOXML_TYPES,
    PDF,
    THUMBNAIL_SIZE,
    Checked,
    check_upload,
    make_thumbnail,
    max_upload_bytes,
)
from workshops.models import Workshop, WorkshopFile

__all__ = [
    "CAPTION_MAX",
    "DEFAULT_MAX_BYTES",
    "IMAGE_TYPES",
    "OOXML_TYPES",
    "PDF",
    "THUMBNAIL_SIZE",
    "Checked",
    "check_upload",
    "display_name",
    "file_remove",
    "file_upload",
    "make_thumbnail",
    "max_upload_bytes",
    "type_label",
    "workshop_files",
]

Kind = WorkshopFile.Kind

CAPTION_MAX = 500


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
        raise uploads.size_error(size, limit)
    caption = clean(caption or "")
    if len(caption) > CAPTION_MAX:
        raise ValidationError(
            _("A caption can be at most %(max)d characters long.") % {"max": CAPTION_MAX},
            code="caption",
        )
    data = uploads.read_upload(upload)
    checked = check_upload(data=data, kind=kind)
    thumbnail = make_thumbnail(checked.image) if checked.image is not None else None

    name = uploads.stored_name(getattr(upload, "name", "") or "", checked.extension)
    record = WorkshopFile(
        workshop=workshop,
        kind=kind,
        caption=caption,
        content_type=checked.content_type,
        size=len(data),
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    with uploads.removed_on_failure() as written, transaction.atomic():
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
    uploads.delete_on_commit(names)


# --- Reads for the gallery and the file list ------------------------------------


def display_name(file: WorkshopFile) -> str:
    """The uploaded file's name, without the random prefix it is stored with."""
    return uploads.display_name(str(file.file.name or ""))


def type_label(file: WorkshopFile) -> str:
    """A short name of the file's type for the list: PDF, DOCX, JPEG ..."""
    return uploads.type_label(file.content_type)


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
