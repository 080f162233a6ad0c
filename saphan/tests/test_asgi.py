"""The one ASGI application serves websockets, and the channel layer works
with whatever backend the settings choose (Redis when REDIS_URL is set)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import uuid

import pytest
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings

from saphan.asgi import application


def run(scenario) -> None:
    """Run a coroutine function to the end in a thread of its own: the
    browser tests' Playwright keeps an event loop in the main thread."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, scenario()).result(timeout=30)


# The websocket stack loads the session and user from the database, from
# another thread than the test's, so these tests need committed data.
websocket_db = pytest.mark.django_db(transaction=True)


@websocket_db
def test_it_answers_ping_over_a_websocket():
    async def scenario():
        communicator = WebsocketCommunicator(
            application, "/ws/ping/", headers=[(b"origin", b"http://127.0.0.1")]
        )
        connected, _ = await communicator.connect()
        assert connected
        await communicator.send_json_to({"type": "ping"})
        assert await communicator.receive_json_from() == {"type": "pong"}
        await communicator.disconnect()

    run(scenario)


@websocket_db
def test_it_answers_bad_messages_with_an_error_and_stays_open():
    async def scenario():
        communicator = WebsocketCommunicator(
            application, "/ws/ping/", headers=[(b"origin", b"http://127.0.0.1")]
        )
        await communicator.connect()
        await communicator.send_to(text_data="not json")
        assert await communicator.receive_json_from() == {"type": "error", "error": "invalid_json"}
        await communicator.send_json_to({"type": "ping"})
        assert await communicator.receive_json_from() == {"type": "pong"}
        await communicator.disconnect()

    run(scenario)


@websocket_db
def test_it_refuses_a_websocket_from_a_foreign_origin():
    async def scenario():
        communicator = WebsocketCommunicator(
            application, "/ws/ping/", headers=[(b"origin", b"https://evil.example")]
        )
        connected, _ = await communicator.connect()
        assert not connected

    run(scenario)


def test_the_channel_layer_delivers_a_group_message():
    async def scenario():
        layer = get_channel_layer()
        group = f"test-{uuid.uuid4().hex}"
        channel = await layer.new_channel()
        await layer.group_add(group, channel)
        await layer.group_send(group, {"type": "note.added", "text": "ความหวัง"})
        assert await layer.receive(channel) == {"type": "note.added", "text": "ความหวัง"}
        await layer.group_discard(group, channel)

    run(scenario)


def test_redis_is_the_channel_layer_and_cache_when_redis_url_is_set():
    if not os.environ.get("REDIS_URL"):
        pytest.skip("the PostgreSQL run of scripts/test sets REDIS_URL")
    from django.core.cache import cache

    assert settings.CHANNEL_LAYERS["default"]["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    key = f"saphan-test-{uuid.uuid4().hex}"
    cache.set(key, "สะพาน", 30)
    assert cache.get(key) == "สะพาน"
    from django.core.cache import caches

    assert type(caches["default"]).__name__ == "RedisCache"
