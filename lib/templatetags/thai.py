"""Template filters for Thai dates and digits; built in to every template."""

from __future__ import annotations

import datetime as dt

from django import template
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import get_language

from lib.thai import dates

register = template.Library()


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def thaidate(value: dt.date | dt.datetime | None, style: str = "full") -> str:
    """Buddhist era on Thai pages, Common Era on English ones."""
    if not value:
        return ""
    day = _as_date(value)
    if get_language() != "th":
        return formats.date_format(day, "j M Y" if style == "short" else "j F Y")
    thai_digits = settings.SAPHAN_THAI_DIGITS == "thai"
    if style == "short":
        return dates.format_date_short(day, thai_digits=thai_digits)
    return dates.format_date_full(day, thai_digits=thai_digits)
