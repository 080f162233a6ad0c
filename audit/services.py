"""Writing the audit log. Every domain service calls audit_record()."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from audit.models import AuditEntry
from lib.bulk import insert_rows


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)}
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if hasattr(value, "name") and hasattr(value, "url"):  # FieldFile
        return value.name or None
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of an object, for a before/after diff."""
    names = list(fields) if fields is not None else [
        f.attname for f in obj._meta.concrete_fields if not f.primary_key
    ]
    return {name: _jsonable(getattr(obj, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields that changed."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def _actor(actor: Any) -> tuple[Any, str]:
    """(the user or None, the label kept even if the account goes)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = str(user.email) if user is not None else (str(actor) if actor else "system")
    return user, label[:255]


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record one write. Call inside the service's transaction."""
    user, label = _actor(actor)
    return AuditEntry.objects.create(
        actor=user,
        actor_label=label,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        changes=_jsonable(changes or {}),
    )


class AuditItem(NamedTuple):
    """One object's write in a batch for audit_record_many()."""

    action: str
    model: type[models.Model]
    object_id: Any
    object_repr: str
    changes: dict[str, Any]


def audit_record_many(*, actor: Any, entries: Iterable[AuditItem]) -> int:
    """Record many writes by one actor at one moment, in bulk: the
    importer's tens of thousands of creations and updates. Call inside the
    writing service's transaction. Returns the number of entries.

    Unlike audit_record(), `changes` must already be JSON (ids and reprs
    rather than model instances, ISO dates): converting 50,000 entries
    costs half a second, and anything else fails the insert loudly."""
    user, label = _actor(actor)
    now = timezone.now()
    rows = [
        (
            now,
            user.pk if user is not None else None,
            label,
            entry.action,
            ContentType.objects.get_for_model(entry.model).pk,
            str(entry.object_id),
            entry.object_repr[:255],
            entry.changes,
        )
        for entry in entries
    ]
    insert_rows(
        AuditEntry,
        ["at", "actor", "actor_label", "action", "content_type", "object_id", "object_repr", "changes"],
        rows,
    )
    return len(rows)
