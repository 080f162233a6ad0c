"""Reading CSV and XLSX files as Thai offices produce them.

A reader turns bytes into sheets of cleaned text cells, each row keeping the
number the user sees in Excel so errors can point at it. What the columns
mean is decided later (mapping.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from lib.thai.text import clean

Progress = Callable[[int, int], None]

CSV_DELIMITERS = (",", ";", "\t")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")


class ReadError(Exception):
    """The file cannot be read at all; the message is for the user."""


@dataclass
class Sheet:
    name: str
    # (row number as Excel shows it, cleaned cells without trailing blanks)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


@dataclass
class Workbook:
    filename: str
    format: str  # "csv" | "xlsx"
    sheets: list[Sheet]
    sheet_names: list[str]
    encoding: str = ""
    delimiter: str = ""

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sheets)


def file_format(filename: str) -> str | None:
    name = filename.lower()
    if name.endswith(XLSX_SUFFIXES):
        return "xlsx"
    if name.endswith(CSV_SUFFIXES):
        return "csv"
    return None


def read_file(
    data: bytes,
    filename: str,
    *,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> Workbook:
    """Read a CSV or XLSX file; `sheet` picks one sheet of a workbook."""
    fmt = file_format(filename)
    if fmt is None and data[:2] == b"PK":
        fmt = "xlsx"
    if fmt == "xlsx":
        return read_xlsx(data, filename, sheet=sheet, progress=progress)
    if fmt == "csv":
        return read_csv(data, filename)
    raise ReadError(_("Only CSV and XLSX files can be imported."))


# --- CSV ----------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without BOM, else Windows Thai.

    UTF-8 is tried strictly first: Thai in TIS-620 is never valid UTF-8, so a
    file that decodes is UTF-8. cp874 is a superset of TIS-620 (it adds the
    Windows punctuation Excel writes), so it reads both.
    """
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp874"), "cp874"
    except UnicodeDecodeError as exc:
        raise ReadError(
            _("The file is neither UTF-8 nor TIS-620 text (byte %(position)s).")
            % {"position": exc.start}
        ) from exc


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one that splits the first lines into the
    same, largest number of fields. csv.Sniffer guesses badly on Thai text."""
    sample = text[:20000].splitlines()[:30]
    best, best_score = ",", (-1, -1)
    for delimiter in CSV_DELIMITERS:
        widths = [
            len(r) for r in csv.reader(sample, delimiter=delimiter) if any(c.strip() for c in r)
        ]
        widths = [w for w in widths if w > 1]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = (widths.count(common) + sum(1 for w in widths if w > 1), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(data: bytes, filename: str) -> Workbook:
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    sheet = Sheet(name=filename)
    try:
        for number, record in enumerate(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1
        ):
            cells = _trim([clean_cell(c) for c in record])
            if cells:
                sheet.rows.append((number, cells))
    except csv.Error as exc:
        raise ReadError(_("The CSV file is malformed: %(error)s") % {"error": exc}) from exc
    return Workbook(
        filename=filename,
        format="csv",
        sheets=[sheet],
        sheet_names=[filename],
        encoding=encoding,
        delimiter=delimiter,
    )


# --- XLSX ---------------------------------------------------------------------


def cell_text(value: object) -> str:
    """An XLSX cell as text: whole numbers without ".0", dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_cell(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return clean(str(value))


@functools.lru_cache(maxsize=50_000)
def clean_cell(text: str) -> str:
    """clean() for a cell. Files repeat values down a column (sectors,
    provinces, positions), so the cache saves most of the work."""
    if text.isascii():
        return " ".join(text.split())
    return clean(text)


def sheet_names(data: bytes) -> list[str]:
    return read_xlsx(data, "", names_only=True).sheet_names


def read_xlsx(
    data: bytes,
    filename: str,
    *,
    sheet: str | None = None,
    progress: Progress | None = None,
    names_only: bool = False,
) -> Workbook:
    """Every sheet (or the chosen one) of a workbook, through openpyxl's
    read-only mode, which streams rows instead of building the whole tree."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ReadError(_("The file is not a readable XLSX workbook.")) from exc
    try:
        names = list(book.sheetnames)
        if names_only:
            return Workbook(filename=filename, format="xlsx", sheets=[], sheet_names=names)
        if sheet:
            if sheet not in names:
                raise ReadError(
                    _("The workbook has no sheet named “%(sheet)s”; it has: %(names)s.")
                    % {"sheet": sheet, "names": ", ".join(names)}
                )
            wanted = [sheet]
        else:
            wanted = names
        sheets = []
        for name in wanted:
            worksheet = book[name]
            result = Sheet(name=name)
            try:
                rows = _fast_rows(book, worksheet)
            except AttributeError:  # a future openpyxl without these internals
                rows = _openpyxl_rows(worksheet)
            for number, values in rows:
                cells = _trim([cell_text(v) for v in values])
                if cells:
                    result.rows.append((number, cells))
                if progress is not None and number % 2000 == 0:
                    progress(number, worksheet.max_row or number)
            sheets.append(result)
        return Workbook(filename=filename, format="xlsx", sheets=sheets, sheet_names=names)
    finally:
        book.close()


def _openpyxl_rows(worksheet: Any) -> Iterator[tuple[int, Any]]:
    # read_only mode yields a row for every row number (empty tuples for
    # gaps), so counting gives the number Excel shows.
    yield from enumerate(worksheet.iter_rows(values_only=True), 1)


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _INLINE, _TEXT = (f"{_NS}row", f"{_NS}c", f"{_NS}v", f"{_NS}is", f"{_NS}t")


def _column_index(reference: str) -> int:
    index = 0
    for char in reference:
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
        else:
            break
    return index - 1


def _fast_rows(book: Any, worksheet: Any) -> Iterator[tuple[int, Any]]:
    """Rows of a read-only worksheet, parsed straight from its XML.

    openpyxl's own cell parser builds several objects per cell (rich text
    for every inline string); a 50,000-row file spent most of its import
    time there. This reads the same XML with the workbook's shared strings
    and date styles from openpyxl, and only what an import needs: values
    (cached results for formulas), strings, numbers, booleans, dates.
    """
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.datetime import from_excel

    shared = worksheet._shared_strings
    date_styles = book._date_formats
    epoch = book.epoch
    with worksheet._get_source() as source:
        expected = 1
        for _event, element in iterparse(source):
            if element.tag != _ROW:
                continue
            number = int(element.get("r") or expected)
            expected = number + 1
            values: list[object] = []
            for cell in element.iter(_CELL):
                reference = cell.get("r")
                if reference:
                    column = _column_index(reference)
                    if column > len(values):
                        values.extend([None] * (column - len(values)))
                kind = cell.get("t", "n")
                value: object = None
                if kind == "inlineStr":
                    inline = cell.find(_INLINE)
                    value = (
                        "".join(t.text or "" for t in inline.iter(_TEXT))
                        if inline is not None
                        else None
                    )
                else:
                    text = cell.findtext(_VALUE)
                    if text is not None:
                        if kind == "s":
                            value = shared[int(text)]
                        elif kind == "n":
                            number_value = float(text)
                            style = int(cell.get("s", 0))
                            if style in date_styles:
                                try:
                                    value = from_excel(number_value, epoch)
                                except (OverflowError, ValueError):
                                    value = text
                            else:
                                value = number_value
                        elif kind == "b":
                            value = text == "1"
                        else:  # str (formula result), e (error), d (ISO date)
                            value = text
                values.append(value)
            element.clear()
            yield number, values


def _trim(cells: list[str]) -> list[str]:
    while cells and not cells[-1]:
        cells.pop()
    return cells
