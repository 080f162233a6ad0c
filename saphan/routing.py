"""Websocket routes of every app, gathered in one list."""

from __future__ import annotations

from django.urls import path

from boards.routing import websocket_urlpatterns as board_routes
from saphan.consumers import PingConsumer

websocket_urlpatterns = [
    # A health check for the websocket path through the one ASGI process.
    path("ws/ping/", PingConsumer.as_asgi()),
    *board_routes,
]
