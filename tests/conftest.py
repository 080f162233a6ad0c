"""Browser fixtures: Playwright for Python driving Debian's Chromium.

`playwright install` cannot download browsers here, so the tests launch
/usr/bin/chromium (CHROMIUM_PATH overrides). The flags keep Chromium from
calling home, which the closed network would refuse.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The live server runs in a thread beside the test; Django refuses ORM calls
# from a thread that has an event loop (Playwright's sync API runs one).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser_instance(_playwright):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/test, which installs it")
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(migration_data, browser_instance, live_server):
    """A fresh browser context (no cookies) on the live server, desktop size."""
    context = browser_instance.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(migration_data, browser_instance, live_server):
    """A fresh context with a phone viewport and touch."""
    context = browser_instance.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def sign_in():
    """sign_in(page, user): signs in through the real form."""
    from conftest import PASSWORD

    def do(page, user, password: str = PASSWORD):
        page.goto("/accounts/login/")
        page.locator("input[name=username]").fill(user.email)
        page.locator("input[name=password]").fill(password)
        page.locator("form[data-form=login] [type=submit]").click()
        page.wait_for_load_state()

    return do


# --- The ASGI server, for pages that need websockets (live boards) --------------
#
# pytest-django's live_server speaks WSGI and has no websockets, so board tests
# run the real ASGI application (pages, static files, /ws/boards/) in Daphne,
# in a thread of this process: it reads and writes the same test database as
# the test (SQLite's in-memory test database is shared between connections of
# one process; PostgreSQL's test database is shared anyway). Twisted's reactor
# cannot be started twice, so the server starts once per session and stays.


class AsgiServer:
    def __init__(self, url: str) -> None:
        self.url = url

    def __repr__(self) -> str:
        return f"<AsgiServer {self.url}>"


@pytest.fixture(scope="session")
def asgi_server():
    """The ASGI application served by Daphne on 127.0.0.1 (a free port), with
    static files served from the finders like live_server does: `.url`."""
    import threading
    import time

    # Importing daphne.server installs the asyncio reactor; it must come first.
    from daphne.server import Server
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from saphan.asgi import application

    server = Server(
        application=ASGIStaticFilesHandler(application),
        endpoints=["tcp:port=0:interface=127.0.0.1"],
        signal_handlers=False,
        websocket_handshake_timeout=10,
    )
    thread = threading.Thread(target=server.run, name="asgi-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.listening_addresses:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("The ASGI server (Daphne) did not start listening")
        time.sleep(0.02)
    host, port = server.listening_addresses[0]
    yield AsgiServer(f"http://{host}:{port}")
    from twisted.internet import reactor

    reactor.callFromThread(reactor.stop)
    thread.join(timeout=5)


@pytest.fixture
def asgi_context(migration_data, browser_instance, asgi_server):
    """asgi_context(phone=False) -> a fresh browser context on the ASGI server
    (desktop 1280x900, or a phone: 390x844 with touch). Script errors on its
    pages fail the test."""
    contexts = []
    errors = []

    def make(*, phone: bool = False):
        if phone:
            context = browser_instance.new_context(
                base_url=asgi_server.url,
                viewport={"width": 390, "height": 844},
                is_mobile=True,
                has_touch=True,
            )
        else:
            context = browser_instance.new_context(
                base_url=asgi_server.url, viewport={"width": 1280, "height": 900}
            )
        context.set_default_timeout(10_000)
        context.on(
            "page", lambda page: page.on("pageerror", lambda error: errors.append(str(error)))
        )
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    if errors:
        pytest.fail("Script errors on the page: " + "; ".join(errors))


@pytest.fixture
def board_page(asgi_context):
    """A desktop page on the ASGI server (websockets work)."""
    return asgi_context().new_page()


@pytest.fixture
def board_phone_page(asgi_context):
    """A phone page on the ASGI server (websockets work)."""
    return asgi_context(phone=True).new_page()
