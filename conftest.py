"""Personas and shared fixtures for the whole suite.

alice   — administrator
bob     — focal point of OPDC (สำนักงาน ก.พ.ร.)
charlie — signed in, no role (a participant from another ministry)
An anonymous visitor is the outsider.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SAPHAN_FAST_PASSWORD_HASHER", "1")

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True, scope="session")
def _channel_layer_per_thread():
    """One channel layer instance per thread in tests. channels_redis lets
    one event loop receive on a layer instance; a server process has one
    loop, but a test process has the browser tests' Daphne thread beside
    each websocket test's own loop."""
    import threading

    import channels.layers

    class PerThread(channels.layers.ChannelLayerManager):
        def __init__(self) -> None:
            super().__init__()
            self._local = threading.local()

        def __getitem__(self, key):
            backends = self._local.__dict__.setdefault("backends", {})
            if key not in backends:
                backends[key] = self.make_backend(key)
            return backends[key]

    original = channels.layers.channel_layers
    channels.layers.channel_layers = PerThread()
    yield
    channels.layers.channel_layers = original


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (API throttles, search vocabulary)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request activates its user's language in the thread and Django does
    not undo it; reset, so that no test reads another test's language."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture
def migration_data(transactional_db):
    """Rows that data migrations load (provinces and districts, design
    processes, SDGs, facets, board methods). Browser tests run on a transactional database
    that is flushed after each test, and Django's serialized rollback does
    not reach the connection these tests use, so they are loaded again here;
    the loaders are idempotent."""
    import importlib

    from django.apps import apps

    if not apps.get_model("directory", "District").objects.exists():
        importlib.import_module("directory.migrations.0002_provinces_and_districts").load_places(
            apps, None
        )
    if not apps.get_model("labs", "Facet").objects.exists():
        importlib.import_module("labs.migrations.0002_frameworks").load(apps, None)
    if not apps.get_model("boards", "Method").objects.filter(lab__isnull=True).exists():
        from boards.methods import load_builtin

        load_builtin(apps.get_model("boards", "Method"))


@pytest.fixture
def opdc(db):
    from directory.services import organisation_create

    return organisation_create(
        by=None,
        name_th="สำนักงานคณะกรรมการพัฒนาระบบราชการ",
        name_en="Office of the Public Sector Development Commission",
        abbreviation_th="ก.พ.ร.",
        abbreviation_en="OPDC",
        sector="gov_central",
        kind="office",
    )


@pytest.fixture
def ocsc(db):
    from directory.services import organisation_create

    return organisation_create(
        by=None,
        name_th="สำนักงานคณะกรรมการข้าราชการพลเรือน",
        name_en="Office of the Civil Service Commission",
        abbreviation_th="ก.พ.",
        abbreviation_en="OCSC",
        sector="gov_central",
        kind="office",
    )


@pytest.fixture
def alice(db):
    from accounts.models import User

    return User.objects.create_superuser(
        email="alice@saphan.test", password=PASSWORD, display_name="Alice"
    )


@pytest.fixture
def bob(db, opdc):
    from accounts.models import User

    user = User.objects.create_user(email="bob@opdc.test", password=PASSWORD, display_name="Bob")
    opdc.focal_points.add(user)
    return user


@pytest.fixture
def charlie(db):
    from accounts.models import User

    return User.objects.create_user(
        email="charlie@moe.test", password=PASSWORD, display_name="Charlie"
    )


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client signed in as that user."""

    def make(user):
        client.force_login(user)
        return client

    return make


def count_queries(client, url: str, *, warm: bool = False) -> int:
    """The queries one GET of `url` runs (it must answer 200). `warm` asks
    once first, so per-user caches (the unread-notification count) are filled."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if warm:
        client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)
