"""Whatever a phone sends, the board answers it once and stays up for everyone.

Hundreds of frames made from a fixed random seed (so a failure repeats):
broken JSON, JSON that is not an object, deep nesting, binary and non-UTF-8
frames, every message type with values of every wrong kind, lone surrogates,
ids that do not exist, facilitator messages from a participant. After each
frame a ping follows; exactly one answer (an ack or an error) must arrive
before the ping's own ack, except for a well-formed `sync`, which a snapshot
answers (at once, or a little later when the socket asked a moment ago). Then another phone still
sees a note the first one adds: nothing sent broke the board for others.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from boards.live.protocol import MAX_FRAME_BYTES, SPECS
from boards.tests.conftest import connect, phone, receive_until, run

pytestmark = [pytest.mark.usefixtures("migration_data"), pytest.mark.django_db(transaction=True)]

SEED = 20261121
FRAMES = 300
ANSWERS = {"ack", "error"}

# Values of every kind, right and wrong, for any field.
VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1,
    7,
    2**31,
    2**70,
    -(2**70),
    0.5,
    1.5,
    -0.0,
    float("nan"),
    float("inf"),
    "",
    " ",
    "ideas",
    "hopes",
    "abcdef12",
    "x" * 65,
    "ความหวัง",
    "\u0000",
    "\ud800",
    "\u200b\u200b",
    "a" * 3000,
    [],
    [1, 2, 3],
    ["hopes", "fears"],
    [None],
    {},
    {"a": 1},
    {"ideas": "x"},
    {"quote": ["a"]},
    [[[]]],
]


TEXTS = ["ความหวัง", "  ", "x" * 281, "\ud800 ข้อความ", "a\u0000b", "\u200b", "เ" * 5, "ok"]


def fitting_value(kind: str, rng: random.Random, notes: list[int]) -> Any:
    """A value of the field's kind, often right for the board, sometimes not."""
    kind = kind.rstrip("?")
    if kind == "id":
        return rng.choice([*notes, *notes, 1, 2**31 - 1])
    if kind == "cid":
        return f"fz{rng.randrange(10**8):08d}"
    if kind == "key":
        return rng.choice(["ideas", "ideas", "hopes", "start", "stop", "green", "z9"])
    if kind in ("text", "label"):
        return rng.choice(TEXTS)
    if kind == "pos":
        return rng.choice([0, 0.5, 1, None])
    if kind == "bool":
        return rng.choice([True, False])
    if kind == "int":
        return rng.choice([0, 1, 3, 60, 86400])
    if kind == "ids":
        return rng.sample(notes, k=min(len(notes), rng.randint(0, 3)))
    if kind == "tags":
        return rng.choice([[], ["x"], ["a", "a"]])
    if kind == "fields":
        return rng.choice([{}, {"quote": "x"}, {"name": ["a"]}])
    raise AssertionError(kind)


