"""What every page's header needs from actions: the unread notification count.

The count is a cache entry per user (actions.services.notifications), so a
page reads the cache, not the database. Signing in warms it: the first page
after sign-in then costs no extra query either, and query counts of pages
stay fixed. `warm_unread_count` is connected in ActionsConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from actions.services.notifications import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}


@receiver(user_logged_in, dispatch_uid="actions.warm_unread_count")
def warm_unread_count(sender: Any, user: Any, **kwargs: Any) -> None:
    unread_count(user)
