"""What a board leaves behind as files: CSV and XLSX of its notes, and a PDF
snapshot laid out like the board.

Each export takes a board (fetched through boards.access with
boards.export_board) and returns bytes, in the active language; the view
names the file. A fixed number of queries reads the whole board.

- Notes written in anonymous mode keep their author out of every file: the
  author columns stay empty, as on the screens.
- Hidden (moderated) notes are included and marked, so the record is
  complete; deleted notes are not.
- Times are in the time zone of the board's workshop (Bangkok without one).
- CSV is UTF-8 with a BOM: without it Excel on Windows reads Thai as TIS-620.
- The PDF uses the agenda's Thai fonts and ToUnicode repair
  (workshops.agenda_pdf.render_pdf), so its Thai text can be copied and
  searched.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from boards.forms import local_name
from boards.methods import PERSONA_FIELDS
from boards.models import Board, Comment, Note, Persona, Theme, Vote
from lib.queries import count_of
from lib.xlsx import keep_as_text, sheet_safe, sheet_title
from workshops.models import DEFAULT_TIME_ZONE

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX_TYPE,
    "pdf": "application/pdf",
}
PDF_TEMPLATE = "boards/manage/board_pdf.html"


# --- Reading the board -------------------------------------------------------------


@dataclass
class Zone:
    key: str
    name: str
    color: str
    notes: list[Note] = field(default_factory=list)


@dataclass
class ThemeGroup:
    theme: Theme
    notes: list[Note] = field(default_factory=list)

    @property
    def votes(self) -> int:
        return sum(note.vote_count for note in self.notes)  # type: ignore[attr-defined]


@dataclass
class BoardContent:
    """Everything the files show, read once."""

    board: Board
    zone: zoneinfo.ZoneInfo
    zones: list[Zone]
    notes: list[Note]
    themes: list[ThemeGroup]
    comments: list[Comment]
    personas: list[Persona]
    fields: list[dict[str, Any]]
    tag_names: dict[str, str]
    round_names: dict[str, str]
    choice_names: dict[str, dict[str, str]]

    def local(self, moment: dt.datetime) -> dt.datetime:
        return timezone.localtime(moment, self.zone)

    def field_text(self, note: Note, spec: dict[str, Any]) -> str:
        value = (note.fields or {}).get(spec["key"], "")
        if isinstance(value, list):
            names = self.choice_names.get(spec["key"], {})
            return ", ".join(names.get(str(item), str(item)) for item in value)
        return str(value or "")

    def tags_text(self, note: Note) -> str:
        return ", ".join(self.tag_names.get(tag, tag) for tag in note.tags or [])

    def round_text(self, note: Note) -> str:
        return self.round_names.get(note.round, note.round) if note.round else ""

    @property
    def total_votes(self) -> int:
        return sum(note.vote_count for note in self.notes)  # type: ignore[attr-defined]

    @property
    def ranked(self) -> list[Note]:
        """Notes with votes, most first: the vote totals."""
        voted = [note for note in self.notes if note.vote_count]  # type: ignore[attr-defined]
        return sorted(voted, key=lambda note: -note.vote_count)  # type: ignore[attr-defined]


def board_zone(board: Board) -> zoneinfo.ZoneInfo:
    name = board.workshop.time_zone if board.workshop_id and board.workshop else ""
    return zoneinfo.ZoneInfo(name or DEFAULT_TIME_ZONE)


def board_content(board: Board) -> BoardContent:
    definition = board.definition or {}
    note_def = definition.get("note", {})
    rules = definition.get("rules", {})
    zone_order = {key: index for index, key in enumerate(board.zone_keys())}
    notes: list[Note] = list(
        Note.objects.filter(board=board, deleted_at__isnull=True)
        .select_related("author__organisation", "theme", "organisation", "person")
        .annotate(
            vote_count=count_of(Vote.objects.filter(note=OuterRef("pk")), "note"),
            comment_count=count_of(
                Comment.objects.filter(note=OuterRef("pk"), deleted_at__isnull=True), "note"
            ),
        )
        .order_by("created_at", "pk")
    )
    notes.sort(key=lambda note: zone_order.get(note.zone, len(zone_order)))
    zones = [
        Zone(item["key"], local_name(item), str(item.get("color", ""))) for item in board.zones
    ]
    by_key = {zone.key: zone for zone in zones}
    themes = [ThemeGroup(theme) for theme in Theme.objects.filter(board=board)]
    by_theme = {group.theme.pk: group for group in themes}
    for note in notes:
        zone = by_key.get(note.zone)
        if zone is None:  # a zone the facilitator removed: keep its notes
            zone = by_key[note.zone] = Zone(note.zone, note.zone, "")
            zones.append(zone)
        zone.notes.append(note)
        if note.theme_id in by_theme:
            by_theme[note.theme_id].notes.append(note)
    note_of = {note.pk: note for note in notes}
    comments = [
        comment
        for comment in Comment.objects.filter(
            board=board, deleted_at__isnull=True, note__deleted_at__isnull=True
        ).select_related("author__organisation")
        if comment.note_id in note_of
    ]
    for comment in comments:
        comment.note = note_of[comment.note_id]
    fields = list(note_def.get("fields", []))
    rounds = [*rules.get("rounds", []), *rules.get("round_options", [])]
    return BoardContent(
        board=board,
        zone=board_zone(board),
        zones=zones,
        notes=notes,
        themes=themes,
        comments=comments,
        personas=list(Persona.objects.filter(board=board).order_by("name", "pk")),
        fields=fields,
        tag_names={tag["key"]: local_name(tag) for tag in note_def.get("tags", [])},
        round_names={item["key"]: local_name(item) for item in rounds},
        choice_names={
            spec["key"]: {choice["key"]: local_name(choice) for choice in spec.get("choices", [])}
            for spec in fields
        },
    )


# --- Rows ---------------------------------------------------------------------------


def _yes(value: bool) -> str:
    return _("yes") if value else ""


def note_headers(content: BoardContent) -> list[str]:
    zone_name = content.zone.key
    headers = [_("Zone"), _("Text")]
    headers += [local_name(spec) for spec in content.fields]
    if content.board.rules.get("directory"):
        headers.append(_("Names (directory)"))
    headers += [
        _("Tags"),
        _("Round"),
        _("Theme"),
        _("Votes"),
        _("Comments"),
        _("Author"),
        _("Author's organisation"),
        _("Hidden"),
        _("Created (%(zone)s)") % {"zone": zone_name},
    ]
    return headers


def note_row(content: BoardContent, zone: Zone, note: Note) -> list[Any]:
    author, organisation = "", ""
    if not note.anonymous:
        author, organisation = note.author.display_name, note.author.organisation_label
    row: list[Any] = [zone.name, note.text]
    row += [content.field_text(note, spec) for spec in content.fields]
    if content.board.rules.get("directory"):
        row.append(str(note.organisation or note.person or ""))
    row += [
        content.tags_text(note),
        content.round_text(note),
        note.theme.label if note.theme else "",
        note.vote_count,  # type: ignore[attr-defined]
        note.comment_count,  # type: ignore[attr-defined]
        author,
        organisation,
        _yes(note.hidden),
        content.local(note.created_at).replace(tzinfo=None, microsecond=0),
    ]
    return row


def note_rows(content: BoardContent) -> list[list[Any]]:
    return [note_row(content, zone, note) for zone in content.zones for note in zone.notes]


# A cell a spreadsheet would run as a formula (=HYPERLINK(...), +, -, @):
# note text is the room's, so it is kept as text.


def _csv_cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str):
        return sheet_safe(value)
    return value


# --- Files ----------------------------------------------------------------------------


def board_csv(board: Board) -> bytes:
    """One row per note (deleted ones left out), UTF-8 with a BOM for Excel."""
    content = board_content(board)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(note_headers(content))
    for row in note_rows(content):
        writer.writerow([_csv_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def _fill_sheet(sheet: Any, headers: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        if width >= 30:
            for cell in sheet[letter][1:]:
                cell.alignment = wrap
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            keep_as_text(cell)
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
    sheet.freeze_panes = "A2"


def board_xlsx(board: Board) -> bytes:
    """Notes, then themes, then comments, each on a sheet of its own."""
    import openpyxl

    content = board_content(board)
    book = openpyxl.Workbook()
    notes_sheet = book.active
    notes_sheet.title = sheet_title(pgettext("board", "Notes"))
    headers = note_headers(content)
    widths = [18, 50] + [30] * len(content.fields)
    if content.board.rules.get("directory"):
        widths.append(30)
    widths += [20, 16, 24, 8, 10, 22, 30, 8, 18]
    _fill_sheet(notes_sheet, headers, note_rows(content), widths)

    themes_sheet = book.create_sheet(sheet_title(_("Themes")))
    _fill_sheet(
        themes_sheet,
        [_("Theme"), _("Suggested label"), pgettext("board", "Notes"), _("Votes"), _("The notes")],
        [
            [
                group.theme.label,
                group.theme.suggested_label,
                len(group.notes),
                group.votes,
                "\n".join(note.text for note in group.notes),
            ]
            for group in content.themes
        ],
        [30, 30, 8, 8, 80],
    )

    comments_sheet = book.create_sheet(sheet_title(_("Comments")))
    comment_rows = []
    for comment in content.comments:
        hide = comment.note.anonymous or board.anonymous
        comment_rows.append(
            [
                comment.note.text,
                comment.text,
                "" if hide else comment.author.display_name,
                "" if hide else comment.author.organisation_label,
                content.local(comment.created_at).replace(tzinfo=None, microsecond=0),
            ]
        )
    _fill_sheet(
        comments_sheet,
        [
            _("Note"),
            _("Comment"),
            _("Author"),
            _("Author's organisation"),
            _("Created (%(zone)s)") % {"zone": content.zone.key},
        ],
        comment_rows,
        [50, 50, 22, 30, 18],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _columns_per_row(board: Board) -> int:
    layout = board.definition.get("layout", "columns")
    if layout == "layers":
        return 1
    if layout == "grid":
        return 2
    return min(max(len(board.zones), 1), 4)


def pdf_context(content: BoardContent) -> dict[str, Any]:
    board = content.board
    per_row = _columns_per_row(board)
    rows = [
        {"zones": zones, "pad": range(per_row - len(zones))}
        for zones in (content.zones[i : i + per_row] for i in range(0, len(content.zones), per_row))
    ]
    voted = bool(board.rules.get("voting") or content.total_votes)
    for zone in content.zones:
        for note in zone.notes:
            note.zone_name = zone.name  # type: ignore[attr-defined]
            meta = [note.theme.label] if note.theme else []
            if voted:
                votes = note.vote_count  # type: ignore[attr-defined]
                meta.append(ngettext("%(n)d vote", "%(n)d votes", votes) % {"n": votes})
            if note.hidden:
                meta.append(_("hidden"))
            if not note.anonymous:
                meta.append(note.author.display_name)
            note.pdf_meta = " · ".join(meta)  # type: ignore[attr-defined]
            note.pdf_fields = [  # type: ignore[attr-defined]
                (local_name(spec), text)
                for spec in content.fields
                if (text := content.field_text(note, spec))
            ]
    persona_labels = {spec["key"]: local_name(spec) for spec in PERSONA_FIELDS}
    choice_names = {
        spec["key"]: {choice["key"]: local_name(choice) for choice in spec.get("choices", [])}
        for spec in PERSONA_FIELDS
    }
    personas = []
    for persona in content.personas:
        stored = persona.fields or {}
        order = [key for key in persona_labels if key in stored]
        order += [key for key in stored if key not in persona_labels]
        values = [
            (persona_labels.get(key, key), stored[key])
            for key in order
            if key != "vulnerable_groups" and stored[key] and isinstance(stored[key], str)
        ]
        groups = choice_names.get("vulnerable_groups", {})
        personas.append(
            {
                "persona": persona,
                "values": values,
                "groups": [groups.get(g, g) for g in persona.vulnerable_groups or []],
            }
        )
    return {
        "board": board,
        "content": content,
        "rows": rows,
        "per_row": per_row,
        "width": round(100 / per_row, 3),
        # One zone of many notes (ideas, stories) flows in columns like a wall.
        "flow": len(content.zones) == 1 and board.definition.get("layout") != "layers",
        "created": content.local(board.created_at),
        "generated": content.local(timezone.now()),
        "personas": personas,
        "show_votes": bool(voted),
        "ranked": content.ranked[:20],
        "fields": content.fields,
    }


def board_pdf_html(board: Board) -> str:
    content = board_content(board)
    return render_to_string(PDF_TEMPLATE, pdf_context(content))


def board_pdf(board: Board) -> bytes:
    """A snapshot of the board as PDF: its zones in columns like the board,
    themes, vote totals and personas."""
    # The agenda's renderer: Sarabun embedded, Thai text that copies back.
    from workshops.agenda_pdf import render_pdf

    return render_pdf(board_pdf_html(board))


EXPORTS = {"csv": board_csv, "xlsx": board_xlsx, "pdf": board_pdf}


def export_filename(board: Board, fmt: str) -> str:
    """saphan-board-<code>-<date>.<fmt>, the date in the board's time zone."""
    day = timezone.localtime(timezone.now(), board_zone(board)).date()
    return f"saphan-board-{board.code}-{day.isoformat()}.{fmt}"


def export_board(board: Board, fmt: str) -> bytes:
    return EXPORTS[fmt](board)
