"""The baseline of the live-board load benchmark: a bare ASGI broadcast.

    daphne -b 127.0.0.1 -p 8001 bench.bare_broadcast:application

No Channels, no Django, no database: a websocket joins the room named by its
path, and every text frame it sends is written at once, as one frame, to
every socket in that room (its own included, so the sender sees its note
arrive the way every other client does); a dot (`vote.add`) goes back to its
sender only, as a Saphan board shows dots while results are hidden. No
batching, no validation. Any
HTTP request is answered 200, so the benchmark can wait for the server the
same way it waits for Saphan's /healthz.

It is what the same traffic costs when the server does nothing but move
frames: bench/boards_load.py serves it with the same Daphne and drives it
with the same clients and schedule.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

rooms: dict[str, set[Send]] = {}


async def _http(receive: Receive, send: Send) -> None:
    while True:  # read the whole request body before answering
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body"):
            break
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": b'{"status":"ok"}'})


async def _websocket(scope: dict[str, Any], receive: Receive, send: Send) -> None:
    room_name = str(scope.get("path", "/"))
    room: set[Send] | None = None
    try:
        while True:
            message = await receive()
            kind = message["type"]
            if kind == "websocket.connect":
                await send({"type": "websocket.accept"})
                room = rooms.setdefault(room_name, set())
                room.add(send)
            elif kind == "websocket.receive":
                text = message.get("text")
                if text is None or room is None:
                    continue
                frame = {"type": "websocket.send", "text": text}
                if text.startswith('{"type":"vote.'):
                    # A dot is seen by its voter only while results are hidden,
                    # as on a Saphan board: no need to tell the room.
                    await send(frame)
                    continue
                for other in list(room):
                    try:
                        await other(frame)
                    except Exception:  # a socket closing meanwhile
                        room.discard(other)
            elif kind == "websocket.disconnect":
                break
    finally:
        if room is not None:
            room.discard(send)
            if not room:
                rooms.pop(room_name, None)


async def application(scope: dict[str, Any], receive: Receive, send: Send) -> None:
    if scope["type"] == "http":
        await _http(receive, send)
    elif scope["type"] == "websocket":
        await _websocket(scope, receive, send)
    elif scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
