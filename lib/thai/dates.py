"""Buddhist-era dates and the Thai fiscal year.

Placeholder-free first cut; see lib/tests/test_thai_dates.py for the contract.
"""

from __future__ import annotations

import datetime as dt

from lib.thai.text import to_thai_digits

MONTHS_FULL = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
BE_OFFSET = 543


def buddhist_year(value: dt.date) -> int:
    return value.year + BE_OFFSET


def fiscal_year(value: dt.date, *, buddhist: bool = True) -> int:
    """Thai fiscal year: 1 October to 30 September, numbered by the year it ends in."""
    year = value.year + 1 if value.month >= 10 else value.year
    return year + BE_OFFSET if buddhist else year


def format_date_full(value: dt.date, *, thai_digits: bool = False) -> str:
    text = f"{value.day} {MONTHS_FULL[value.month - 1]} {buddhist_year(value)}"
    return to_thai_digits(text) if thai_digits else text


def format_date_short(value: dt.date, *, thai_digits: bool = False) -> str:
    text = f"{value.day} {MONTHS_SHORT[value.month - 1]} {buddhist_year(value) % 100:02d}"
    return to_thai_digits(text) if thai_digits else text
