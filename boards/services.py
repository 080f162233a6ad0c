"""Writes to boards from pages and commands: boards, methods, participants
joining, personas. What happens on a live board (notes, votes, facilitation)
is in boards/live/operations.py, called by the websocket consumer.

Each service: keyword-only arguments, one transaction, an audit entry. Bad
input raises a translated ValidationError and changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record, diff, snapshot
from boards.methods import check_definition, fresh_copy
from boards.models import Board, Method, Participant, Persona, new_code
from directory.models import Organisation
from labs.models import Challenge, Lab
from lib.service_fields import check_known
from lib.thai.text import clean
from workshops.models import BreakoutGroup, Session, Workshop

log = logging.getLogger(__name__)

COOKIE_SALT = "boards.participant"
COOKIE_MAX_AGE = 60 * 60 * 24 * 30


def cookie_name(board: Board) -> str:
    return f"saphan_board_{board.pk}"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def participant_token(participant: Participant, secret: str) -> str:
    return signing.dumps({"p": participant.pk, "s": secret}, salt=COOKIE_SALT)


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def participant_from_token(board: Board, token: str | None) -> Participant | None:
    """The participant a phone's cookie names, if it is genuine and of this board."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    participant = (
        Participant.objects.select_related("organisation")
        .filter(
            board=board,
            pk=_int(data.get("p")),
            user__isnull=True,
        )
        .first()
    )
    if participant is None or not secrets.compare_digest(
        participant.secret_hash, _hash(str(data.get("s")))
    ):
        return None
    return participant


def _update(
    obj: Any, *, by: Any, action: str, fields: dict[str, Any], full_clean: bool = False
) -> None:
    """Set checked fields, save, and audit what changed, in one transaction."""
    with transaction.atomic():
        before = snapshot(obj, fields)
        for name, value in fields.items():
            setattr(obj, name, value)
        if full_clean:
            obj.full_clean()
        obj.save()
        audit_record(actor=by, action=action, obj=obj, changes=diff(before, snapshot(obj, fields)))


# --- boards ------------------------------------------------------------------


def _unique_code() -> str:
    for _attempt in range(20):
        code = new_code()
        if not Board.objects.filter(code=code).exists():
            return code
    raise RuntimeError("no free board code")  # pragma: no cover - 31^6 codes


