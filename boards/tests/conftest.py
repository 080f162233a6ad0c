"""Board fixtures on top of the workshop ones (workshops/tests/conftest.py).

board(method_key, **kw) — a board of `lab` running a built-in method
phone(board, name)      — a participant joined by code: (participant, cookie header)
connect(board, ...)     — an open WebsocketCommunicator on the board (async)
run(scenario)           — run an async scenario in a thread of its own
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from typing import Any

import pytest

from workshops.tests.conftest import (  # noqa: F401 - fixtures shared with the workshops tests
    dana,
    erin,
    in_english,
    lab,
    make_lab,
    member,
    person,
    private_lab,
    workshop,
)

ORIGIN = (b"origin", b"http://127.0.0.1")


def run(scenario: Any) -> None:
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, scenario()).result(timeout=60)


@pytest.fixture
def board(lab, dana):  # noqa: F811 - the imported fixtures, requested
    from boards.models import Method
    from boards.services import board_create

    def make(method_key: str = "hopes-fears", **fields: Any):
        fields.setdefault("title", "ความหวังและความกังวลต่อห้องปฏิบัติการ")
        return board_create(
            lab=fields.pop("lab", lab),
            by=dana,
            method=Method.objects.get(key=method_key, lab=None),
            **fields,
        )

    return make


def phone(board, name: str = "สมหญิง", organisation=None, organisation_text: str = "อบต.ตัวอย่าง"):
    from boards.services import cookie_name, participant_join

    participant, token = participant_join(
        board=board,
        display_name=name,
        organisation=organisation,
        organisation_text=organisation_text,
    )
    return participant, (b"cookie", f"{cookie_name(board)}={token}".encode())


def session_cookie(user) -> tuple[bytes, bytes]:
    """A cookie header of a signed-in session for `user`."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = next(
        b for b in settings.AUTHENTICATION_BACKENDS if "rules" not in b
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return (b"cookie", f"{settings.SESSION_COOKIE_NAME}={store.session_key}".encode())


async def connect(board, cookie: tuple[bytes, bytes] | None, *, projector: bool = False):
    from channels.testing import WebsocketCommunicator

    from saphan.asgi import application

    headers = [ORIGIN] + ([cookie] if cookie else [])
    path = f"/ws/boards/{board.code}/" + ("?view=projector" if projector else "")
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect()
    if not connected:
        return None
    return communicator


async def receive_until(communicator, predicate, timeout: float = 10.0) -> dict[str, Any]:
    """The first message (or batch event) for which predicate(event) holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        message = await communicator.receive_json_from(timeout=max(0.05, deadline - loop.time()))
        events = message["events"] if message.get("t") == "batch" else [message]
        for event in events:
            if predicate(event):
                return event
