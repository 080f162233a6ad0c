"""Personal data that later apps keep about a person, for the PDPA export.

Apps register an exporter in their AppConfig.ready(); accounts never
imports their models. An exporter gets the user and their directory Person
(or None) and returns JSON-ready data, with a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Exporter = Callable[[Any, Any], Any]
# An eraser removes what its app keeps that identifies the user beyond the
# directory record (e-mail addresses of invitations, ...), inside the
# erasure's transaction.
Eraser = Callable[[Any, Any], None]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def register(key: str, exporter: Exporter, eraser: Eraser | None = None) -> None:
    _exporters[key] = exporter
    if eraser is not None:
        _erasers[key] = eraser


def erase(user: Any, person: Any) -> None:
    for _key, eraser in sorted(_erasers.items()):
        eraser(user, person)


def exported(user: Any, person: Any) -> dict[str, Any]:
    return {key: exporter(user, person) for key, exporter in sorted(_exporters.items())}
