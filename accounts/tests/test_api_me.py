"""/api/v1/me/ and /api/v1/me/tokens/: the signed-in user's own account."""

from __future__ import annotations

import pytest

from accounts.services import api_token_create, api_token_revoke
from audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_anonymous_has_no_profile(client):
    assert client.get("/api/v1/me/").status_code in {401, 403}
    assert client.get("/api/v1/me/tokens/").status_code in {401, 403}


def test_charlie_reads_his_profile(client_for, charlie):
    response = client_for(charlie).get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json() == {
        "email": "charlie@moe.test",
        "display_name": "Charlie",
        "language": "th",
        "time_zone": "Asia/Bangkok",
    }


def test_charlie_changes_language_and_time_zone_through_the_service(client_for, charlie):
    response = client_for(charlie).patch(
        "/api/v1/me/",
        {"language": "en", "time_zone": "Europe/Berlin", "email": "someone@else.test"},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    charlie.refresh_from_db()
    assert (charlie.language, charlie.time_zone) == ("en", "Europe/Berlin")
    assert charlie.email == "charlie@moe.test"  # read-only here
    assert response["Content-Language"] == "en"
    entry = AuditEntry.objects.get(action="accounts.user.update_profile")
    assert entry.changes["time_zone"] == ["Asia/Bangkok", "Europe/Berlin"]


def test_an_unknown_time_zone_is_a_field_error_and_changes_nothing(client_for, charlie):
    response = client_for(charlie).patch(
        "/api/v1/me/",
        {"time_zone": "Mars/Olympus", "language": "en"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["time_zone"]
    charlie.refresh_from_db()
    assert (charlie.language, charlie.time_zone) == ("th", "Asia/Bangkok")


def test_a_token_user_reads_their_profile(client, bob):
    _token, key = api_token_create(user=bob, name="laptop", by=bob)

    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.json()["email"] == "bob@opdc.test"


def test_the_token_list_shows_names_prefixes_and_dates_never_keys(client_for, bob, charlie):
    active, key = api_token_create(user=bob, name="laptop", by=bob)
    old, _old_key = api_token_create(user=bob, name="old server", by=bob)
    api_token_revoke(token=old, by=bob)
    api_token_create(user=charlie, name="charlie's", by=charlie)

    response = client_for(bob).get("/api/v1/me/tokens/")

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["name"], r["prefix"], r["is_active"]) for r in rows] == [
        ("laptop", active.prefix, True),
        ("old server", old.prefix, False),
    ]
    assert rows[1]["revoked_at"] is not None
    assert set(rows[0]) == {
        "id",
        "name",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
        "is_active",
    }
    assert key not in response.content.decode()
    assert active.key_hash not in response.content.decode()


def test_tokens_cannot_be_made_or_revoked_through_the_api(client_for, bob):
    client = client_for(bob)

    assert (
        client.post(
            "/api/v1/me/tokens/", {"name": "x"}, content_type="application/json"
        ).status_code
        == 405
    )
    assert client.delete("/api/v1/me/tokens/").status_code == 405
