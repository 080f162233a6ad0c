"""Reads of the audit log for the administrators' browse page."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from audit.models import AuditEntry


def audit_entries(
    *,
    actor: str = "",
    action: str = "",
    content_type: ContentType | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    text: str = "",
) -> QuerySet[AuditEntry]:
    """Entries newest first, filtered. Dates are whole days in the viewer's
    time zone (the active one), both ends included."""
    entries = AuditEntry.objects.select_related("actor", "content_type")
    if actor:
        entries = entries.filter(
            Q(actor_label__icontains=actor) | Q(actor__display_name__icontains=actor)
        )
    if action:
        entries = entries.filter(action=action)
    if content_type is not None:
        entries = entries.filter(content_type=content_type)
    zone = timezone.get_current_timezone()
    if date_from:
        entries = entries.filter(at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=zone))
    if date_to:
        next_day = date_to + dt.timedelta(days=1)
        entries = entries.filter(at__lt=dt.datetime.combine(next_day, dt.time.min, tzinfo=zone))
    if text:
        entries = entries.filter(Q(object_repr__icontains=text) | Q(object_id=text))
    return entries.order_by("-at", "-id")


def audit_actions() -> list[str]:
    """Every action the log holds, for the filter's select."""
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())


def audit_content_types() -> list[ContentType]:
    """The kinds of object the log holds, for the filter's select."""
    ids = AuditEntry.objects.exclude(content_type=None).values("content_type").distinct()

    def label(content_type: ContentType) -> str:
        model = content_type.model_class()
        return str(model._meta.verbose_name) if model is not None else content_type.model

    return sorted(ContentType.objects.filter(pk__in=ids), key=label)


def object_urls(entries: Iterable[AuditEntry]) -> dict[int, str]:
    """{entry id: URL of its object} for the objects that still exist and have
    a page. One query per kind of object on the page, not one per entry;
    deleted objects (e.g. merged duplicates) simply get no link."""
    wanted: dict[int, list[AuditEntry]] = defaultdict(list)
    for entry in entries:
        if entry.content_type_id and entry.object_id:
            wanted[entry.content_type_id].append(entry)
    urls: dict[int, str] = {}
    for group in wanted.values():
        content_type = group[0].content_type
        model: Any = content_type.model_class() if content_type is not None else None
        if model is None or not hasattr(model, "get_absolute_url"):
            continue
        pks = {entry.object_id for entry in group}
        try:
            objects = {str(obj.pk): obj for obj in model._base_manager.filter(pk__in=pks)}
        except (ValueError, TypeError, ValidationError):  # an object_id that is not a valid key
            continue
        for entry in group:
            obj = objects.get(entry.object_id)
            if obj is not None:
                urls[entry.pk] = obj.get_absolute_url()
    return urls
