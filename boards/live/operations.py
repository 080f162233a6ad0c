"""What each board message does: checks that need the board (own note,
facilitator, locked, limits), the write in one transaction, and the events
for other screens.

`handle()` is the one entry point, called by the websocket consumer (and by
tests directly). It returns an `Outcome`: the fields of the sender's ack and
the `Event`s to fan out. A refusal is an `OperationError` with a translated
message; the transaction rolls back, so nothing half-done stays.

Audience of an event: everyone (`to=None`), or the participants in `to`
plus (when `staff`) the facilitators' own screens; everyone else gets
`masked` (a face-down card, or "gone") or nothing.

Participants' notes, votes and comments are not put in the audit log (they
are the board's own record, with author and time); facilitation and
moderation are.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from boards.live.protocol import SPECS, ProtocolError
from boards.methods import REVISIT_CHOICES
from boards.models import Board, Comment, Note, NoteLink, Participant, Persona, Theme, Vote
from boards.selectors import (
    Actor,
    board_state,
    comment_payload,
    masked_payload,
    note_payload,
    themes_payload,
    timer_state,
)
from directory.models import Organisation, Person
from labs.models import Stakeholder
from lib.thai.text import clean


class OperationError(ProtocolError):
    """Refused for a reason of the board's state or the sender's rights."""


@dataclass(frozen=True)
class Event:
    payload: dict[str, Any]
    to: frozenset[int] | None = None
    staff: bool = True
    masked: dict[str, Any] | None = None


@dataclass
class Outcome:
    reply: dict[str, Any] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)


def _refuse(code: str, message: str) -> OperationError:
    return OperationError(code, message)


def _note_event(note: Note, author: Participant | Actor, *, new: bool = False) -> Event:
    author_pk = author.participant_id if isinstance(author, Actor) else author.pk
    by, name, organisation = author.public_id, author.display_name, author.organisation_label
    payload = {
        "t": "note",
        "note": note_payload(
            note,
            by=by,
            name=name,
            organisation=organisation,
            links=[]
            if new or not note.board.rules.get("links")
            else list(note.links_out.values_list("target_id", flat=True)),
        ),
    }
    if note.hidden:
        return Event(payload, to=frozenset({author_pk}), masked={"t": "note.gone", "id": note.pk})
    if note.private:
        return Event(
            payload,
            to=frozenset({author_pk}),
            masked={"t": "note", "note": masked_payload(note)},
        )
    return Event(payload)


def _removed(note: Note) -> dict[str, Any]:
    """What the audit log keeps of a removed note: never the author of an anonymous one."""
    kept: dict[str, Any] = {"text": note.text}
    if not note.anonymous:
        kept["author"] = note.author.display_name
    return kept


def _gone(note_id: int) -> Event:
    return Event({"t": "note.gone", "id": note_id})


def _board_event(board: Board) -> Event:
    return Event({"t": "board", "board": board_state(board)})


def _themes_event(board: Board, assign: dict[int, int | None] | None = None) -> Event:
    return Event({"t": "themes", "themes": themes_payload(board.pk), "assign": assign or {}})


def _audit(actor: Actor, action: str, obj: Any, changes: dict[str, Any] | None = None) -> None:
    audit_record(actor=_audit_actor(actor), action=action, obj=obj, changes=changes)


def _audit_actor(actor: Actor) -> Any:
    if actor.user_id is not None:
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(pk=actor.user_id).first() or actor.display_name
    return _("%(name)s (board participant)") % {"name": actor.display_name}


# --- lookups ---------------------------------------------------------------


def _note(board: Board, note_id: int, actor: Actor, *, own: bool) -> Note:
    note = (
        Note.objects.select_related("author", "author__organisation", "organisation", "person")
        .filter(board=board, pk=note_id, deleted_at__isnull=True)
        .first()
    )
    if note is None or (
        note.hidden and not actor.sees_all and note.author_id != actor.participant_id
    ):
        raise _refuse("not_found", _("This note is no longer on the board."))
    if own and note.author_id != actor.participant_id and not actor.is_facilitator:
        raise _refuse("forbidden", _("You can only change your own notes."))
    if note.private and not actor.sees_all and note.author_id != actor.participant_id:
        raise _refuse("not_found", _("This note is no longer on the board."))
    note.board = board
    return note


def _theme(board: Board, theme_id: int) -> Theme:
    theme = Theme.objects.filter(board=board, pk=theme_id).first()
    if theme is None:
        raise _refuse("not_found", _("This theme is no longer on the board."))
    return theme


def _zone(board: Board, key: str) -> dict[str, Any]:
    for zone in board.zones:
        if zone["key"] == key:
            return zone
    raise _refuse("invalid", _("There is no such zone on this board."))


def _named(board: Board, fields: dict[str, Any]) -> dict[str, Any]:
    """Organisation/person a note names (stakeholder maps): must exist."""
    out: dict[str, Any] = {}
    if "organisation" not in fields and "person" not in fields:
        return out
    if not board.rules.get("directory"):
        raise _refuse("invalid", _("Notes on this board cannot name an organisation or a person."))
    if "organisation" in fields:
        if fields["organisation"] is None:
            out["organisation"] = None
        else:
            organisation = Organisation.objects.filter(pk=fields["organisation"]).first()
            if organisation is None:
                raise _refuse("invalid", _("There is no such organisation in the directory."))
            out["organisation"] = organisation
    if "person" in fields:
        if fields["person"] is None:
            out["person"] = None
        else:
            person = Person.objects.filter(pk=fields["person"]).first()
            if person is None:
                raise _refuse("invalid", _("There is no such person in the directory."))
            out["person"] = person
    return out


def _note_content(board: Board, fields: dict[str, Any]) -> dict[str, Any]:
    """Text, canvas fields and tags checked against the board's method."""
    out: dict[str, Any] = {}
    note_def = board.definition.get("note", {})
    if "text" in fields:
        text = clean(fields["text"])
        limit = int(note_def.get("max_length", 500))
        if not text:
            raise _refuse("invalid", _("Write something on the note."))
        if len(text) > limit:
            raise _refuse(
                "too_long", _("A note holds at most %(limit)d characters.") % {"limit": limit}
            )
        out["text"] = text
    if "fields" in fields:
        known = {item["key"]: item for item in note_def.get("fields", [])}
        values: dict[str, Any] = {}
        for key, value in fields["fields"].items():
            spec = known.get(key)
            if spec is None:
                raise _refuse("invalid", _("This board has no field %(key)s.") % {"key": key})
            if spec.get("type") == "tags":
                choices = {choice["key"] for choice in spec.get("choices", [])}
                if not isinstance(value, list) or (choices and set(value) - choices):
                    raise _refuse(
                        "invalid", _("Pick %(field)s from the list.") % {"field": spec["name_th"]}
                    )
                values[key] = list(dict.fromkeys(value))
            else:
                if isinstance(value, list):
                    raise _refuse("invalid", _("%(field)s is text.") % {"field": spec["name_th"]})
                values[key] = clean(value)
        out["fields"] = values
    if "tags" in fields:
        allowed = {tag["key"] for tag in note_def.get("tags", [])}
        unknown = set(fields["tags"]) - allowed
        if unknown:
            raise _refuse("invalid", _("Pick tags from the board's list."))
        out["tags"] = list(dict.fromkeys(fields["tags"]))
    return out


