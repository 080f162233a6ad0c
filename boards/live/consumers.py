"""The websocket of a board: /ws/boards/<code>/ (add ?view=projector for
the big screen).

Who is speaking is settled once, at connect: a signed-in user joins as
themselves; a phone without an account brings the cookie the join page
gave it. Then every frame is parsed (protocol.py), rate-limited, applied
(operations.py, in the database thread) and answered; the events go to the
hub, which fans them out once per tick. Nothing a client sends can raise out
of `receive`: a bad frame gets an error answer and the socket stays open.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

from asgiref.sync import sync_to_async
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils import translation
from django.utils.translation import gettext as _

from boards import selectors, services
from boards.live import operations
from boards.live.hub import get_hub
from boards.live.protocol import ProtocolError, parse
from boards.models import Board, Participant
from boards.selectors import Actor

log = logging.getLogger(__name__)

# Per socket: a burst of 20 messages, then 5 a second.
RATE_BURST = 20
RATE_PER_SECOND = 5.0
SYNC_EVERY = 3.0  # seconds between two snapshots a socket may ask for


def _language(scope: dict[str, Any]) -> str:
    user = scope.get("user")
    language = getattr(user, "language", "") if getattr(user, "is_authenticated", False) else ""
    if language:
        return str(language)
    cookie = scope.get("cookies", {}).get("django_language", "")
    return cookie if cookie in ("th", "en") else "th"


def connect_actor(scope: dict[str, Any], code: str, projector: bool) -> tuple[Board, Actor] | None:
    """The board and who this socket speaks for, or None (refused)."""
    board = Board.objects.select_related("lab").filter(code=code.upper()).first()
    if board is None:
        return None
    user = scope.get("user")
    signed_in = bool(getattr(user, "is_authenticated", False))
    facilitator = signed_in and user.has_perm("boards.run_board", board)  # type: ignore[union-attr]
    if projector:
        if not facilitator:
            return None
        return board, Actor(0, "", "", "", is_facilitator=False, sees_all=False, user_id=user.pk)  # type: ignore[union-attr]
    found: Participant | None
    if board.status == Board.Status.CLOSED and not facilitator:
        # A closed board is read by those who took part, not joined anew.
        token = scope.get("cookies", {}).get(services.cookie_name(board))
        found = (
            Participant.objects.select_related("organisation")
            .filter(board=board, user=user)
            .first()
            if signed_in
            else services.participant_from_token(board, token)
        )
    elif signed_in:
        found = services.participant_for_user(board=board, user=user)
    else:
        token = scope.get("cookies", {}).get(services.cookie_name(board))
        found = services.participant_from_token(board, token)
    if found is None:
        return None
    participant = found
    services.participant_touch(participant_id=participant.pk)
    return board, Actor.of(participant, facilitator=facilitator)


class BoardConsumer(AsyncWebsocketConsumer):
    board_id: int = 0
    actor: Actor | None = None
    participant_id: int = 0
    sees_all: bool = False

    async def dispatch(self, message: dict[str, Any]) -> None:
        """As Channels' own, without its database clean-up hop before every
        frame: each frame that touches the database goes through
        database_sync_to_async, which does that clean-up itself, so the hop
        only doubled the thread switches on the busiest path."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        code = str(self.scope["url_route"]["kwargs"]["code"])
        query = self.scope.get("query_string", b"").decode("latin-1")
        self.projector = "view=projector" in query
        self.language = _language(self.scope)
        self.ready = False
        self.backlog: list[str] = []
        self.tokens = float(RATE_BURST)
        self.last_sync = 0.0
        self.sync_pending = False
        self.last = time.monotonic()
        found = await database_sync_to_async(connect_actor)(self.scope, code, self.projector)
        if found is None:
            # 4403: not allowed (no cookie for this board, or not a facilitator for the projector)
            await self.close(code=4403)
            return
        board, actor = found
        self.board_id, self.actor = board.pk, actor
        self.participant_id, self.sees_all = actor.participant_id, actor.sees_all
        await self.accept()
        await get_hub().join(self.board_id, self)
        await self._send_snapshot()

    async def _deferred_sync(self) -> None:
        self.sync_pending = False
        self.last_sync = time.monotonic()
        try:
            await self._send_snapshot()
        except Exception:  # the socket closed meanwhile
            log.debug("board %s: deferred snapshot not sent", self.board_id)

    async def _send_snapshot(self) -> None:
        self.ready = False
        text = await database_sync_to_async(self._snapshot_text)()
        await self.send(text_data=text)
        self.ready = True
        backlog, self.backlog = self.backlog, []
        for held in backlog:
            await self.send(text_data=held)

    def _snapshot_text(self) -> str:
        assert self.actor is not None
        board = Board.objects.select_related("redirect_to").get(pk=self.board_id)
        with translation.override(self.language):
            return json.dumps(selectors.snapshot(board, self.actor), ensure_ascii=False)

    async def deliver(self, text: str) -> None:
        if not self.ready:
            self.backlog.append(text)
            return
        await self.send(text_data=text)

    async def disconnect(self, code: int) -> None:
        if self.board_id:
            await get_hub().leave(self.board_id, self)

    def _allowed(self) -> bool:
        now = time.monotonic()
        self.tokens = min(RATE_BURST, self.tokens + (now - self.last) * RATE_PER_SECOND)
        self.last = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    async def _error(self, ref: str, code: str, message: str) -> None:
        await self.send(
            text_data=json.dumps(
                {"t": "error", "ref": ref, "code": code, "message": message}, ensure_ascii=False
            )
        )

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.actor is None:
            return
        with translation.override(self.language):
            if not self._allowed():
                await self._error("", "rate", _("Too many messages: wait a moment and try again."))
                return
            try:
                kind, ref, fields = parse(text_data if text_data is not None else bytes_data)
            except ProtocolError as error:
                await self._error(error.ref, error.code, error.message)
                return
            if kind == "ping":
                await self.send(text_data=json.dumps({"t": "ack", "ref": ref, "pong": True}))
                return
            if kind == "sync":
                # A full snapshot is the costliest read: at most one per socket
                # every few seconds; asks in between are served by the next one.
                wait = self.last_sync + SYNC_EVERY - time.monotonic()
                if wait > 0:
                    if not self.sync_pending:
                        self.sync_pending = True
                        asyncio.get_running_loop().call_later(
                            wait, lambda: asyncio.ensure_future(self._deferred_sync())
                        )
                    return
                self.last_sync = time.monotonic()
                await self._send_snapshot()
                return
            if self.projector:
                await self._error(ref, "forbidden", _("The projector view only shows the board."))
                return
            try:
                outcome = await self._apply(kind, fields)
            except ProtocolError as error:
                await self._error(ref, error.code, error.message)
                return
            except Exception:
                log.exception("board %s: %s failed", self.board_id, kind)
                await self._error(
                    ref,
                    "server_error",
                    _("Something went wrong on the server; the board is unchanged."),
                )
                return
        # The others first: whatever happens to this socket, the change is shown.
        get_hub().publish(self.board_id, outcome.events)
        await self.send(
            text_data=json.dumps({"t": "ack", "ref": ref, **outcome.reply}, ensure_ascii=False)
        )

    async def _apply(self, kind: str, fields: dict[str, Any]) -> operations.Outcome:
        assert self.actor is not None
        language = self.language

        def run() -> operations.Outcome:
            with translation.override(language):
                if kind == "cluster.run":
                    board = Board.objects.get(pk=self.board_id)
                    assert self.actor is not None
                    if not self.actor.is_facilitator:
                        raise operations.OperationError(
                            "forbidden", _("Only a facilitator can do this.")
                        )
                    return operations.cluster(board, self.actor, fields)
                assert self.actor is not None
                return operations.handle(
                    board_id=self.board_id, actor=self.actor, kind=kind, fields=fields
                )

        if kind == "cluster.run":
            # Seconds of work for a big board: off the thread that serves everyone's notes.
            from django.db import close_old_connections

            def isolated() -> operations.Outcome:
                try:
                    return run()
                finally:
                    close_old_connections()

            return await sync_to_async(isolated, thread_sensitive=False)()
        return await database_sync_to_async(run)()
