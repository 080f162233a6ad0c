"""In-app notifications, written in each recipient's language.

Callers pass English message ids marked with `gettext_noop` and their
parameters; each notification is translated into its recipient's preferred
language when it is made (as an e-mail would be), so a Thai reader and an
English reader of the same event each read their own language. A parameter
that is itself in two languages (a title) is passed as a callable, called
in the recipient's language:

    notify(
        users=[owner_user],
        kind=Notification.Kind.ASSIGNED,
        title=gettext_noop("You own the action “%(action)s”"),
        params={"action": lambda: action.title},
        url=action.get_absolute_url(),
    )

Rows are written in the caller's transaction (a rolled-back write leaves no
notification); the unread counter in the header is a cache entry per user,
dropped when the transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from actions.models import Notification

UNREAD_KEY = "actions:unread:{}"


def _render(msgid: str, params: Mapping[str, Any] | None) -> str:
    """The message in the active language; callable parameters are called now."""
    text = gettext(msgid) if msgid else ""
    if not params:
        return text
    return text % {key: value() if callable(value) else value for key, value in params.items()}


def notify(
    *,
    users: Iterable[Any],
    kind: str,
    title: str,
    url: str = "",
    body: str = "",
    params: Mapping[str, Any] | None = None,
    exclude: Any = None,
) -> list[Notification]:
    """One notification per distinct active user (not `exclude`, the actor)."""
    seen: set[int] = set()
    rows = []
    for user in users:
        if user is None or not user.is_active or user.pk in seen:
            continue
        if exclude is not None and getattr(exclude, "pk", None) == user.pk:
            continue
        seen.add(user.pk)
        with translation.override(user.language or "th"):
            rows.append(
                Notification(
                    user=user,
                    kind=kind,
                    title=_render(title, params)[:300],
                    body=_render(body, params),
                    url=url,
                )
            )
    created = Notification.objects.bulk_create(rows)
    forget_unread(seen)
    return created


def forget_unread(user_ids: Iterable[int]) -> None:
    keys = [UNREAD_KEY.format(pk) for pk in user_ids]
    if keys:
        transaction.on_commit(lambda: cache.delete_many(keys))


def unread_count(user: Any) -> int:
    """For the header on every page: a cache read, not a query, once warm."""
    if not getattr(user, "is_authenticated", False):
        return 0
    key = UNREAD_KEY.format(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(user=user, read_at__isnull=True).count()
        cache.set(key, count, 3600)
    return int(count)


@transaction.atomic
def mark_read(*, user: Any, notification: Notification | None = None) -> int:
    """Mark one notification (or all of the user's) read; returns how many changed."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        rows = rows.filter(pk=notification.pk)
    changed = rows.update(read_at=timezone.now())
    forget_unread([user.pk])
    return changed