def random_frame(rng: random.Random, notes: list[int]) -> str | bytes:
    """One frame a careless or hostile client might send."""
    if rng.random() < 0.4:
        # Well formed, with values of the right kinds: it reaches the board's
        # own checks (own note, facilitator, limits) and the database.
        kind = rng.choice(list(SPECS))
        spec = SPECS[kind]
        message: dict[str, Any] = {"type": kind, "ref": f"ok-{rng.randrange(1000)}"}
        for name, field_kind in spec.fields.items():
            if name in spec.required or rng.random() < 0.5:
                message[name] = fitting_value(field_kind, rng, notes)
        return json.dumps(message, ensure_ascii=True)
    roll = rng.random()
    if roll < 0.05:
        return rng.choice(["", "{", "}", "null", "[]", "123", '"text"', "[1, 2]", "{'a': 1}"])
    if roll < 0.08:
        depth = rng.choice([100, 1000, 10_000, MAX_FRAME_BYTES // 2 - 10])
        return rng.choice(["[", '{"a":']) * depth
    if roll < 0.10:
        return rng.choice([b"\x00\x01\x02", b"\xff\xfe\xfd", b'{"type":"ping"}', b""])
    if roll < 0.12:
        return json.dumps({"type": "note.add", "text": "x" * (MAX_FRAME_BYTES + 10)})
    message = {}
    kinds = [*SPECS, "nope", "", "note", "__proto__"]
    if rng.random() < 0.95:
        message["type"] = rng.choice(kinds) if rng.random() < 0.9 else rng.choice(VALUES)
    if rng.random() < 0.9:
        message["ref"] = rng.choice(["r", "r-1", 5, "x" * 70, None, True, [], {}])
    kind_sent = message.get("type")
    fields = SPECS[kind_sent].fields if isinstance(kind_sent, str) and kind_sent in SPECS else {}
    names = list(fields) or ["id", "note", "text", "zone"]
    for name in rng.sample(names, k=rng.randint(0, len(names))):
        message[name] = rng.choice(VALUES)
    if rng.random() < 0.1:
        message[rng.choice(["extra", "type2", "ref ", "\u0000"])] = rng.choice(VALUES)
    text = json.dumps(message, ensure_ascii=rng.random() < 0.5)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # A websocket text frame is UTF-8: a lone surrogate can only come
        # escaped in the JSON ("\\ud800"), and json.loads will make it one.
        text = json.dumps(message, ensure_ascii=True)
    return text


def asks_for_sync(frame: str | bytes) -> bool:
    try:
        message = json.loads(frame)
    except (ValueError, RecursionError):
        return False
    return isinstance(message, dict) and message.get("type") == "sync"


async def answers_before_ping(communicator, ref: str) -> list[dict[str, Any]]:
    """The answers (not batches, not snapshots) that arrive before the ack of ping `ref`."""
    answers: list[dict[str, Any]] = []
    while True:
        message = await communicator.receive_json_from(timeout=10)
        if message.get("t") in ("batch", "snapshot"):
            # Snapshots answer `sync`, at most one per socket every few
            # seconds: one may come now, or later for several asks.
            continue
        if message.get("t") == "ack" and message.get("ref") == ref and message.get("pong"):
            return answers
        answers.append(message)


def test_random_frames_get_one_answer_each_and_break_nothing(board, monkeypatch):
    from boards.live import consumers

    # The limit of messages per second is tested elsewhere; here every frame
    # must reach the parser.
    monkeypatch.setattr(consumers, "RATE_BURST", 100_000)
    b = board("idea-voting")
    _, cookie = phone(b, "ผู้ทดสอบ")
    _, cookie_other = phone(b, "อีกคน")
    rng = random.Random(SEED)

    async def scenario():
        a = await connect(b, cookie)
        other = await connect(b, cookie_other)
        await a.receive_json_from()
        await other.receive_json_from()
        # Notes to aim at: two of this phone's, one of the other's.
        notes = []
        for sender, cid in ((a, "fuzz-mine-1"), (a, "fuzz-mine-2"), (other, "fuzz-other")):
            await sender.send_json_to(
                {"type": "note.add", "ref": cid, "id": cid, "zone": "ideas", "text": cid}
            )
            notes.append(
                (await receive_until(sender, lambda e, cid=cid: e.get("ref") == cid))["note"]
            )
        # Well-formed messages whose text no database can store as it is.
        nasty = [
            json.dumps({"type": kind, "ref": f"nasty-{n}", **fields, "text": text})
            for n, text in enumerate(["\ud800", "ok \udfff", "a\u0000b"])
            for kind, fields in (
                ("note.add", {"id": f"nasty{n:04d}", "zone": "ideas"}),
                ("note.edit", {"note": notes[0]}),
                ("comment.add", {"id": f"nastyc{n:03d}", "note": notes[2]}),
            )
        ]
        frames = [random_frame(rng, notes) for _ in range(FRAMES)] + nasty
        codes: dict[str, int] = {}
        for n, frame in enumerate(frames):
            # As the server hands a frame over, empty ones included.
            key = "bytes" if isinstance(frame, bytes) else "text"
            await a.send_input({"type": "websocket.receive", key: frame})
            await a.send_json_to({"type": "ping", "ref": f"ping-{n}"})
            answers = await answers_before_ping(a, f"ping-{n}")
            if not answers and asks_for_sync(frame):
                continue  # answered by a snapshot, now or a little later
            assert len(answers) == 1, (frame[:200], answers)
            answer = answers[0]
            assert answer["t"] in ANSWERS, (frame[:200], answer)
            if answer["t"] == "error":
                assert answer["code"] and answer["message"], (frame[:200], answer)
                codes[answer["code"]] = codes.get(answer["code"], 0) + 1
        # Nothing the server could not handle (a crash answered as a server error).
        assert "server_error" not in codes, codes

        # The board still works, for this phone and for the other one.
        await a.send_json_to(
            {
                "type": "note.add",
                "ref": "last",
                "id": "after-the-fuzz",
                "zone": "ideas",
                "text": "ยังใช้ได้",
            }
        )
        ack = await receive_until(a, lambda e: e.get("ref") == "last")
        assert ack["t"] == "ack", ack
        seen = await receive_until(
            other, lambda e: e.get("t") == "note" and e["note"]["cid"] == "after-the-fuzz"
        )
        assert seen["note"]["text"] == "ยังใช้ได้"
        await a.disconnect()
        await other.disconnect()

    run(scenario)
