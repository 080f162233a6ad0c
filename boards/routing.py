from __future__ import annotations

from django.urls import path

from boards.live.consumers import BoardConsumer

websocket_urlpatterns = [
    path("ws/boards/<str:code>/", BoardConsumer.as_asgi()),
]
