"""Small helpers for views (this module knows no app's models)."""

from __future__ import annotations

from typing import TypeVar

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

T = TypeVar("T")


def safe_next(request: HttpRequest, value: str | None, default: T) -> str | T:
    """`value` when it is a link into this site (a `?next=`, a stored URL),
    else `default`: a redirect never sends anyone elsewhere."""
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return default
