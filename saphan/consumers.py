from __future__ import annotations

import json

from channels.generic.websocket import AsyncWebsocketConsumer


class PingConsumer(AsyncWebsocketConsumer):
    """Answers "ping" with "pong": proves websockets reach the ASGI app."""

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            message = json.loads(text_data or "")
        except ValueError:
            await self.send(json.dumps({"type": "error", "error": "invalid_json"}))
            return
        if not isinstance(message, dict) or message.get("type") != "ping":
            await self.send(json.dumps({"type": "error", "error": "unknown_type"}))
            return
        await self.send(json.dumps({"type": "pong"}))
