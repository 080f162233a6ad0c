from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.test import APIRequestFactory

from accounts.api_auth import PersonalTokenAuthentication
from accounts.models import ApiToken
from accounts.selectors import get_token_for_user
from accounts.services import api_token_create, api_token_revoke
from audit.models import AuditEntry


def test_it_creates_a_token_and_stores_only_its_hash(charlie):
    token, key = api_token_create(user=charlie, name="  data   sync ", by=charlie)

    assert token.user == charlie
    assert token.name == "data sync"
    assert key.startswith("sph_") and len(key) > 40
    assert token.prefix == key[: ApiToken.PREFIX_LENGTH]
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == ApiToken.hash_key(key)
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().get())


def test_it_records_the_creation_without_the_key(charlie):
    token, key = api_token_create(user=charlie, name="sync", by=charlie)

    entry = AuditEntry.objects.get(action="accounts.api_token.create")
    assert entry.actor == charlie
    assert entry.object_id == str(token.pk)
    assert key not in str(entry.changes)
    assert entry.changes["name"] == [None, "sync"]


def test_it_rejects_a_token_without_a_name(charlie):
    with pytest.raises(ValidationError):
        api_token_create(user=charlie, name="   ", by=charlie)
    assert not ApiToken.objects.exists()
    assert not AuditEntry.objects.exists()


def test_it_revokes_a_token_once(charlie):
    token, _ = api_token_create(user=charlie, name="sync", by=charlie)

    api_token_revoke(token=token, by=charlie)
    api_token_revoke(token=token, by=charlie)

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action="accounts.api_token.revoke").count() == 1


def test_a_token_is_fetched_only_for_its_owner(charlie, alice):
    token, _ = api_token_create(user=charlie, name="sync", by=charlie)

    assert get_token_for_user(charlie, token.pk) == token
    with pytest.raises(Http404):
        get_token_for_user(alice, token.pk)


def test_a_token_authenticates_its_user_until_revoked(charlie):
    token, key = api_token_create(user=charlie, name="sync", by=charlie)
    auth = PersonalTokenAuthentication()
    request = APIRequestFactory().get("/api/v1/", HTTP_AUTHORIZATION=f"Token {key}")

    user, used = auth.authenticate(request)
    assert (user, used) == (charlie, token)

    api_token_revoke(token=token, by=charlie)
    with pytest.raises(AuthenticationFailed):
        auth.authenticate(request)


def test_the_api_accepts_a_token_and_refuses_a_revoked_or_wrong_one(client, charlie):
    token, key = api_token_create(user=charlie, name="sync", by=charlie)
    url = reverse("api:schema")

    response = client.get(url, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None  # the request was authenticated with it

    assert client.get(url, HTTP_AUTHORIZATION="Token sph_not-a-real-key").status_code == 401
    api_token_revoke(token=token, by=charlie)
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_the_tokens_page_shows_a_new_key_once(client_for, charlie):
    client = client_for(charlie)

    response = client.post(reverse("accounts:tokens"), {"name": "ministry sync"}, follow=True)

    token = ApiToken.objects.get(user=charlie)
    page = response.content.decode()
    assert "ministry sync" in page
    key_shown = page.split('id="new-token-key">')[1].split("<")[0]
    assert ApiToken.hash_key(key_shown) == token.key_hash
    again = client.get(reverse("accounts:tokens")).content.decode()
    assert key_shown not in again
    assert token.prefix in again


def test_the_tokens_page_explains_a_missing_name(client_for, charlie):
    response = client_for(charlie).post(reverse("accounts:tokens"), {"name": ""})

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_user_cannot_revoke_someone_elses_token(client_for, alice, charlie):
    token, _ = api_token_create(user=alice, name="alice's", by=alice)

    response = client_for(charlie).post(reverse("accounts:token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_user_revokes_their_own_token(client_for, charlie):
    token, _ = api_token_create(user=charlie, name="sync", by=charlie)

    response = client_for(charlie).post(
        reverse("accounts:token_revoke", args=[token.pk]), follow=True
    )

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "sync" in response.content.decode()


def test_revoking_needs_a_post(client_for, charlie):
    token, _ = api_token_create(user=charlie, name="sync", by=charlie)

    response = client_for(charlie).get(reverse("accounts:token_revoke", args=[token.pk]))

    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_tokens_page_needs_a_sign_in(client):
    response = client.get(reverse("accounts:tokens"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
