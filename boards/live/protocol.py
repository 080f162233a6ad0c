"""The websocket protocol of a board: what a client may send, checked before
anything touches the database.

A client message is a JSON object `{"type": ..., "ref": ..., ...}`; `ref`
is the client's own reference (echoed in the answer). Every message gets
exactly one answer: `{"t": "ack", "ref", ...}` or `{"t": "error", "ref",
"code", "message"}` with the message in the participant's language. Changes
reach every screen as `{"t": "batch", "events": [...]}` (see hub.py).

The checks here are about shape: type, size, kinds of values. Whether the
sender may do it (their own note, a facilitator, the board locked) is
decided by operations.py, which sees the board.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

MAX_FRAME_BYTES = 32 * 1024
MAX_TEXT = 2000
MAX_FIELD_TEXT = 1000
MAX_TAGS = 20
CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{6,64}$")
REF = re.compile(r"^[A-Za-z0-9_.:-]{0,64}$")
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_UNPAIRED = re.compile("[\ud800-\udfff]")  # half of a UTF-16 pair, alone: not text


class ProtocolError(Exception):
    """A message refused; `code` for programs, `message` for people."""

    def __init__(self, code: str, message: str, ref: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.ref = ref


@dataclass(frozen=True)
class Spec:
    """The fields of one message type: name -> kind, and which are required."""

    fields: dict[str, str]
    required: tuple[str, ...] = ()
    facilitator: bool = False  # only a facilitator may send it
    writes: bool = True  # refused on a locked board (for participants) and a closed one


# Field kinds: id (positive int), id? (int or null), cid (client id), key,
# key? (key or null), text, text? (text or empty), fields (object of short
# texts or tag lists), tags (list of keys), pos (0..1 float or null), int,
# bool, ids (list of ids), label.
SPECS: dict[str, Spec] = {
    "ping": Spec({}, writes=False),
    "sync": Spec({}, writes=False),
    "note.add": Spec(
        {
            "id": "cid",
            "zone": "key",
            "text": "text",
            "fields": "fields",
            "tags": "tags",
            "x": "pos",
            "y": "pos",
            "organisation": "id?",
            "person": "id?",
        },
        required=("id", "zone", "text"),
    ),
    "note.edit": Spec(
        {
            "note": "id",
            "text": "text",
            "fields": "fields",
            "tags": "tags",
            "organisation": "id?",
            "person": "id?",
        },
        required=("note",),
    ),
    "note.move": Spec(
        {"note": "id", "zone": "key", "x": "pos", "y": "pos", "theme": "id?"},
        required=("note",),
    ),
    "note.delete": Spec({"note": "id"}, required=("note",)),
    "note.link": Spec({"source": "id", "target": "id"}, required=("source", "target")),
    "note.unlink": Spec({"source": "id", "target": "id"}, required=("source", "target")),
    "vote.add": Spec({"id": "cid", "note": "id"}, required=("id", "note")),
    "vote.remove": Spec({"note": "id"}, required=("note",)),
    "comment.add": Spec(
        {"id": "cid", "note": "id", "text": "text"}, required=("id", "note", "text")
    ),
    "comment.delete": Spec({"comment": "id"}, required=("comment",)),
    # Facilitation.
    "board.set": Spec(
        {
            "locked": "bool",
            "private": "bool",
            "anonymous": "bool",
            "votes_revealed": "bool",
            "dots_per_person": "int",
            "notes_per_person": "int?",
            "round": "key?",
            "spotlight": "id?",
        },
        facilitator=True,
        writes=False,
    ),
    "timer": Spec(
        {"action": "key", "seconds": "int"}, required=("action",), facilitator=True, writes=False
    ),
    "board.redirect": Spec({"board": "id?"}, facilitator=True, writes=False),
    "note.hide": Spec(
        {"note": "id", "hidden": "bool"},
        required=("note", "hidden"),
        facilitator=True,
        writes=False,
    ),
    "note.remove": Spec({"note": "id"}, required=("note",), facilitator=True, writes=False),
    "note.mark": Spec(
        {"note": "id", "outcome": "key?"}, required=("note",), facilitator=True, writes=False
    ),
    "zone.add": Spec(
        {"name_th": "label", "name_en": "label", "color": "key"},
        required=("name_th",),
        facilitator=True,
        writes=False,
    ),
    "zone.rename": Spec(
        {"zone": "key", "name_th": "label", "name_en": "label"},
        required=("zone", "name_th"),
        facilitator=True,
        writes=False,
    ),
    "zone.delete": Spec({"zone": "key"}, required=("zone",), facilitator=True, writes=False),
    "round.add": Spec({"round": "key"}, required=("round",), facilitator=True, writes=False),
    "cluster.run": Spec({"zone": "key"}, facilitator=True, writes=False),
    "theme.add": Spec(
        {"label": "label", "notes": "ids"}, required=("label",), facilitator=True, writes=False
    ),
    "theme.rename": Spec(
        {"theme": "id", "label": "label"},
        required=("theme", "label"),
        facilitator=True,
        writes=False,
    ),
    "theme.merge": Spec(
        {"theme": "id", "into": "id"}, required=("theme", "into"), facilitator=True, writes=False
    ),
    "theme.split": Spec(
        {"theme": "id", "notes": "ids", "label": "label"},
        required=("theme", "notes"),
        facilitator=True,
        writes=False,
    ),
    "theme.delete": Spec({"theme": "id"}, required=("theme",), facilitator=True, writes=False),
    "participant.link": Spec(
        {"participant": "id", "organisation": "id?"},
        required=("participant",),
        facilitator=True,
        writes=False,
    ),
}


def _bad(field: str, what: str) -> ProtocolError:
    return ProtocolError("invalid", _("%(field)s: %(what)s") % {"field": field, "what": what})


def _text(field: str, value: Any, limit: int, *, blank: bool) -> str:
    if not isinstance(value, str):
        raise _bad(field, _("must be text."))
    value = value.strip()
    if not value and not blank:
        raise _bad(field, _("must not be empty."))
    if len(value) > limit:
        raise _bad(field, _("at most %(limit)d characters.") % {"limit": limit})
    if "\x00" in value or not value.isascii() and _UNPAIRED.search(value):
        # JSON may escape them ("\\ud800", "\\u0000"); no database stores them.
        raise _bad(field, _("contains characters that cannot be stored."))
    return value


def _id(field: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise _bad(field, _("must be a positive whole number."))
    return value


def _clean_value(field: str, kind: str, value: Any) -> Any:
    if kind.endswith("?") and value is None:
        return None
    kind = kind.rstrip("?")
    if kind == "id":
        return _id(field, value)
    if kind == "cid":
        if not isinstance(value, str) or not CLIENT_ID.match(value):
            raise _bad(field, _("must be 6 to 64 letters, digits, - or _."))
        return value
    if kind == "key":
        if not isinstance(value, str) or not KEY.match(value):
            raise _bad(field, _("unknown value."))
        return value
    if kind == "text":
        return _text(field, value, MAX_TEXT, blank=False)
    if kind == "label":
        return _text(field, value, 200, blank=False)
    if kind == "bool":
        if not isinstance(value, bool):
            raise _bad(field, _("must be true or false."))
        return value
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 86400:
            raise _bad(field, _("must be a whole number from 0 to 86400."))
        return value
    if kind == "pos":
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise _bad(field, _("must be a number from 0 to 1."))
        return float(value)
    if kind == "ids":
        if not isinstance(value, list) or len(value) > 2000:
            raise _bad(field, _("must be a list of at most 2000 notes."))
        return [_id(field, item) for item in value]
    if kind == "tags":
        if not isinstance(value, list) or len(value) > MAX_TAGS:
            raise _bad(field, _("at most %(limit)d tags.") % {"limit": MAX_TAGS})
        return [_clean_value(field, "key", item) for item in value]
    if kind == "fields":
        if not isinstance(value, dict) or len(value) > 40:
            raise _bad(field, _("must be an object of at most 40 fields."))
        out: dict[str, Any] = {}
        for key, item in value.items():
            _clean_value(field, "key", key)
            if isinstance(item, list):
                out[key] = _clean_value(f"{field}.{key}", "tags", item)
            else:
                out[key] = _text(f"{field}.{key}", item, MAX_FIELD_TEXT, blank=True)
        return out
    raise AssertionError(kind)  # pragma: no cover - a spec typo


def parse(frame: str | bytes | None) -> tuple[str, str, dict[str, Any]]:
    """(type, ref, cleaned fields) of a client frame, or ProtocolError."""
    if frame is None:
        raise ProtocolError("invalid_json", _("Send text frames of JSON."))
    size = len(frame.encode("utf-8")) if isinstance(frame, str) else len(frame)
    if size > MAX_FRAME_BYTES:
        raise ProtocolError(
            "too_large",
            _("The message is too large (at most %(kb)d KB).") % {"kb": MAX_FRAME_BYTES // 1024},
        )
    try:
        message = json.loads(frame)
    except (ValueError, UnicodeDecodeError, RecursionError):  # nesting too deep is refused too
        raise ProtocolError("invalid_json", _("The message is not valid JSON.")) from None
    if not isinstance(message, dict):
        raise ProtocolError("invalid_json", _("The message must be a JSON object."))
    ref = message.get("ref", "")
    if not isinstance(ref, str | int) or isinstance(ref, bool) or not REF.match(str(ref)):
        raise ProtocolError("invalid", _("ref: at most 64 letters, digits, and . : - _"))
    ref = str(ref)
    try:
        return _parse_fields(message, ref)
    except ProtocolError as error:
        error.ref = ref
        raise


def _parse_fields(message: dict[str, Any], ref: str) -> tuple[str, str, dict[str, Any]]:
    kind = message.get("type")
    spec = SPECS.get(kind) if isinstance(kind, str) else None
    if spec is None:
        raise ProtocolError("unknown_type", _("Unknown message type."))
    fields: dict[str, Any] = {}
    for name, value in message.items():
        if name in ("type", "ref"):
            continue
        if name not in spec.fields:
            raise _bad(name, _("not expected in this message."))
        fields[name] = _clean_value(name, spec.fields[name], value)
    for name in spec.required:
        if name not in fields:
            raise _bad(name, _("is required."))
    return str(kind), ref, fields
