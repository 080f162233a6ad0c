"""Writing XLSX files that are safe to open (this module knows no app's models)."""

from __future__ import annotations

from typing import Any

# Characters Excel refuses in a sheet's name.
_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_title(text: str) -> str:
    """A sheet name Excel accepts: no []:*?/\\, at most 31 characters."""
    return text.translate(_SHEET_FORBIDDEN)[:31] or "Sheet"


# A CSV cell starting with one of these is read as a formula by spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def sheet_safe(value: str) -> str:
    """Text a spreadsheet opening a CSV will show, not run: a leading
    apostrophe before anything that starts like a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def keep_as_text(cell: Any) -> None:
    """Text that looks like a formula (“=HYPERLINK(…)”) stays text: what
    people typed into Saphan is never run by the spreadsheet."""
    if cell.data_type == "f":
        cell.data_type = "s"
