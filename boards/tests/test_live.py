"""The board websocket end to end through the ASGI application (in-memory
channel layer, the hub's batching included)."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from boards.live.hub import batch_text, encode, texts_for
from boards.live.operations import Event
from boards.models import Note
from boards.tests.conftest import connect, phone, receive_until, run, session_cookie

pytestmark = [pytest.mark.usefixtures("migration_data"), pytest.mark.django_db(transaction=True)]


def note(cid: str, text: str = "ความหวังของห้อง", zone: str = "hopes", ref: str = "r") -> dict:
    return {"type": "note.add", "ref": ref, "id": cid, "zone": zone, "text": text}


def test_a_phone_without_its_cookie_is_refused(board):
    b = board()
    _, cookie = phone(b)
    other = board(title="อีกกระดาน")

    async def scenario():
        assert await connect(b, None) is None
        # A cookie of one board does not open another.
        name, value = cookie[1].decode().split("=", 1)
        forged = (b"cookie", f"saphan_board_{other.pk}={value}".encode())
        assert await connect(other, forged) is None
        assert await connect(b, (b"cookie", f"{name}=tampered{value}".encode())) is None

    run(scenario)


def test_bad_frames_get_an_error_and_the_socket_stays_open(board):
    b = board()
    _, cookie = phone(b)

    async def scenario():
        ws = await connect(b, cookie)
        await ws.receive_json_from()
        await ws.send_to(text_data="{not json")
        assert (await ws.receive_json_from())["code"] == "invalid_json"
        await ws.send_to(text_data=json.dumps({"type": "board.set", "ref": "f1", "locked": True}))
        error = await ws.receive_json_from()
        assert error == {
            "t": "error",
            "ref": "f1",
            "code": "forbidden",
            "message": error["message"],
        }
        await ws.send_to(bytes_data=b"\xff\xfe")
        assert (await ws.receive_json_from())["code"] == "invalid_json"
        await ws.send_json_to({"type": "ping", "ref": "p"})
        assert (await ws.receive_json_from()) == {"t": "ack", "ref": "p", "pong": True}
        await ws.disconnect()

    run(scenario)


def test_a_flood_from_one_phone_is_slowed_down_not_obeyed(board):
    b = board("idea-voting")
    _, cookie = phone(b)

    async def scenario():
        ws = await connect(b, cookie)
        await ws.receive_json_from()
        for n in range(40):
            await ws.send_json_to({"type": "ping", "ref": str(n)})
        codes = []
        for _ in range(40):
            message = await ws.receive_json_from()
            codes.append(message.get("code") or message["t"])
        assert codes.count("rate") >= 10 and codes.count("ack") >= 20
        await ws.disconnect()

    run(scenario)


def test_private_mode_over_the_wire(board, dana):
    b = board()
    _, writer_cookie = phone(b, "ผู้เขียน")
    _, reader_cookie = phone(b, "ผู้อ่าน")
    facilitator_cookie = session_cookie(dana)

    async def scenario():
        facilitator = await connect(b, facilitator_cookie)
        writer = await connect(b, writer_cookie)
        reader = await connect(b, reader_cookie)
        for ws in (facilitator, writer, reader):
            assert (await ws.receive_json_from())["t"] == "snapshot"
        await facilitator.send_json_to({"type": "board.set", "ref": "p", "private": True})
        await receive_until(reader, lambda e: e.get("t") == "board" and e["board"]["private"])
        await writer.send_json_to(note("secret-note-1", "ความคิดส่วนตัว"))
        seen = await receive_until(facilitator, lambda e: e.get("t") == "note")
        assert seen["note"]["text"] == "ความคิดส่วนตัว"
        masked = await receive_until(reader, lambda e: e.get("t") == "note")
        assert masked["note"]["masked"] is True and "text" not in masked["note"]
        await facilitator.send_json_to({"type": "board.set", "ref": "r", "private": False})
        revealed = await receive_until(reader, lambda e: e.get("t") == "notes")
        assert revealed["notes"][0]["text"] == "ความคิดส่วนตัว"
        for ws in (facilitator, writer, reader):
            await ws.disconnect()

    run(scenario)


def test_the_projector_needs_a_facilitator_and_only_shows(board, dana, erin):
    b = board()
    erin_cookie, dana_cookie = session_cookie(erin), session_cookie(dana)

    async def scenario():
        assert await connect(b, erin_cookie, projector=True) is None
        projector = await connect(b, dana_cookie, projector=True)
        snap = await projector.receive_json_from()
        assert snap["me"]["sees_all"] is False
        await projector.send_json_to(note("from-projector"))
        assert (await projector.receive_json_from())["code"] == "forbidden"
        await projector.disconnect()

    run(scenario)
    assert not Note.objects.exists()


def test_a_signed_in_member_joins_as_themselves(board, erin):
    b = board()
    cookie = session_cookie(erin)

    async def scenario():
        ws = await connect(b, cookie)
        snap = await ws.receive_json_from()
        assert snap["me"]["name"] == "เอริน" and snap["me"]["facilitator"] is False
        await ws.disconnect()

    run(scenario)
    assert b.participants.get().user == erin


def test_a_resent_note_after_a_reconnect_is_stored_once(board):
    b = board()
    _, cookie = phone(b)

    async def scenario():
        ws = await connect(b, cookie)
        await ws.receive_json_from()
        await ws.send_json_to(note("offline-once", ref="a"))
        first = await receive_until(ws, lambda e: e.get("t") == "ack")
        await ws.disconnect()
        again = await connect(b, cookie)
        snap = await again.receive_json_from()
        assert [n["cid"] for n in snap["notes"]] == ["offline-once"]
        await again.send_json_to(note("offline-once", ref="b"))
        second = await receive_until(again, lambda e: e.get("t") == "ack")
        assert second["note"] == first["note"] and second["duplicate"] is True
        await again.disconnect()

    run(scenario)
    assert Note.objects.count() == 1


def test_one_batch_text_is_shared_by_screens_that_see_the_same():
    class Screen:
        def __init__(self, pid, sees_all=False):
            self.participant_id, self.sees_all = pid, sees_all

    public = encode(Event({"t": "note", "note": {"id": 1}}))
    private = encode(
        Event(
            {"t": "note", "note": {"id": 2}},
            to=frozenset({7}),
            masked={"t": "note", "note": {"id": 2, "masked": True}},
        )
    )
    dots = encode(Event({"t": "dots", "note": 1, "mine": 1}, to=frozenset({7}), staff=False))
    author, other, staff = Screen(7), Screen(8), Screen(9, sees_all=True)
    texts = texts_for([public, private, dots], [author, other, staff])
    assert json.loads(texts[author])["events"][1]["note"] == {"id": 2}
    assert json.loads(texts[author])["events"][2]["t"] == "dots"
    assert json.loads(texts[other])["events"][1]["note"]["masked"] is True
    assert [e["t"] for e in json.loads(texts[staff])["events"]] == ["note", "note"]
    everyone = texts_for([public], [author, other])
    assert everyone[author] is everyone[other] and everyone[author] == batch_text([public["p"]])


def test_a_closed_board_admits_who_took_part_not_newcomers(board, charlie, migration_data):
    from boards.models import Board

    b = board()
    _, cookie = phone(b, "เคยร่วม")
    Board.objects.filter(pk=b.pk).update(status=Board.Status.CLOSED, updated_at=timezone.now())
    newcomer = session_cookie(charlie)

    async def scenario():
        assert await connect(b, newcomer) is None
        ws = await connect(b, cookie)
        assert (await ws.receive_json_from())["t"] == "snapshot"
        await ws.disconnect()

    run(scenario)
    assert not b.participants.filter(user=charlie).exists()
