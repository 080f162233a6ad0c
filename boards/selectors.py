"""Reads of boards: what a screen is sent when it connects (a snapshot),
the JSON shape of a note, the boards of a lab or workshop, who contributed.

One note shape serves the snapshot and the live events, so a screen that
reloads sees exactly what a screen that stayed connected built up.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from boards.models import Board, Comment, Note, NoteLink, Participant, Theme, Vote


@dataclass(frozen=True)
class Actor:
    """Who a websocket speaks for. `sees_all`: a facilitator at their own
    screen (not the projector, which shows what the room sees)."""

    participant_id: int
    public_id: str
    display_name: str
    organisation_label: str
    is_facilitator: bool = False
    sees_all: bool = False
    user_id: int | None = None

    @classmethod
    def of(cls, participant: Participant, *, facilitator: bool = False) -> Actor:
        """A participant as the live operations see them."""
        return cls(
            participant.pk,
            participant.public_id,
            participant.display_name,
            participant.organisation_label,
            is_facilitator=facilitator,
            sees_all=facilitator,
            user_id=participant.user_id,
        )


def epoch_ms(value: Any) -> int | None:
    return int(value.timestamp() * 1000) if value is not None else None


def note_payload(
    note: Note,
    *,
    by: str,
    name: str = "",
    organisation: str = "",
    links: list[int] | None = None,
    mine: bool = False,
) -> dict[str, Any]:
    """A note as screens see it. Anonymous notes carry no author at all (no
    name, organisation or participant id), except to their author (`mine`)."""
    payload: dict[str, Any] = {
        "id": note.pk,
        "cid": note.client_id,
        "kind": note.kind,
        "zone": note.zone,
        "text": note.text,
        "fields": note.fields,
        "tags": note.tags,
        "round": note.round,
        "x": note.x,
        "y": note.y,
        "theme": note.theme_id,
        "by": by if mine or not note.anonymous else None,
        "v": note.version,
        "hidden": note.hidden,
        "links": links or [],
    }
    if not note.anonymous:
        payload["name"] = name
        payload["org"] = organisation
    if note.organisation_id or note.person_id:
        payload["named"] = {
            "organisation": note.organisation_id,
            "person": note.person_id,
            "label": str(note.organisation or note.person or ""),
        }
    return payload


def masked_payload(note: Note) -> dict[str, Any]:
    """A private note as others see it: face down, where it is; no text, no author."""
    return {"id": note.pk, "zone": note.zone, "round": note.round, "masked": True}


def comment_payload(comment: Comment, *, mine: bool = False) -> dict[str, Any]:
    """A comment; one written in anonymous mode carries no author."""
    anonymous = comment.anonymous and not mine
    return {
        "id": comment.pk,
        "cid": comment.client_id,
        "note": comment.note_id,
        "text": comment.text,
        "by": None if anonymous else comment.author.public_id,
        "name": "" if comment.anonymous else comment.author.display_name,
    }


def board_state(board: Board) -> dict[str, Any]:
    now = timezone.now()
    return {
        "id": board.pk,
        "code": board.code,
        "title": board.title,
        "prompt": board.prompt,
        "status": board.status,
        "locked": board.locked,
        "private": board.private,
        "anonymous": board.anonymous,
        "votes_revealed": board.votes_revealed,
        "dots_per_person": board.dots_per_person,
        "notes_per_person": board.notes_per_person,
        "round": board.round,
        "spotlight": board.spotlight_id,
        "timer": timer_state(board, now),
        "redirect": board.redirect_to.code if board.redirect_to_id and board.redirect_to else None,
    }


def timer_state(board: Board, now: Any = None) -> dict[str, Any]:
    now = now or timezone.now()
    return {
        "ends_at": epoch_ms(board.timer_ends_at),
        "remaining": board.timer_remaining,
        "total": board.timer_total,
        "now": epoch_ms(now),
    }


def themes_payload(board_id: int) -> list[dict[str, Any]]:
    return [
        {
            "id": theme.pk,
            "label": theme.label,
            "suggested": theme.suggested_label,
            "order": theme.order,
        }
        for theme in Theme.objects.filter(board_id=board_id)
    ]


def visible_notes(board: Board, actor: Actor) -> QuerySet[Note]:
    notes = Note.objects.filter(board=board, deleted_at__isnull=True).select_related(
        "author", "author__organisation", "organisation", "person"
    )
    if not actor.sees_all:
        notes = notes.filter(Q(hidden=False) | Q(author_id=actor.participant_id))
    return notes


def snapshot(board: Board, actor: Actor) -> dict[str, Any]:
    """Everything a screen shows, as this actor may see it (a fixed number of queries)."""
    notes = list(visible_notes(board, actor))
    links: dict[int, list[int]] = defaultdict(list)
    for source, target in NoteLink.objects.filter(board=board).values_list(
        "source_id", "target_id"
    ):
        links[source].append(target)
    out_notes = []
    for note in notes:
        if note.private and not actor.sees_all and note.author_id != actor.participant_id:
            out_notes.append(masked_payload(note))
            continue
        out_notes.append(
            note_payload(
                note,
                by=note.author.public_id,
                name=note.author.display_name,
                organisation=note.author.organisation_label,
                links=links.get(note.pk),
                mine=note.author_id == actor.participant_id,
            )
        )
    mine: dict[int, int] = defaultdict(int)
    for note_id in Vote.objects.filter(
        board=board, participant_id=actor.participant_id
    ).values_list("note_id", flat=True):
        mine[note_id] += 1
    totals: dict[int, int] = {}
    if board.votes_revealed or actor.sees_all:
        totals = dict(
            Vote.objects.filter(board=board)
            .values_list("note_id")
            .annotate(n=Count("pk"))
            .values_list("note_id", "n")
        )
    face_up = {payload["id"] for payload in out_notes if not payload.get("masked")}
    comments = [
        comment_payload(comment, mine=comment.author_id == actor.participant_id)
        for comment in Comment.objects.filter(board=board, deleted_at__isnull=True).select_related(
            "author"
        )
        if comment.note_id in face_up
    ]
    return {
        "t": "snapshot",
        "board": board_state(board),
        "definition": board.definition,
        "me": {
            "pid": actor.public_id,
            "name": actor.display_name,
            "org": actor.organisation_label,
            "facilitator": actor.is_facilitator,
            "sees_all": actor.sees_all,
        },
        "notes": out_notes,
        "themes": themes_payload(board.pk),
        "votes": {"mine": dict(mine), "totals": totals},
        "comments": comments,
        "participants": Participant.objects.filter(board=board).count(),
    }


def _count_of(model: Any, **filters: Any) -> Coalesce:
    """A per-board count as a subquery: no join that multiplies rows."""
    rows = (
        model.objects.filter(board=OuterRef("pk"), **filters)
        .order_by()
        .values("board")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def boards_of_lab(*, lab: Any) -> QuerySet[Board]:
    return (
        Board.objects.filter(lab=lab)
        .select_related("method", "workshop", "session", "group", "challenge")
        .annotate(
            note_count=_count_of(Note, deleted_at__isnull=True),
            participant_count=_count_of(Participant),
        )
    )


def boards_of_workshop(*, workshop: Any) -> QuerySet[Board]:
    return boards_of_lab(lab=workshop.lab_id).filter(workshop=workshop)


@dataclass(frozen=True)
class Contribution:
    board_id: int
    participant_id: int
    person_id: int | None
    organisation_id: int | None
    organisation_text: str
    notes: int


def contributions(*, boards: QuerySet[Board] | None = None) -> list[Contribution]:
    """Who contributed (wrote at least one note) to which board, with their
    organisation: what the network analysis reads."""
    participants = Participant.objects.all()
    if boards is not None:
        participants = participants.filter(board__in=boards)
    rows = (
        participants.annotate(n=Count("notes", filter=Q(notes__deleted_at__isnull=True)))
        .filter(n__gt=0)
        .values_list("board_id", "pk", "person_id", "organisation_id", "organisation_text", "n")
    )
    return [Contribution(*row) for row in rows]
