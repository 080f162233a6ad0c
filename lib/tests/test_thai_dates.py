"""lib.thai.dates and the thaidate template filter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from lib.thai.dates import buddhist_year, fiscal_year, format_date_full, format_date_short

DAY = dt.date(2022, 2, 9)


def test_the_buddhist_era_is_543_years_ahead():
    assert buddhist_year(DAY) == 2565


def test_full_date_with_arabic_or_thai_digits():
    assert format_date_full(DAY) == "9 กุมภาพันธ์ 2565"
    assert format_date_full(DAY, thai_digits=True) == "๙ กุมภาพันธ์ ๒๕๖๕"


def test_short_date():
    assert format_date_short(DAY) == "9 ก.พ. 65"
    assert format_date_short(DAY, thai_digits=True) == "๙ ก.พ. ๖๕"
    assert format_date_short(dt.date(2043, 12, 31)) == "31 ธ.ค. 86"
    # Two-digit years keep their leading zero (พ.ศ. 2600 -> 00).
    assert format_date_short(dt.date(2057, 1, 1)) == "1 ม.ค. 00"


@pytest.mark.parametrize(
    "day, be, ce",
    [
        (dt.date(2021, 10, 1), 2565, 2022),  # the first day of fiscal 2565
        (dt.date(2022, 9, 30), 2565, 2022),  # the last day
        (dt.date(2022, 10, 1), 2566, 2023),  # the next one begins
        (dt.date(2022, 1, 1), 2565, 2022),
        (dt.date(2022, 12, 31), 2566, 2023),
    ],
)
def test_the_fiscal_year_runs_october_to_september_and_is_named_by_its_end(day, be, ce):
    assert fiscal_year(day) == be
    assert fiscal_year(day, buddhist=False) == ce


def render(value, style="") -> str:
    argument = f':"{style}"' if style else ""
    return Template("{{ value|thaidate" + argument + " }}").render(Context({"value": value}))


def test_thaidate_shows_the_buddhist_era_on_thai_pages(settings):
    settings.SAPHAN_THAI_DIGITS = "arabic"
    with translation.override("th"):
        assert render(DAY) == "9 กุมภาพันธ์ 2565"
        assert render(DAY, "short") == "9 ก.พ. 65"


def test_thaidate_uses_thai_digits_when_the_setting_says_so(settings):
    settings.SAPHAN_THAI_DIGITS = "thai"
    with translation.override("th"):
        assert render(DAY) == "๙ กุมภาพันธ์ ๒๕๖๕"
        assert render(DAY, "short") == "๙ ก.พ. ๖๕"


def test_thaidate_shows_the_common_era_on_english_pages(settings):
    settings.SAPHAN_THAI_DIGITS = "thai"
    with translation.override("en"):
        assert render(DAY) == "9 February 2022"
        assert render(DAY, "short") == "9 Feb 2022"


def test_thaidate_takes_the_local_date_of_an_aware_datetime(settings):
    settings.SAPHAN_THAI_DIGITS = "arabic"
    # 20:00 UTC on the 8th is already the 9th in Bangkok.
    moment = dt.datetime(2022, 2, 8, 20, 0, tzinfo=dt.UTC)
    with translation.override("th"):
        assert render(moment) == "9 กุมภาพันธ์ 2565"


def test_thaidate_of_nothing_is_empty():
    assert render(None) == ""
