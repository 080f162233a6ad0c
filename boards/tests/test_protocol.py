"""Client frames are checked for shape before anything touches the database."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from boards.live.protocol import MAX_FRAME_BYTES, ProtocolError, parse


def frame(**message):
    return json.dumps(message, ensure_ascii=False)


def refused(text) -> ProtocolError:
    with translation.override("en"), pytest.raises(ProtocolError) as caught:
        parse(text)
    return caught.value


def test_a_good_note_is_parsed_with_its_ref():
    kind, ref, fields = parse(
        frame(type="note.add", ref="r-1", id="abcdef12", zone="hopes", text=" ความหวัง ")
    )
    assert kind == "note.add" and ref == "r-1"
    assert fields == {"id": "abcdef12", "zone": "hopes", "text": "ความหวัง"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (None, "invalid_json"),
        ("not json", "invalid_json"),
        ("[1, 2]", "invalid_json"),
        (frame(type="nope"), "unknown_type"),
        (frame(ref="x"), "unknown_type"),
        (frame(type="note.add", id="abcdef12", zone="hopes"), "invalid"),
        (frame(type="note.add", id="short", zone="hopes", text="x"), "invalid"),
        (frame(type="note.add", id="abcdef12", zone="Hopes!", text="x"), "invalid"),
        (frame(type="note.add", id="abcdef12", zone="hopes", text="   "), "invalid"),
        (frame(type="note.add", id="abcdef12", zone="hopes", text="x" * 2001), "invalid"),
        (frame(type="note.add", id="abcdef12", zone="hopes", text="x", x=2), "invalid"),
        (frame(type="note.add", id="abcdef12", zone="hopes", text="x", color="red"), "invalid"),
        (frame(type="note.edit", note=-1), "invalid"),
        (frame(type="note.edit", note=True), "invalid"),
        (frame(type="note.edit", note="3"), "invalid"),
        (frame(type="vote.add", id="abcdef12", note=1.5), "invalid"),
        (frame(type="theme.split", theme=1, notes="1,2"), "invalid"),
        (
            frame(type="note.add", id="abcdef12", zone="z", text="x", fields={"Bad Key": "v"}),
            "invalid",
        ),
        (
            frame(type="note.add", id="abcdef12", zone="z", text="x", fields={"age": {"deep": 1}}),
            "invalid",
        ),
        (frame(type="note.add", id="abcdef12", zone="z", text="x", tags=["ok"] * 21), "invalid"),
        (frame(type="ping", ref="x" * 65), "invalid"),
    ],
)
def test_bad_frames_are_refused_with_a_code(text, code):
    assert refused(text).code == code


def test_the_error_says_which_field_in_the_users_language():
    error = refused(frame(type="note.add", ref="r9", id="abcdef12", zone="hopes"))
    assert error.ref == "r9"
    assert "text" in error.message and "required" in error.message
    with translation.override("th"), pytest.raises(ProtocolError) as caught:
        parse(frame(type="nope"))
    assert caught.value.message == "ไม่รู้จักชนิดของข้อความ"


def test_a_frame_too_large_is_refused_before_parsing():
    error = refused("x" * (MAX_FRAME_BYTES + 1))
    assert error.code == "too_large"


def test_bytes_frames_are_read_as_utf8():
    kind, _ref, fields = parse(frame(type="note.move", note=4, zone="fears", x=0.5, y=1).encode())
    assert kind == "note.move" and fields == {"note": 4, "zone": "fears", "x": 0.5, "y": 1.0}
