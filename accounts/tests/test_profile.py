from __future__ import annotations

from django.urls import reverse

from audit.models import AuditEntry


def test_the_profile_page_needs_a_sign_in(client, db):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_profile_page_shows_thai_and_bangkok_by_default(client_for, charlie):
    page = client_for(charlie).get(reverse("accounts:profile")).content.decode()

    assert '<option value="th" selected>' in page
    assert '<option value="Asia/Bangkok" selected>' in page
    assert "<optgroup" in page


def test_a_user_saves_their_profile(client_for, charlie):
    client = client_for(charlie)

    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "ชาลี", "language": "en", "time_zone": "Europe/Berlin"},
        follow=True,
    )

    charlie.refresh_from_db()
    assert (charlie.display_name, charlie.language, charlie.time_zone) == (
        "ชาลี",
        "en",
        "Europe/Berlin",
    )
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Your profile is saved." in page
    assert (
        AuditEntry.objects.filter(action="accounts.user.update_profile", actor=charlie).count() == 1
    )


def test_a_bad_time_zone_is_explained_and_changes_nothing(client_for, charlie):
    response = client_for(charlie).post(
        reverse("accounts:profile"),
        {"display_name": "X", "language": "th", "time_zone": "Mars/Olympus"},
    )

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    charlie.refresh_from_db()
    assert (charlie.display_name, charlie.time_zone) == ("Charlie", "Asia/Bangkok")
    assert not AuditEntry.objects.exists()


def test_a_legacy_zone_set_elsewhere_can_be_kept(client_for, charlie):
    charlie.time_zone = "US/Eastern"
    charlie.save()

    client_for(charlie).post(
        reverse("accounts:profile"),
        {"display_name": "C", "language": "th", "time_zone": "US/Eastern"},
    )

    charlie.refresh_from_db()
    assert (charlie.display_name, charlie.time_zone) == ("C", "US/Eastern")
