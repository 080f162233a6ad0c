"""Thai text for the whole platform: one place for normalisation, word
segmentation and Buddhist-era dates, so that search, import, matching and
clustering all see Thai the same way."""

from lib.thai.dates import (
    buddhist_year,
    fiscal_year,
    format_date_full,
    format_date_short,
)
from lib.thai.text import (
    clean,
    compact,
    fold_vowel_order,
    normalize,
    search_terms,
    segment,
    segment_many,
    subwords,
    to_arabic_digits,
    to_thai_digits,
)

__all__ = [
    "buddhist_year",
    "clean",
    "compact",
    "fold_vowel_order",
    "fiscal_year",
    "format_date_full",
    "format_date_short",
    "normalize",
    "search_terms",
    "segment",
    "segment_many",
    "subwords",
    "to_arabic_digits",
    "to_thai_digits",
]