def board_create(
    *,
    lab: Lab,
    by: Any,
    method: Method,
    title: str,
    prompt: str = "",
    workshop: Workshop | None = None,
    session: Session | None = None,
    group: BreakoutGroup | None = None,
    challenge: Challenge | None = None,
) -> Board:
    """A board running `method` (its definition copied), ready to join by code."""
    title = clean(title)
    if not title:
        raise ValidationError({"title": _("Give the board a title.")})
    if method.lab_id not in (None, lab.pk):
        raise ValidationError({"method": _("This method belongs to another lab.")})
    if workshop is not None and workshop.lab_id != lab.pk:
        raise ValidationError({"workshop": _("This workshop belongs to another lab.")})
    if session is not None and (workshop is None or session.workshop_id != workshop.pk):
        raise ValidationError({"session": _("Pick a session of the board's workshop.")})
    if group is not None and (session is None or group.session_id != session.pk):
        raise ValidationError({"group": _("Pick a breakout group of the board's session.")})
    if challenge is not None and challenge.lab_id != lab.pk:
        raise ValidationError({"challenge": _("This challenge belongs to another lab.")})
    definition = fresh_copy(check_definition(method.definition))
    rules = definition["rules"]
    with transaction.atomic():
        board = Board.objects.create(
            lab=lab,
            workshop=workshop,
            session=session,
            group=group,
            challenge=challenge,
            method=method,
            title=title,
            prompt=clean(prompt),
            code=_unique_code(),
            definition=definition,
            private=rules["private"],
            anonymous=rules["anonymous"],
            dots_per_person=rules["dots_per_person"],
            notes_per_person=rules["notes_per_person"],
            round=rules["rounds"][0]["key"] if rules["rounds"] else "",
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        audit_record(
            actor=by,
            action="board.create",
            obj=board,
            changes=snapshot(board, ["title", "method", "lab", "workshop"]),
        )
    return board


def boards_create_for_groups(
    *,
    lab: Lab,
    by: Any,
    method: Method,
    title: str,
    prompt: str = "",
    workshop: Workshop | None = None,
    session: Session,
    challenge: Challenge | None = None,
) -> list[Board]:
    """One board per breakout group of `session` (30 breakout rooms is a
    real case): the same method, the title followed by the group's name.
    All of them or none: one refusal rolls the others back."""
    groups = list(BreakoutGroup.objects.filter(session=session).order_by("pk"))
    if not groups:
        raise ValidationError({"per_group": _("This session has no breakout groups yet.")})
    made = []
    with transaction.atomic():
        for group in groups:
            suffix = f" · {group.name}"
            made.append(
                board_create(
                    lab=lab,
                    by=by,
                    method=method,
                    title=f"{title[: max(1, 200 - len(suffix))]}{suffix}"[:200],
                    prompt=prompt,
                    workshop=workshop,
                    session=session,
                    group=group,
                    challenge=challenge,
                )
            )
    return made


BOARD_FIELDS = ("title", "prompt", "status", "challenge")


def board_update(*, board: Board, by: Any, **fields: Any) -> Board:
    check_known(fields, BOARD_FIELDS, "board_update")
    if "title" in fields:
        fields["title"] = clean(fields["title"])
        if not fields["title"]:
            raise ValidationError({"title": _("Give the board a title.")})
    if "prompt" in fields:
        fields["prompt"] = clean(fields["prompt"])
    if "status" in fields and fields["status"] not in Board.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    challenge = fields.get("challenge")
    if challenge is not None and challenge.lab_id != board.lab_id:
        raise ValidationError({"challenge": _("This challenge belongs to another lab.")})
    _update(board, by=by, action="board.update", fields=fields)
    transaction.on_commit(lambda: announce_state(board))
    return board


def announce_state(board: Board) -> None:
    """Tell the board's open screens its state changed outside a live
    message (closed, renamed from the board's settings page)."""
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    from boards.live.hub import ALL_BOARDS, encode
    from boards.live.operations import Event
    from boards.selectors import board_state

    event = encode(Event({"t": "board", "board": board_state(board)}))
    try:
        async_to_sync(get_channel_layer().group_send)(
            ALL_BOARDS, {"type": "board.batch", "board": board.pk, "events": [event]}
        )
    except Exception:  # the settings are saved; screens catch up on their next reload
        log.warning("board %s: state change not announced", board.pk, exc_info=True)


# --- participants ------------------------------------------------------------


def participant_join(
    *,
    board: Board,
    display_name: str,
    organisation: Organisation | None = None,
    organisation_text: str = "",
) -> tuple[Participant, str]:
    """A phone joins without an account: (participant, cookie token)."""
    display_name = clean(display_name)
    organisation_text = clean(organisation_text)
    if not display_name:
        raise ValidationError({"display_name": _("Tell the room your name (a nickname will do).")})
    if len(display_name) > 80:
        raise ValidationError({"display_name": _("At most 80 characters.")})
    if len(organisation_text) > 200:
        raise ValidationError({"organisation_text": _("At most 200 characters.")})
    if board.status != Board.Status.OPEN:
        raise ValidationError(_("This board is closed."))
    secret = secrets.token_urlsafe(24)
    participant = Participant.objects.create(
        board=board,
        display_name=display_name,
        organisation=organisation,
        organisation_text="" if organisation else organisation_text,
        secret_hash=_hash(secret),
    )
    return participant, participant_token(participant, secret)


def participant_for_user(*, board: Board, user: Any) -> Participant:
    """A signed-in person joins as themselves (once per board)."""
    existing = (
        Participant.objects.select_related("organisation").filter(board=board, user=user).first()
    )
    if existing is not None:
        return existing
    person = getattr(user, "person", None)
    organisation = None
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    if person is not None:
        name = str(person)
        affiliation = (
            person.affiliations.filter(end_date__isnull=True).select_related("organisation").first()
            if hasattr(person, "affiliations")
            else None
        )
        organisation = affiliation.organisation if affiliation is not None else None
    name = clean(name) or str(user.email).split("@")[0]
    try:
        with transaction.atomic():
            return Participant.objects.create(
                board=board,
                user=user,
                person=person,
                display_name=name[:80],
                organisation=organisation,
            )
    except IntegrityError:  # a second tab joined at the same moment
        return Participant.objects.select_related("organisation").get(board=board, user=user)


def participant_link(
    *, participant: Participant, organisation: Organisation | None, by: Any
) -> Participant:
    """A facilitator links the organisation a participant typed to the
    directory (or unlinks it), so the network counts them for it."""
    with transaction.atomic():
        before = participant.organisation_id
        participant.organisation = organisation
        participant.save(update_fields=["organisation"])
        audit_record(
            actor=by,
            action="participant.link",
            obj=participant,
            changes={
                "organisation": [before, organisation.pk if organisation else None],
                "typed": participant.organisation_text,
            },
        )
    return participant


def participant_touch(*, participant_id: int) -> None:
    Participant.objects.filter(pk=participant_id).update(last_seen_at=timezone.now())


# --- methods -----------------------------------------------------------------

METHOD_FIELDS = ("key", "name_th", "name_en", "description_th", "description_en", "definition")


def method_create(*, lab: Lab, by: Any, **fields: Any) -> Method:
    """A lab's own method; its definition is checked (boards.methods)."""
    check_known(fields, METHOD_FIELDS, "method_create")
    definition = check_definition(fields.pop("definition", None))
    method = Method(
        lab=lab,
        definition=definition,
        **{k: clean(v) if isinstance(v, str) else v for k, v in fields.items()},
    )
    method.full_clean()
    with transaction.atomic():
        method.save()
        audit_record(actor=by, action="method.create", obj=method, changes={"key": method.key})
    return method


def method_update(*, method: Method, by: Any, **fields: Any) -> Method:
    check_known(fields, METHOD_FIELDS, "method_update")
    if method.lab_id is None:
        raise ValidationError(_("Built-in methods cannot be changed; copy one into your lab."))
    if "definition" in fields:
        fields["definition"] = check_definition(fields["definition"])
    fields = {k: clean(v) if isinstance(v, str) else v for k, v in fields.items()}
    _update(method, by=by, action="method.update", fields=fields, full_clean=True)
    return method


def method_delete(*, method: Method, by: Any) -> None:
    if method.lab_id is None:
        raise ValidationError(_("Built-in methods cannot be deleted."))
    if Board.objects.filter(method=method).exists():
        raise ValidationError(_("Boards use this method; it cannot be deleted."))
    with transaction.atomic():
        audit_record(actor=by, action="method.delete", obj=method)
        method.delete()


# --- personas ----------------------------------------------------------------

PERSONA_FIELDS = ("name", "fields", "vulnerable_groups")


def persona_update(*, persona: Persona, by: Any, **fields: Any) -> Persona:
    check_known(fields, PERSONA_FIELDS, "persona_update")
    if "name" in fields:
        fields["name"] = clean(fields["name"])
        if not fields["name"]:
            raise ValidationError({"name": _("Give the persona a name.")})
    persona.updated_at = timezone.now()
    _update(persona, by=by, action="persona.update", fields=fields)
    return persona


def persona_delete(*, persona: Persona, by: Any) -> None:
    with transaction.atomic():
        audit_record(actor=by, action="persona.delete", obj=persona)
        persona.delete()
