from __future__ import annotations

from django.urls import reverse

from audit.models import AuditEntry


def test_switching_language_sets_the_cookie_and_saves_the_profile(client_for, charlie):
    client = client_for(charlie)

    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "/accounts/profile/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    assert response.cookies["django_language"].value == "en"
    charlie.refresh_from_db()
    assert charlie.language == "en"
    assert AuditEntry.objects.get(action="accounts.user.update_profile").changes == {
        "language": ["th", "en"]
    }
    page = client.get("/accounts/profile/").content.decode()
    assert '<html lang="en">' in page


def test_an_anonymous_visitor_gets_the_cookie_only(client, db):
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "/accounts/login/"}
    )

    assert response.cookies["django_language"].value == "en"
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in page
    assert "Sign in" in page


def test_the_interface_is_thai_without_a_choice(client, db):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert '<html lang="th">' in page


def test_an_unknown_language_changes_nothing(client_for, charlie):
    client = client_for(charlie)

    response = client.post(
        reverse("accounts:set_language"), {"language": "fr", "next": "/accounts/profile/"}
    )

    assert response.status_code == 302
    assert "django_language" not in response.cookies
    charlie.refresh_from_db()
    assert charlie.language == "th"
    assert not AuditEntry.objects.exists()


def test_it_does_not_redirect_to_another_site(client, db):
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("directory:home")


def test_switching_needs_a_post(client, db):
    assert client.get(reverse("accounts:set_language") + "?language=en").status_code == 405
