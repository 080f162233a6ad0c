"""Fan-out of board events: one hub per server process.

Sending each event to each socket through the channel layer costs about
5,000 deliveries per CPU-second in Python, and a plenary board of 300 phones
writing a note every 5 s would need 18,000. So:

- an operation's events are not sent at once: the hub gathers them per
  board and sends them once per tick (`BOARD_TICK_MS`, 40 ms by default);
- a tick's batch goes through the channel layer once per *process* that has
  screens on the board (the hub's own channel joins the board's group), not
  once per screen;
- inside the process the hub writes the batch to each local socket itself.
  Events are JSON-encoded once when published; a batch for the screens that
  see the same thing is assembled once and the same text written to each.

With the in-memory layer (one process) this is the same path, so the tests
exercise it; with Redis, several processes each receive every batch once.

A screen that connects joins the hub before it reads its snapshot, and holds
the batches that arrive meanwhile until the snapshot is sent, so it misses
nothing; events are idempotent (notes carry versions) so seeing one twice
is harmless.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Protocol

from channels.layers import get_channel_layer
from django.conf import settings

from boards.live.operations import Event

log = logging.getLogger(__name__)


class Screen(Protocol):
    """What the hub needs of a connected socket (the consumer)."""

    participant_id: int
    sees_all: bool

    async def deliver(self, text: str) -> None: ...


# Every process's hub is in this one group: each receives every board's
# batches and delivers those of the boards it has screens for.
ALL_BOARDS = "boards"


def encode(event: Event) -> dict[str, Any]:
    """An event as it travels the channel layer: payloads already JSON."""
    return {
        "p": json.dumps(event.payload, ensure_ascii=False, separators=(",", ":")),
        "to": None if event.to is None else sorted(event.to),
        "s": event.staff,
        "m": None
        if event.masked is None
        else json.dumps(event.masked, ensure_ascii=False, separators=(",", ":")),
    }


def batch_text(parts: Iterable[str]) -> str:
    return '{"t":"batch","events":[' + ",".join(parts) + "]}"


def texts_for(events: list[dict[str, Any]], screens: list[Screen]) -> dict[Screen, str]:
    """The batch each screen gets, assembled once per distinct view."""
    if all(event["to"] is None for event in events):
        text = batch_text(event["p"] for event in events)
        return dict.fromkeys(screens, text)
    targeted: set[int] = set()
    for event in events:
        if event["to"] is not None:
            targeted.update(event["to"])
    cache: dict[tuple[bool, int], str | None] = {}
    out: dict[Screen, str] = {}
    for screen in screens:
        key = (screen.sees_all, screen.participant_id if screen.participant_id in targeted else 0)
        if key not in cache:
            parts = []
            for event in events:
                to = event["to"]
                if to is None or key[1] in to or (key[0] and event["s"]):
                    parts.append(event["p"])
                elif event["m"] is not None:
                    parts.append(event["m"])
            cache[key] = batch_text(parts) if parts else None
        cached = cache[key]
        if cached is not None:
            out[screen] = cached
    return out


class Hub:
    def __init__(self) -> None:
        self.layer = get_channel_layer()
        self.channel: str | None = None
        self.reader: asyncio.Task[None] | None = None
        self.screens: dict[int, set[Screen]] = defaultdict(set)
        self.pending: dict[int, list[dict[str, Any]]] = {}
        self.flush_scheduled = False
        self.tick = max(0, int(getattr(settings, "BOARD_TICK_MS", 40))) / 1000
        self._lock = asyncio.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None

    async def _ensure_channel(self) -> str:
        async with self._lock:
            if self.channel is None:
                # The default prefix: channels_redis serves every "specific" channel of a
                # process from one list, so a channel of its own would wait its turn.
                self.channel = await self.layer.new_channel()
                self.reader = asyncio.ensure_future(self._read())
            return self.channel

    async def join(self, board_id: int, screen: Screen) -> None:
        channel = await self._ensure_channel()
        if not self.screens[board_id]:
            # Again at each board's first screen: a group membership expires
            # (channels_redis: after a day), a process serving boards must not.
            await self.layer.group_add(ALL_BOARDS, channel)
        self.screens[board_id].add(screen)

    async def leave(self, board_id: int, screen: Screen) -> None:
        screens = self.screens.get(board_id)
        if not screens:
            return
        screens.discard(screen)
        if not screens:
            del self.screens[board_id]

    def publish(self, board_id: int, events: list[Event]) -> None:
        if not events:
            return
        self.pending.setdefault(board_id, []).extend(encode(event) for event in events)
        if not self.flush_scheduled:
            self.flush_scheduled = True
            loop = asyncio.get_running_loop()
            loop.call_later(self.tick, lambda: asyncio.ensure_future(self.flush()))

    async def flush(self) -> None:
        self.flush_scheduled = False
        pending, self.pending = self.pending, {}
        if not pending:
            return
        try:
            # One message per tick for all the boards: with Redis, a message per
            # board and tick outruns the receiving loop (BZPOPMIN, one at a time).
            await self.layer.group_send(
                ALL_BOARDS,
                {"type": "board.batches", "boards": [[b, e] for b, e in pending.items()]},
            )
        except Exception:  # a layer hiccup: this tick's events are lost, not the next
            log.exception("board hub: batches of %d boards not sent", len(pending))

    async def _read(self) -> None:
        assert self.channel is not None
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("board hub: channel layer receive failed; retrying")
                await asyncio.sleep(0.5)
                continue
            if message.get("type") == "board.batches":
                for board_id, events in message["boards"]:
                    await self.deliver(int(board_id), events)
            elif message.get("type") == "board.batch":  # one board's (services.announce_state)
                await self.deliver(int(message["board"]), message["events"])

    async def deliver(self, board_id: int, events: list[dict[str, Any]]) -> None:
        screens = list(self.screens.get(board_id, ()))
        if not screens:
            return
        for screen, text in texts_for(events, screens).items():
            try:
                await screen.deliver(text)
            except Exception:  # one closed socket must not keep the batch from the others
                log.debug("board %s: a screen went away during delivery", board_id)


_hubs: dict[int, Hub] = {}


def get_hub() -> Hub:
    """The hub of the running event loop (one per server process)."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(id(loop))
    if hub is None or hub._loop is not loop:
        hub = Hub()
        hub._loop = loop
        _hubs[id(loop)] = hub
    return hub
