from __future__ import annotations

from django.urls import reverse

from conftest import PASSWORD


def test_the_sign_in_page_has_the_login_form(client, db):
    page = client.get(reverse("accounts:login")).content.decode()

    assert 'data-form="login"' in page
    assert 'name="username"' in page and 'type="email"' in page
    assert 'name="password"' in page and 'type="password"' in page
    assert 'lang="th"' in page  # Thai is the default interface


def test_a_user_signs_in_with_email_and_password(client, charlie):
    response = client.post(
        reverse("accounts:login"), {"username": "Charlie@MOE.test", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("directory:home")
    assert client.session["_auth_user_id"] == str(charlie.pk)


def test_a_wrong_password_is_refused_with_an_explanation(client, charlie):
    response = client.post(
        reverse("accounts:login"), {"username": charlie.email, "password": "wrong"}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'class="alert alert-error"' in response.content.decode()


def test_sign_in_returns_to_the_page_asked_for(client, charlie):
    response = client.post(
        reverse("accounts:login") + "?next=/accounts/profile/",
        {"username": charlie.email, "password": PASSWORD, "next": "/accounts/profile/"},
    )
    assert response["Location"] == "/accounts/profile/"


def test_sign_in_does_not_redirect_to_another_site(client, charlie):
    response = client.post(
        reverse("accounts:login"),
        {"username": charlie.email, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("directory:home")


def test_sign_out_is_a_post_and_keeps_the_language(client_for, charlie):
    charlie.language = "en"
    charlie.save()
    client = client_for(charlie)

    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert response.cookies["django_language"].value == "en"


def test_the_header_offers_sign_out_to_a_signed_in_user(client_for, charlie):
    page = client_for(charlie).get(reverse("accounts:profile")).content.decode()

    assert f'action="{reverse("accounts:logout")}"' in page
    assert "Charlie" in page
