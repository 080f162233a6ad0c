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
