"""Reads for accounts pages: a user's own tokens, time-zone choices."""

from __future__ import annotations

import functools
import zoneinfo
from typing import Any

from django.db.models import F, QuerySet
from django.http import Http404

from accounts.models import ApiToken


def api_tokens_for_user(user: Any) -> QuerySet[ApiToken]:
    """A user's tokens, newest first, active ones before revoked ones."""
    # NULLs sort first on SQLite and last on PostgreSQL unless told.
    return ApiToken.objects.filter(user_id=user.pk).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-id"
    )


def get_token_for_user(user: Any, pk: int) -> ApiToken:
    """The token a URL names, if it is this user's own; 404 otherwise (also
    for other users' tokens, so their existence is not revealed)."""
    if not user.is_authenticated:
        raise Http404
    token = ApiToken.objects.filter(pk=pk, user_id=user.pk).first()
    if token is None:
        raise Http404
    return token


@functools.cache
def time_zone_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """IANA zones grouped by region for a <select> with <optgroup>s.

    The tz database does not change while the process runs, so it is read once.
    """
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(zoneinfo.available_timezones()):
        region, _, place = name.partition("/")
        if not place or region in {"Etc", "SystemV", "US", "Brazil", "Canada", "Chile", "Mexico"}:
            continue  # legacy aliases; their canonical names are listed
        groups.setdefault(region, []).append((name, place.replace("_", " ").replace("/", " / ")))
    groups.setdefault("UTC", []).append(("UTC", "UTC"))
    return sorted(groups.items())
