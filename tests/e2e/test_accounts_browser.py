"""Sign in, switch language, sign out — through the real pages in Chromium."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_signs_in_switches_to_english_and_signs_out(page, sign_in, charlie):
    sign_in(page, charlie)
    assert "/accounts/login/" not in page.url  # went on to the home page
    page.goto("/accounts/profile/")

    # Thai by default, with the user's name in the header.
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator(".site-tools .account-name").inner_text() == "Charlie"

    page.locator(".lang-switch button[value=en]").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "en"
    nav_text = page.locator(".main-nav").inner_text()
    assert "Directory" in nav_text and "People" in nav_text
    assert "Audit log" not in nav_text  # charlie is no administrator
    charlie.refresh_from_db()
    assert charlie.language == "en"

    page.locator("[data-action=sign-out]").click()
    page.wait_for_load_state()

    assert page.locator("[data-action=sign-in]").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"  # the language stays
    assert page.locator(".alert-success").inner_text().strip() == "You are signed out."


def test_a_wrong_password_shows_an_error_on_the_form(page, sign_in, charlie):
    sign_in(page, charlie, password="not-the-password")

    assert page.url.endswith("/accounts/login/")
    assert page.locator("form[data-form=login] .alert-error").is_visible()


def test_the_phone_menu_opens_and_the_search_box_stays_visible(phone_page, db):
    phone_page.goto("/accounts/login/")

    assert phone_page.locator("#site-search-q").is_visible()
    assert not phone_page.locator(".main-nav").is_visible()
    toggle = phone_page.locator("[data-nav-toggle]")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert phone_page.locator(".main-nav").is_visible()
    # Nothing overflows sideways on a 390 px screen.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
