"""One ASGI application: pages and the API over HTTP, live boards over websockets."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saphan.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_asgi_app = get_asgi_application()

import sys  # noqa: E402

from django.conf import settings  # noqa: E402

# The server process has two busy threads: the event loop (sockets, fan-out)
# and the database thread (every live-board write). Each SQLite or
# PostgreSQL call gives up the GIL and must win it back; with Python's
# default 5 ms switch interval a write of a few queries waits up to 5 ms per
# query behind the loop. A shorter interval keeps writes (and so the room's
# notes) moving under load: measured in bench/boards_load.py.
sys.setswitchinterval(settings.ASGI_SWITCH_INTERVAL_MS / 1000)

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from saphan.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
