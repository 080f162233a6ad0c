"""Live board pages: join by code, the board on a phone or laptop, the projector.

Routes (names under the `boards` namespace), to be implemented:
    b/                      join_code   enter a code
    b/<code>/               board       the live board (participant; facilitator controls)
    b/<code>/join/          join        display name + organisation, sets the participant cookie
    b/<code>/projector/     projector   the big screen (facilitators), with the QR code
    b/<code>/qr.svg         qr          QR code of the join URL (segno)
"""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