# --- the flows into the lab and challenge ------------------------------------


def _sync_persona(note: Note) -> None:
    """Persona cards become the lab's personas once the room can see them
    (not while private, not when a facilitator hid them)."""
    if note.kind != "persona":
        return
    if note.private or note.hidden or note.deleted_at is not None:
        Persona.objects.filter(note=note).delete()
        return
    groups = note.fields.get("vulnerable_groups", [])
    Persona.objects.update_or_create(
        note=note,
        defaults={
            "lab_id": note.board.lab_id,
            "board": note.board,
            "name": note.text[:200],
            "fields": note.fields,
            "vulnerable_groups": groups if isinstance(groups, list) else [],
            "updated_at": timezone.now(),
        },
    )


def _sync_stakeholder(note: Note, actor: Actor) -> None:
    """A stakeholder-map note naming someone puts them on the challenge's grid.

    A stakeholder the note created follows the note (quadrant, who it names)
    and goes with it; one the lab had already entered is only linked, never
    changed by a note."""
    board = note.board
    if note.kind != "stakeholder" or not board.challenge_id:
        return
    if not (note.organisation_id or note.person_id) or note.private or note.hidden:
        _drop_stakeholder(note)
        return
    zone = next((z for z in board.zones if z["key"] == note.zone), {})
    power, interest = int(zone.get("power", 50)), int(zone.get("interest", 50))
    person = None if note.organisation_id else note.person
    existing = Stakeholder.objects.filter(
        challenge_id=board.challenge_id, organisation=note.organisation, person=person
    )
    if note.stakeholder_id is not None:
        existing = existing.exclude(pk=note.stakeholder_id)
    same = existing.first()
    own = note.stakeholder if note.owns_stakeholder else None
    if own is not None and same is None:
        own.organisation, own.person = note.organisation, person
        own.power, own.interest = power, interest
        own.save(update_fields=["organisation", "person", "power", "interest"])
        return
    linked = note.stakeholder
    if (
        own is None
        and linked is not None
        and linked.organisation_id == note.organisation_id
        and linked.person_id == (person.pk if person else None)
    ):
        return  # linked to the lab's own entry for this name: left as the lab set it
    _drop_stakeholder(note)
    owns = False
    if same is None:
        same = Stakeholder.objects.create(
            challenge_id=board.challenge_id,
            organisation=note.organisation,
            person=person,
            power=power,
            interest=interest,
            notes=_("From the board %(title)s.") % {"title": board.title},
        )
        owns = True
        _audit(actor, "stakeholder.add_from_board", same, {"board": board.pk, "note": note.pk})
    note.stakeholder, note.owns_stakeholder = same, owns
    Note.objects.filter(pk=note.pk).update(stakeholder=same, owns_stakeholder=owns)


