"""Reading lineage both ways, and what a board offers to turn into outputs.

- `origins_of(proposal=…)` / `origins_of(action=…)`: the notes (with their
  board, theme and the author's organisation) and personas a proposal or
  action came from;
- `led_to(note=…)` / `led_to(persona=…)` / `led_to(board=…)`: the proposals
  and actions they led to;
- `board_picks(board)`: a board's notes ranked by dot votes, grouped by
  theme, and the lab's personas, each with what it led to, for the page
  that starts an output;
- `proposal_prefill(...)`: a new proposal's text drafted from the picked notes.

No note carries its author's name out of the board: whoever reads a
proposal or an action reads where it came from, and the people who took
part are never named there (as in the lab's report) — only their
organisation, and not even that for a note written in anonymous mode.
Each selector runs a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Q, QuerySet

from actions.models import Action, ActionPlan, Lineage, Proposal
from boards.forms import local_name
from boards.methods import VULNERABLE_GROUPS
from boards.models import Board, Note, Persona, Theme, Vote
from lib.queries import count_of

# --- Both ways ---------------------------------------------------------------------


@dataclass(frozen=True)
class NoteOrigin:
    note: Note
    board: Board
    theme: Theme | None
    # The author's organisation as they gave it; empty for a note written
    # in anonymous mode, or by someone who gave none.
    organisation: str


@dataclass
class Origins:
    notes: list[NoteOrigin] = field(default_factory=list)
    personas: list[Persona] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.notes or self.personas)


def _visible_note(note: Note | None) -> bool:
    return note is not None and note.deleted_at is None and not note.hidden and not note.private


def origins_of(proposal: Proposal | None = None, action: Action | None = None) -> Origins:
    """Where a proposal or an action came from (two queries)."""
    if (proposal is None) == (action is None):
        raise TypeError("origins_of() needs exactly one of proposal= and action=")
    lines = (
        Lineage.objects.filter(proposal=proposal)
        if proposal is not None
        else Lineage.objects.filter(action=action)
    )
    origins = Origins()
    for line in lines.select_related(
        "note__board", "note__theme", "note__author__organisation", "persona"
    ).order_by("pk"):
        if line.persona is not None:
            origins.personas.append(line.persona)
        elif _visible_note(line.note):
            note = line.note
            assert note is not None
            origins.notes.append(
                NoteOrigin(
                    note=note,
                    board=note.board,
                    theme=note.theme,
                    organisation="" if note.anonymous else note.author.organisation_label,
                )
            )
    return origins


@dataclass
class LedTo:
    proposals: list[Proposal] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.proposals or self.actions)

    def add(self, line: Lineage) -> None:
        """The line's proposal or action, once however many notes led to it."""
        if line.proposal is not None:
            if line.proposal not in self.proposals:
                self.proposals.append(line.proposal)
        elif line.action is not None and line.action not in self.actions:
            self.actions.append(line.action)


def _lines_out() -> QuerySet[Lineage]:
    return Lineage.objects.select_related("proposal", "action__plan").order_by("pk")


def led_to(
    note: Note | None = None, persona: Persona | None = None, board: Board | None = None
) -> LedTo:
    """The proposals and actions a note, a persona or any note of a board
    led to (one query)."""
    if sum(source is not None for source in (note, persona, board)) != 1:
        raise TypeError("led_to() needs exactly one of note=, persona= and board=")
    if note is not None:
        lines = _lines_out().filter(note=note)
    elif persona is not None:
        lines = _lines_out().filter(persona=persona)
    else:
        lines = _lines_out().filter(note__board=board)
    result = LedTo()
    for line in lines:
        result.add(line)
    return result


# --- From a board to outputs ---------------------------------------------------------


@dataclass(frozen=True)
class Pick:
    note: Note
    zone: str  # the zone's name in the interface language
    votes: int
    led: LedTo  # the outputs it already led to


@dataclass(frozen=True)
class PersonaPick:
    persona: Persona
    led: LedTo


@dataclass
class PickGroup:
    theme: Theme | None
    notes: list[Pick] = field(default_factory=list)


@dataclass
class BoardPicks:
    groups: list[PickGroup]
    personas: list[PersonaPick]
    plans: list[ActionPlan]

    @property
    def note_count(self) -> int:
        return sum(len(group.notes) for group in self.groups)


def pickable_notes(board: Board) -> QuerySet[Note]:
    """The notes of a board everyone may see: not deleted, not hidden by a
    facilitator, not face down in private mode (a facilitator reveals them first)."""
    return Note.objects.filter(board=board, deleted_at__isnull=True, hidden=False, private=False)


