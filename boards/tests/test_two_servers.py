"""Two server processes on Redis: a note posted through one reaches a phone
connected to the other, and changes travel back the other way.

Runs in the PostgreSQL + Redis half of scripts/test (REDIS_URL set, a real
test database the servers can open); skipped on an in-memory SQLite database
or without Redis, since separate processes could not share either. The two
servers are real Daphne processes serving saphan.asgi:application on free
ports, pointed at this test's database; their channel layer lives in a Redis
database of its own (TWO_SERVERS_REDIS_DB, 13 by default) so that their
board groups never meet those of the suite's other workers.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

from boards.tests.conftest import phone, run

ROOT = Path(__file__).resolve().parents[2]
WAIT = 20.0  # seconds: an upper bound for a failure, not a timing assertion
QUIET = 6.0  # seconds without a message on the board

pytestmark = [
    pytest.mark.redis,
    pytest.mark.usefixtures("migration_data"),
    pytest.mark.django_db(transaction=True),
]


def _database_url() -> str | None:
    """A URL another process can use to open this test's database, or None."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = str(db["NAME"])
        if not name or name == ":memory:" or "mode=memory" in name:
            return None
        return f"sqlite:///{name}"
    if db["ENGINE"] == "django.db.backends.postgresql":
        user = quote(str(db.get("USER") or ""), safe="")
        password = quote(str(db.get("PASSWORD") or ""), safe="")
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = db.get("HOST") or "127.0.0.1"
        port = f":{db['PORT']}" if db.get("PORT") else ""
        return f"postgres://{auth}{host}{port}/{quote(str(db['NAME']), safe='')}"
    return None


def _layer_redis_url() -> str:
    """The suite's Redis, in a database of the two servers' own."""
    parts = urlsplit(str(settings.REDIS_URL))
    return urlunsplit(parts._replace(path=f"/{os.environ.get('TWO_SERVERS_REDIS_DB', '13')}"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _start_server(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], int]:
    """A Daphne process on a free port, once it answers /healthz."""
    daphne = Path(sys.executable).parent / "daphne"
    for _attempt in range(3):  # another worker may take the free port first
        port = _free_port()
        with log.open("ab") as out:
            process = subprocess.Popen(
                [str(daphne), "-b", "127.0.0.1", "-p", str(port), "saphan.asgi:application"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if _answers(port):
                return process, port
            time.sleep(0.2)
        _stop(process)
    raise AssertionError(f"Daphne did not start; its log:\n{log.read_text(errors='replace')}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[tuple[int, int]]:
    if not getattr(settings, "REDIS_URL", ""):
        pytest.skip("needs Redis: REDIS_URL is not set (the PostgreSQL + Redis run sets it)")
    database_url = _database_url()
    if database_url is None:
        pytest.skip("needs a test database another process can open, not in-memory SQLite")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "saphan.settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": _layer_redis_url(),
            "SECRET_KEY": settings.SECRET_KEY,  # the participants' cookies are signed with it
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_CONN_MAX_AGE": "0",
        }
    )
    servers: list[subprocess.Popen[bytes]] = []
    try:
        first, port_1 = _start_server(env, tmp_path / "server-1.log")
        servers.append(first)
        second, port_2 = _start_server(env, tmp_path / "server-2.log")
        servers.append(second)
        yield port_1, port_2
    finally:
        for server in servers:
            _stop(server)


async def _open(port: int, board: Any, cookie: tuple[bytes, bytes]) -> Any:
    from websockets.asyncio.client import connect
    from websockets.typing import Origin

    return await connect(
        f"ws://127.0.0.1:{port}/ws/boards/{board.code}/",
        origin=Origin(f"http://127.0.0.1:{port}"),
        additional_headers=[(cookie[0].decode(), cookie[1].decode())],
        open_timeout=WAIT,
        ping_interval=None,
    )


async def _until(ws: Any, predicate: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """The first message or batch event for which predicate holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), max(0.1, deadline - loop.time())))
        events = message["events"] if message.get("t") == "batch" else [message]
        for event in events:
            if predicate(event):
                return dict(event)


def test_a_note_through_one_server_reaches_a_phone_on_the_other(board, two_servers):
    port_1, port_2 = two_servers
    b = board("idea-voting")
    _, cookie_a = phone(b, "เอ")
    _, cookie_b = phone(b, "บี")
    text_a = "ศูนย์บริการประชาชนจุดเดียวในทุกอำเภอ"
    text_b = "เปิดข้อมูลงบประมาณท้องถิ่นให้ประชาชนตรวจสอบ"

    async def scenario() -> None:
        a = await _open(port_1, b, cookie_a)
        other = await _open(port_2, b, cookie_b)
        try:
            assert (await _until(a, lambda e: e.get("t") == "snapshot"))["me"]["name"] == "เอ"
            assert (await _until(other, lambda e: e.get("t") == "snapshot"))["me"]["name"] == "บี"
            # A quiet room: longer than a Redis client's default read timeout
            # (5 s in redis-py 8), which must not end anybody's connection.
            await asyncio.sleep(QUIET)

            # Server 1 -> server 2: a new note.
            await a.send(
                json.dumps(
                    {
                        "type": "note.add",
                        "ref": "a1",
                        "id": "two-servers-a1",
                        "zone": "ideas",
                        "text": text_a,
                    }
                )
            )
            ack = await _until(a, lambda e: e.get("t") == "ack" and e.get("ref") == "a1")
            seen = await _until(
                other, lambda e: e.get("t") == "note" and e["note"]["cid"] == "two-servers-a1"
            )
            assert seen["note"]["id"] == ack["note"]
            assert seen["note"]["text"] == text_a
            assert seen["note"]["name"] == "เอ"

            # Server 2 -> server 1: a note of B's, then a comment on A's note.
            await other.send(
                json.dumps(
                    {
                        "type": "note.add",
                        "ref": "b1",
                        "id": "two-servers-b1",
                        "zone": "ideas",
                        "text": text_b,
                    }
                )
            )
            seen_b = await _until(
                a, lambda e: e.get("t") == "note" and e["note"]["cid"] == "two-servers-b1"
            )
            assert seen_b["note"]["text"] == text_b
            assert seen_b["note"]["name"] == "บี"
            await other.send(
                json.dumps(
                    {
                        "type": "comment.add",
                        "ref": "b2",
                        "id": "two-servers-c1",
                        "note": ack["note"],
                        "text": "เห็นด้วย",
                    }
                )
            )
            comment = await _until(a, lambda e: e.get("t") == "comment")
            assert comment["comment"]["note"] == ack["note"]
            assert comment["comment"]["text"] == "เห็นด้วย"
            assert comment["comment"]["name"] == "บี"

            # And an edit on server 1 reaches server 2 as a newer version.
            await a.send(
                json.dumps(
                    {
                        "type": "note.edit",
                        "ref": "a2",
                        "note": ack["note"],
                        "text": text_a + " (แก้ไข)",
                    }
                )
            )
            edited = await _until(other, lambda e: e.get("t") == "note" and e["note"]["v"] == 2)
            assert edited["note"]["id"] == ack["note"]
            assert edited["note"]["text"] == text_a + " (แก้ไข)"
        finally:
            await a.close()
            await other.close()

    run(scenario)