def _drop_stakeholder(note: Note) -> None:
    """Unlink; a stakeholder the note created goes when no note names it any more."""
    stakeholder_id, owned = note.stakeholder_id, note.owns_stakeholder
    if stakeholder_id is None:
        return
    Note.objects.filter(pk=note.pk).update(stakeholder=None, owns_stakeholder=False)
    note.stakeholder, note.owns_stakeholder = None, False
    if (
        owned
        and not Note.objects.filter(stakeholder_id=stakeholder_id, deleted_at__isnull=True).exists()
    ):
        Stakeholder.objects.filter(pk=stakeholder_id).delete()


# --- participants' messages -------------------------------------------------


def _note_add(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    _zone(board, f["zone"])
    content = _note_content(board, f)
    named = _named(board, f)
    if board.notes_per_person and not actor.is_facilitator:
        count = Note.objects.filter(
            board=board, author_id=actor.participant_id, zone=f["zone"], deleted_at__isnull=True
        ).count()
        if count >= board.notes_per_person:
            raise _refuse(
                "limit",
                _("You have written %(limit)d notes here already: the most this board allows.")
                % {"limit": board.notes_per_person},
            )
    now = timezone.now()
    note = Note(
        board=board,
        author_id=actor.participant_id,
        client_id=f["id"],
        kind=board.note_kind,
        zone=f["zone"],
        round=board.round,
        x=f.get("x"),
        y=f.get("y"),
        private=board.private,
        anonymous=board.anonymous,
        created_at=now,
        updated_at=now,
        **({"fields": {}, "tags": []} | content | named),
    )
    try:
        with transaction.atomic():
            note.save(force_insert=True)
    except IntegrityError:
        existing = Note.objects.filter(board=board, client_id=f["id"]).first()
        if existing is None or existing.author_id != actor.participant_id:
            raise _refuse("duplicate", _("This note id is taken; send it with a new id.")) from None
        return Outcome({"note": existing.pk, "duplicate": True})
    _sync_persona(note)
    _sync_stakeholder(note, actor)
    return Outcome({"note": note.pk}, [_note_event(note, actor, new=True)])


def _note_edit(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    note = _note(board, f["note"], actor, own=True)
    content = _note_content(board, f)
    named = _named(board, f)
    changed = content | named
    for name, value in changed.items():
        setattr(note, name, value)
    note.version += 1
    note.updated_at = timezone.now()
    note.save(update_fields=[*changed, "version", "updated_at"])
    if note.author_id != actor.participant_id:
        _audit(actor, "note.edit", note, {name: str(value) for name, value in changed.items()})
    _sync_persona(note)
    _sync_stakeholder(note, actor)
    return Outcome({"note": note.pk, "v": note.version}, [_note_event(note, note.author)])


def _note_move(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    note = _note(board, f["note"], actor, own=True)
    if "zone" in f:
        _zone(board, f["zone"])
        note.zone = f["zone"]
    for axis in ("x", "y"):
        if axis in f:
            setattr(note, axis, f[axis])
    if "theme" in f:
        note.theme = _theme(board, f["theme"]) if f["theme"] is not None else None
    note.version += 1
    note.updated_at = timezone.now()
    note.save(update_fields=["zone", "x", "y", "theme", "version", "updated_at"])
    _sync_stakeholder(note, actor)
    return Outcome({"note": note.pk, "v": note.version}, [_note_event(note, note.author)])


def _delete_note(board: Board, note: Note) -> None:
    note.deleted_at = timezone.now()
    note.save(update_fields=["deleted_at"])
    Persona.objects.filter(note=note).delete()
    _drop_stakeholder(note)
    if board.spotlight_id == note.pk:
        Board.objects.filter(pk=board.pk).update(spotlight=None, updated_at=timezone.now())
        board.spotlight = None


def _note_delete(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    note = _note(board, f["note"], actor, own=True)
    if note.author_id != actor.participant_id:
        _audit(actor, "note.remove", note, _removed(note))
    _delete_note(board, note)
    return Outcome({"note": note.pk}, [_gone(note.pk)])


def _note_link(board: Board, actor: Actor, f: dict[str, Any], *, on: bool) -> Outcome:
    if board.rules.get("links") != "next_zone":
        raise _refuse("invalid", _("Notes on this board are not linked."))
    source = _note(board, f["source"], actor, own=True)
    target = _note(board, f["target"], actor, own=False)
    keys = board.zone_keys()
    if (
        source.zone not in keys
        or target.zone not in keys
        or keys.index(target.zone) != keys.index(source.zone) + 1
    ):
        raise _refuse("invalid", _("Link a note to a note in the layer just below it."))
    if on:
        NoteLink.objects.get_or_create(
            board=board,
            source=source,
            target=target,
            defaults={"created_by_id": actor.participant_id},
        )
    else:
        NoteLink.objects.filter(source=source, target=target).delete()
    event = Event({"t": "link", "source": source.pk, "target": target.pk, "on": on})
    return Outcome({}, [event])


def _vote_events(board: Board, actor: Actor, note_id: int) -> list[Event]:
    counts = _one(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN participant_id = %s THEN 1 ELSE 0 END), 0)"
        " FROM boards_vote WHERE note_id = %s",
        [actor.participant_id, note_id],
    )
    total, mine = (int(counts[0]), int(counts[1])) if counts else (0, 0)
    totals = Event({"t": "votes", "note": note_id, "total": total})
    if not board.votes_revealed:
        totals = Event(totals.payload, to=frozenset(), staff=True)
    dots = Event(
        {"t": "dots", "note": note_id, "mine": mine},
        to=frozenset({actor.participant_id}),
        staff=False,
    )
    return [dots, totals]


def _one(sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    """One row of a plain query: the dot path runs on every vote of a room."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row: tuple[Any, ...] | None = cursor.fetchone()
        return row


def _votable(board: Board, note_id: int, actor: Actor) -> int:
    """The note a dot goes on: on the board, there, and face up for the voter."""
    row = _one(
        "SELECT author_id, hidden, private FROM boards_note"
        " WHERE id = %s AND board_id = %s AND deleted_at IS NULL",
        [note_id, board.pk],
    )
    if row is None or (
        (row[1] or row[2]) and not actor.sees_all and row[0] != actor.participant_id
    ):
        raise _refuse("not_found", _("This note is no longer on the board."))
    return note_id


def _vote_add(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    if not board.rules.get("voting"):
        raise _refuse("invalid", _("This board has no voting."))
    note_id = _votable(board, f["note"], actor)
    counted = _one(
        "SELECT COUNT(*) FROM boards_vote WHERE board_id = %s AND participant_id = %s",
        [board.pk, actor.participant_id],
    )
    used = int(counted[0]) if counted else 0
    if used >= board.dots_per_person:
        raise _refuse(
            "limit", _("You have used all your %(dots)d dots.") % {"dots": board.dots_per_person}
        )
    try:
        with transaction.atomic():
            Vote.objects.create(
                board=board, note_id=note_id, participant_id=actor.participant_id, client_id=f["id"]
            )
    except IntegrityError:
        return Outcome({"note": note_id, "duplicate": True})
    return Outcome(
        {"note": note_id, "left": board.dots_per_person - used - 1},
        _vote_events(board, actor, note_id),
    )


def _vote_remove(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    vote = (
        Vote.objects.filter(board=board, participant_id=actor.participant_id, note_id=f["note"])
        .order_by("-pk")
        .first()
    )
    if vote is None:
        raise _refuse("not_found", _("You have no dot on this note."))
    vote.delete()
    return Outcome({"note": f["note"]}, _vote_events(board, actor, f["note"]))


def _comment_add(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    note = _note(board, f["note"], actor, own=False)
    text = clean(f["text"])[:1000]
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                board=board,
                note=note,
                author_id=actor.participant_id,
                client_id=f["id"],
                text=text,
                anonymous=board.anonymous,
            )
    except IntegrityError:
        return Outcome({"duplicate": True})
    comment.author = Participant(
        pk=actor.participant_id, public_id=actor.public_id, display_name=actor.display_name
    )
    payload = {"t": "comment", "comment": comment_payload(comment)}
    to = (
        None
        if not (note.private or note.hidden)
        else frozenset({note.author_id, actor.participant_id})
    )
    return Outcome({"comment": comment.pk}, [Event(payload, to=to)])


def _comment_delete(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    comment = Comment.objects.filter(board=board, pk=f["comment"], deleted_at__isnull=True).first()
    if comment is None:
        raise _refuse("not_found", _("This comment is no longer on the board."))
    if comment.author_id != actor.participant_id and not actor.is_facilitator:
        raise _refuse("forbidden", _("You can only delete your own comments."))
    if comment.author_id != actor.participant_id:
        _audit(actor, "comment.remove", comment.note, {"comment": comment.text})
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["deleted_at"])
    return Outcome({"comment": comment.pk}, [Event({"t": "comment.gone", "id": comment.pk})])


# --- facilitation -----------------------------------------------------------


def _board_set(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    events: list[Event] = []
    changes: dict[str, Any] = {}
    for name in ("locked", "anonymous", "dots_per_person", "notes_per_person"):
        if name in f and getattr(board, name) != f[name]:
            changes[name] = [getattr(board, name), f[name]]
            setattr(board, name, f[name])
    if "dots_per_person" in f and not 1 <= f["dots_per_person"] <= 20:
        raise _refuse("invalid", _("Dots per person run from 1 to 20."))
    if (
        "notes_per_person" in f
        and f["notes_per_person"] is not None
        and not 1 <= f["notes_per_person"] <= 50
    ):
        raise _refuse("invalid", _("Notes per person run from 1 to 50."))
    if "round" in f:
        rounds = {r["key"] for r in board.rounds}
        if f["round"] is not None and f["round"] not in rounds:
            raise _refuse("invalid", _("There is no such round on this board."))
        changes["round"] = [board.round, f["round"] or ""]
        board.round = f["round"] or ""
    if "spotlight" in f:
        note = _note(board, f["spotlight"], actor, own=False) if f["spotlight"] else None
        changes["spotlight"] = [board.spotlight_id, note.pk if note else None]
        board.spotlight = note
    if "private" in f and f["private"] != board.private:
        changes["private"] = [board.private, f["private"]]
        board.private = f["private"]
        if not f["private"]:
            events.extend(_reveal(board))
    if "votes_revealed" in f and f["votes_revealed"] != board.votes_revealed:
        changes["votes_revealed"] = [board.votes_revealed, f["votes_revealed"]]
        board.votes_revealed = f["votes_revealed"]
        if board.votes_revealed:
            totals = dict(
                Vote.objects.filter(board=board)
                .values_list("note_id")
                .annotate(n=Count("pk"))
                .values_list("note_id", "n")
            )
            events.append(Event({"t": "votes.all", "totals": totals}))
    board.save(update_fields=[*changes, "updated_at"])
    if changes:
        _audit(actor, "board.set", board, changes)
    return Outcome({}, [_board_event(board), *events])


def _reveal(board: Board) -> list[Event]:
    """End private mode: everybody's notes turn face up, in one event."""
    notes = list(
        Note.objects.filter(board=board, private=True, deleted_at__isnull=True).select_related(
            "author", "author__organisation", "organisation", "person"
        )
    )
    Note.objects.filter(pk__in=[n.pk for n in notes]).update(
        private=False, version=F("version") + 1
    )
    payloads = []
    for note in notes:
        note.private = False
        note.version += 1
        note.board = board
        _sync_persona(note)
        if note.hidden:
            continue
        payloads.append(
            note_payload(
                note,
                by=note.author.public_id,
                name=note.author.display_name,
                organisation=note.author.organisation_label,
            )
        )
    return [Event({"t": "notes", "notes": payloads})]


def _timer(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    now = timezone.now()
    action = f["action"]
    if action == "start":
        seconds = f.get("seconds", 0)
        if not 1 <= seconds <= 86400:
            raise _refuse("invalid", _("Set the timer from 1 second to 24 hours."))
        board.timer_ends_at = now + dt.timedelta(seconds=seconds)
        board.timer_remaining = None
        board.timer_total = seconds
    elif action == "pause":
        if board.timer_ends_at is None:
            raise _refuse("invalid", _("The timer is not running."))
        board.timer_remaining = max(0, int((board.timer_ends_at - now).total_seconds()))
        board.timer_ends_at = None
    elif action == "resume":
        if board.timer_remaining is None:
            raise _refuse("invalid", _("The timer is not paused."))
        board.timer_ends_at = now + dt.timedelta(seconds=board.timer_remaining)
        board.timer_remaining = None
    elif action == "stop":
        board.timer_ends_at = board.timer_remaining = board.timer_total = None
    else:
        raise _refuse("invalid", _("Unknown timer action."))
    board.save(update_fields=["timer_ends_at", "timer_remaining", "timer_total", "updated_at"])
    return Outcome({}, [Event({"t": "timer", "timer": timer_state(board, now)})])


def _redirect(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    target = None
    if f.get("board"):
        target = Board.objects.filter(
            pk=f["board"], lab_id=board.lab_id, status=Board.Status.OPEN
        ).first()
        if target is None or target.pk == board.pk:
            raise _refuse("invalid", _("Pick another open board of this lab."))
    board.redirect_to = target
    board.save(update_fields=["redirect_to", "updated_at"])
    _audit(actor, "board.redirect", board, {"to": target.pk if target else None})
    return Outcome({}, [_board_event(board)])


def _note_hide(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    note = _note(board, f["note"], actor, own=False)
    note.hidden = f["hidden"]
    note.version += 1
    note.save(update_fields=["hidden", "version"])
    _audit(actor, "note.hide" if note.hidden else "note.unhide", note, {"text": note.text})
    _sync_persona(note)
    _sync_stakeholder(note, actor)
    return Outcome({"note": note.pk}, [_note_event(note, note.author)])


def _note_remove(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    note = _note(board, f["note"], actor, own=False)
    _audit(actor, "note.remove", note, _removed(note))
    _delete_note(board, note)
    return Outcome({"note": note.pk}, [_gone(note.pk)])


def _note_mark(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    note = _note(board, f["note"], actor, own=False)
    revisit = board.rules.get("revisit_zone")
    if not revisit or note.zone != revisit:
        raise _refuse("invalid", _("Only notes of the zone revisited at the close are marked."))
    if f.get("outcome") is not None and f["outcome"] not in REVISIT_CHOICES:
        raise _refuse("invalid", _("Mark a hope as met, partly met or not met."))
    fields = dict(note.fields)
    if f.get("outcome"):
        fields["outcome"] = f["outcome"]
    else:
        fields.pop("outcome", None)
    note.fields = fields
    note.version += 1
    note.save(update_fields=["fields", "version"])
    _audit(actor, "note.mark", note, {"outcome": f.get("outcome")})
    return Outcome({"note": note.pk}, [_note_event(note, note.author)])


def _definition_event(board: Board) -> Event:
    return Event({"t": "definition", "definition": board.definition})


def _zone_add(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    if not board.rules.get("draw_zones"):
        raise _refuse("invalid", _("The zones of this board are set by its method."))
    zones = board.zones
    if len(zones) >= 24:
        raise _refuse("limit", _("A board has at most 24 zones."))
    used = {zone["key"] for zone in zones}
    number = len(zones) + 1
    while f"z{number}" in used:
        number += 1
    zone: dict[str, Any] = {
        "key": f"z{number}",
        "name_th": clean(f["name_th"]),
        "name_en": clean(f.get("name_en", "")),
    }
    if f.get("color"):
        zone["color"] = f["color"]
    board.definition = {**board.definition, "zones": [*zones, zone]}
    board.save(update_fields=["definition", "updated_at"])
    _audit(actor, "zone.add", board, {"zone": zone})
    return Outcome({"zone": zone["key"]}, [_definition_event(board)])


def _zone_rename(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    _zone(board, f["zone"])
    zones = [
        {
            **zone,
            "name_th": clean(f["name_th"]),
            "name_en": clean(f.get("name_en", zone.get("name_en", ""))),
        }
        if zone["key"] == f["zone"]
        else zone
        for zone in board.zones
    ]
    board.definition = {**board.definition, "zones": zones}
    board.save(update_fields=["definition", "updated_at"])
    _audit(actor, "zone.rename", board, {"zone": f["zone"], "name_th": f["name_th"]})
    return Outcome({}, [_definition_event(board)])


def _zone_delete(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    if not board.rules.get("draw_zones"):
        raise _refuse("invalid", _("The zones of this board are set by its method."))
    _zone(board, f["zone"])
    if len(board.zones) == 1:
        raise _refuse("invalid", _("A board keeps at least one zone."))
    if Note.objects.filter(board=board, zone=f["zone"], deleted_at__isnull=True).exists():
        raise _refuse("not_empty", _("Move the notes out of this zone first."))
    board.definition = {
        **board.definition,
        "zones": [z for z in board.zones if z["key"] != f["zone"]],
    }
    board.save(update_fields=["definition", "updated_at"])
    _audit(actor, "zone.delete", board, {"zone": f["zone"]})
    return Outcome({}, [_definition_event(board)])


def _round_add(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    options = {r["key"]: r for r in board.rules.get("round_options", [])}
    if f["round"] not in options:
        raise _refuse("invalid", _("There is no such round for this method."))
    if f["round"] in {r["key"] for r in board.rounds}:
        raise _refuse("invalid", _("This round is on the board already."))
    rules = {**board.rules, "rounds": [*board.rounds, options[f["round"]]]}
    board.definition = {**board.definition, "rules": rules}
    board.save(update_fields=["definition", "updated_at"])
    _audit(actor, "round.add", board, {"round": f["round"]})
    return Outcome({}, [_definition_event(board)])


def _theme_add(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    order = Theme.objects.filter(board=board).count()
    theme = Theme.objects.create(board=board, label=clean(f["label"]), order=order)
    assign = _assign(board, f.get("notes", []), theme.pk)
    _audit(actor, "theme.add", theme, {"label": theme.label})
    return Outcome({"theme": theme.pk}, [_themes_event(board, assign)])


def _assign(board: Board, note_ids: list[int], theme_id: int | None) -> dict[int, int | None]:
    ids = list(
        Note.objects.filter(board=board, pk__in=note_ids, deleted_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    Note.objects.filter(pk__in=ids).update(theme_id=theme_id)
    return {pk: theme_id for pk in ids}


def _theme_rename(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    theme = _theme(board, f["theme"])
    before = theme.label
    theme.label = clean(f["label"])
    theme.save(update_fields=["label"])
    _audit(actor, "theme.rename", theme, {"label": [before, theme.label]})
    return Outcome({}, [_themes_event(board)])


def _theme_merge(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    theme, into = _theme(board, f["theme"]), _theme(board, f["into"])
    if theme.pk == into.pk:
        raise _refuse("invalid", _("Pick two different themes."))
    ids = list(theme.notes.values_list("pk", flat=True))
    Note.objects.filter(pk__in=ids).update(theme=into)
    _audit(actor, "theme.merge", into, {"merged": theme.label})
    theme.delete()
    return Outcome({"theme": into.pk}, [_themes_event(board, dict.fromkeys(ids, into.pk))])


def _theme_split(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    theme = _theme(board, f["theme"])
    ids = set(theme.notes.values_list("pk", flat=True))
    moving = [pk for pk in f["notes"] if pk in ids]
    if not moving:
        raise _refuse("invalid", _("Pick notes of this theme to split off."))
    label = clean(f.get("label") or "") or f"{theme.label} (2)"
    new = Theme.objects.create(board=board, label=label[:200], order=theme.order + 1)
    assign = _assign(board, moving, new.pk)
    _audit(actor, "theme.split", new, {"from": theme.label, "notes": len(moving)})
    return Outcome({"theme": new.pk}, [_themes_event(board, assign)])


def _theme_delete(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    theme = _theme(board, f["theme"])
    ids = list(theme.notes.values_list("pk", flat=True))
    _audit(actor, "theme.delete", theme, {"label": theme.label})
    theme.delete()
    return Outcome({}, [_themes_event(board, dict.fromkeys(ids))])


def _participant_link(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    from boards.services import participant_link

    participant = Participant.objects.filter(board=board, pk=f["participant"]).first()
    if participant is None:
        raise _refuse("not_found", _("There is no such participant on this board."))
    organisation = None
    if f.get("organisation"):
        organisation = Organisation.objects.filter(pk=f["organisation"]).first()
        if organisation is None:
            raise _refuse("invalid", _("There is no such organisation in the directory."))
    participant_link(participant=participant, organisation=organisation, by=_audit_actor(actor))
    return Outcome({"participant": participant.pk})


def cluster(board: Board, actor: Actor, f: dict[str, Any]) -> Outcome:
    """Group the board's notes (or one zone's) into themes, replacing the
    themes there were. Slow (seconds for a thousand notes): the consumer runs
    it off the thread that serves the other messages."""
    from boards.clustering import cluster_notes

    # Face-down notes stay out: their words would show in the theme labels.
    notes = Note.objects.filter(board=board, deleted_at__isnull=True, hidden=False, private=False)
    if f.get("zone"):
        _zone(board, f["zone"])
        notes = notes.filter(zone=f["zone"])
    rows = list(notes.values_list("pk", "text", "fields"))
    if not rows:
        raise _refuse("invalid", _("There are no notes to group yet."))
    texts = [
        (pk, " ".join([text, *[v for v in fields.values() if isinstance(v, str)]]))
        for pk, text, fields in rows
    ]
    themes = cluster_notes(texts)
    with transaction.atomic():
        stale = Theme.objects.filter(board=board)
        if f.get("zone"):
            # Only the themes of this zone's notes are replaced; a theme that
            # also holds notes of other zones keeps those.
            stale = stale.filter(notes__zone=f["zone"]).exclude(
                notes__in=Note.objects.filter(board=board).exclude(zone=f["zone"])
            )
            Note.objects.filter(pk__in=[pk for pk, _t, _f in rows]).update(theme=None)
        stale.delete()
        assign: dict[int, int | None] = {}
        for order, found in enumerate(themes):
            theme = Theme.objects.create(
                board=board, label=found.label[:200], suggested_label=found.label[:200], order=order
            )
            Note.objects.filter(pk__in=found.note_ids).update(theme=theme)
            assign.update(dict.fromkeys(found.note_ids, theme.pk))
        _audit(actor, "board.cluster", board, {"notes": len(rows), "themes": len(themes)})
    return Outcome({"themes": len(themes)}, [_themes_event(board, assign)])


HANDLERS = {
    "note.add": _note_add,
    "note.edit": _note_edit,
    "note.move": _note_move,
    "note.delete": _note_delete,
    "note.link": lambda b, a, f: _note_link(b, a, f, on=True),
    "note.unlink": lambda b, a, f: _note_link(b, a, f, on=False),
    "vote.add": _vote_add,
    "vote.remove": _vote_remove,
    "comment.add": _comment_add,
    "comment.delete": _comment_delete,
    "board.set": _board_set,
    "timer": _timer,
    "board.redirect": _redirect,
    "note.hide": _note_hide,
    "note.remove": _note_remove,
    "note.mark": _note_mark,
    "zone.add": _zone_add,
    "zone.rename": _zone_rename,
    "zone.delete": _zone_delete,
    "round.add": _round_add,
    "theme.add": _theme_add,
    "theme.rename": _theme_rename,
    "theme.merge": _theme_merge,
    "theme.split": _theme_split,
    "theme.delete": _theme_delete,
    "participant.link": _participant_link,
    "cluster.run": cluster,
}


# Boards as last read, per process: every message needs its board's state
# (locked, private, rounds...), and reading the row through the ORM was half
# the cost of a note. One indexed read of `updated_at` tells whether the copy
# is current; every change of a board saves `updated_at` (Board.save).
_boards: dict[int, tuple[Any, Board]] = {}


def _board(board_id: int) -> Board | None:
    row = _one("SELECT updated_at FROM boards_board WHERE id = %s", [board_id])
    if row is None:
        _boards.pop(board_id, None)
        return None
    cached = _boards.get(board_id)
    if cached is not None and cached[0] == row[0]:
        return copy.copy(cached[1])
    board = Board.objects.filter(pk=board_id).order_by().first()
    if board is not None:
        if len(_boards) > 1000:
            _boards.clear()
        _boards[board_id] = (row[0], copy.copy(board))
    return board


_RESENDABLE = {"note.add": Note, "vote.add": Vote, "comment.add": Comment}


def _already_there(board_id: int, actor: Actor, kind: str, client_id: str) -> Outcome | None:
    """Checked on every add, so one plain indexed query, not an ORM one."""
    model = _RESENDABLE[kind]
    owner = "participant_id" if model is Vote else "author_id"
    note_column = "id" if model is Note else "note_id"
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {owner}, {note_column} FROM {table} WHERE board_id = %s AND client_id = %s",
            [board_id, client_id],
        )
        found = cursor.fetchone()
    if found is None:
        return None
    row = {"pk": found[0], owner: found[1], "note_id": found[2]}
    if row[owner] != actor.participant_id:
        raise _refuse("duplicate", _("This id is taken; send it with a new id."))
    if model is Note:
        return Outcome({"note": row["pk"], "duplicate": True})
    if model is Vote:
        return Outcome({"note": row["note_id"], "duplicate": True})
    return Outcome({"comment": row["pk"], "duplicate": True})


def handle(*, board_id: int, actor: Actor, kind: str, fields: dict[str, Any]) -> Outcome:
    """Apply one checked message (protocol.parse) for `actor` on a board."""
    spec = SPECS[kind]
    if spec.facilitator and not actor.is_facilitator:
        raise _refuse("forbidden", _("Only a facilitator can do this."))
    if kind in _RESENDABLE:
        # A phone resending after a reconnect gets "duplicate", whatever has
        # changed since (locked, limits): the first send was accepted.
        repeat = _already_there(board_id, actor, kind, fields["id"])
        if repeat is not None:
            return repeat
    with transaction.atomic():
        board = _board(board_id)
        if board is None:
            raise _refuse("not_found", _("This board no longer exists."))
        if board.status == Board.Status.CLOSED and kind not in ("board.set", "participant.link"):
            raise _refuse("closed", _("This board is closed."))
        if spec.writes and board.locked and not actor.is_facilitator:
            raise _refuse("locked", _("The facilitator has locked the board."))
        return HANDLERS[kind](board, actor, fields)
