"""Keyword fields as services receive them: unknown names are a programming
error, and text is stored cleaned (lib.thai.text.clean)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from lib.thai.text import clean


def check_known(fields: Mapping[str, Any], allowed: Iterable[str], service: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{service} got unknown fields: {sorted(unknown)}")


def cleaned(fields: Mapping[str, Any], text: Iterable[str]) -> dict[str, Any]:
    """The fields, with those named in `text` cleaned when they are strings."""
    text = set(text)
    return {k: clean(v) if k in text and isinstance(v, str) else v for k, v in fields.items()}


def iso(value: Any) -> str | None:
    """A date or time as ISO 8601 for JSON exports; None stays None."""
    return value.isoformat() if value is not None else None


def user_or_none(by: Any) -> Any:
    """The user acting, to store on a row (created_by, by), or None for a
    script (by=None) or an anonymous visitor, who are nobody."""
    return by if getattr(by, "is_authenticated", False) else None