def board_picks(board: Board) -> BoardPicks:
    """A board's visible notes ranked by dot votes, in its themes (notes in
    no theme last), and the personas of its lab, each with the outputs it
    already led to; and the lab's joint action plans. Four queries."""
    notes = list(
        pickable_notes(board)
        .select_related("theme")
        .annotate(vote_count=count_of(Vote.objects.filter(note=OuterRef("pk")), "note"))
        .order_by("-vote_count", "created_at", "pk")
    )
    led: dict[tuple[str, int], LedTo] = {}
    for line in _lines_out().filter(Q(note__board=board) | Q(persona__lab_id=board.lab_id)):
        source = ("note", line.note_id) if line.note_id else ("persona", line.persona_id)
        led.setdefault(source, LedTo()).add(line)  # type: ignore[arg-type]
    zone_names = {zone["key"]: local_name(zone) for zone in board.zones}
    themed: dict[int, PickGroup] = {}
    loose = PickGroup(theme=None)
    for note in notes:
        pick = Pick(
            note=note,
            zone=zone_names.get(note.zone, note.zone),
            votes=note.vote_count,  # type: ignore[attr-defined]
            led=led.get(("note", note.pk), LedTo()),
        )
        if note.theme is None:
            loose.notes.append(pick)
        else:
            themed.setdefault(note.theme.pk, PickGroup(theme=note.theme)).notes.append(pick)
    groups = sorted(themed.values(), key=lambda g: (g.theme.order, g.theme.pk))  # type: ignore[union-attr]
    if loose.notes:
        groups.append(loose)
    personas = list(Persona.objects.filter(lab_id=board.lab_id).order_by("name", "pk"))
    return BoardPicks(
        groups=groups,
        personas=[
            PersonaPick(persona=p, led=led.get(("persona", p.pk), LedTo())) for p in personas
        ],
        plans=list(ActionPlan.objects.filter(lab_id=board.lab_id).order_by("pk")),
    )


def picked(
    *, lab_id: int, note_ids: list[int], persona_ids: list[int]
) -> tuple[list[Note], list[Persona]]:
    """The notes (of any board of the lab) and personas of the lab among the
    ids a URL names; others are left out, never shown."""
    notes = list(
        Note.objects.filter(
            pk__in=note_ids,
            board__lab_id=lab_id,
            deleted_at__isnull=True,
            hidden=False,
            private=False,
        )
        .select_related("board", "theme")
        .order_by("pk")
    )
    personas = list(Persona.objects.filter(pk__in=persona_ids, lab_id=lab_id).order_by("pk"))
    return notes, personas


# --- Drafting a proposal from notes ----------------------------------------------------


def _is_idea(note: Note) -> bool:
    return note.kind == "idea" or note.zone in {"ideas", "hopes"}


def _lines(notes: list[Note]) -> str:
    return "\n".join(f"- {note.text}" for note in notes)


def proposal_prefill(*, kind: str, notes: list[Note], personas: list[Persona]) -> dict[str, Any]:
    """Initial values of a new proposal drafted from the picked notes and
    personas: ideas become options (policy) or activities (project), stories
    evidence, the rest the problem (policy) or objectives (project); the
    personas become the personas and groups affected. People edit the draft;
    nothing here is saved."""
    ideas = [n for n in notes if _is_idea(n)]
    stories = [n for n in notes if not _is_idea(n) and n.kind == "story"]
    others = [n for n in notes if not _is_idea(n) and n.kind != "story"]
    initial: dict[str, Any] = {}
    themes = [n.theme.label for n in notes if n.theme is not None]
    if themes:
        initial["title_th"] = themes[0]
    challenges = [n.board.challenge_id for n in notes if n.board.challenge_id]
    if challenges:
        initial["challenge"] = challenges[0]
    if kind == Proposal.Kind.POLICY:
        values = {"problem": others, "options": ideas, "evidence": stories}
    else:
        values = {"objectives": others + stories, "activities": ideas}
    initial.update({name: _lines(picked) for name, picked in values.items() if picked})
    if personas:
        initial["personas"] = [p.pk for p in personas]
        names = {group["key"]: local_name(group) for group in VULNERABLE_GROUPS}
        groups = dict.fromkeys(
            names.get(key, key) for p in personas for key in p.vulnerable_groups or []
        )
        if groups:
            initial["affected_groups"] = "\n".join(groups)
    return initial
