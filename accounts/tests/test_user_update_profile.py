from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.services import user_update_profile
from audit.models import AuditEntry


def test_it_saves_the_profile_and_records_what_changed(charlie):
    user_update_profile(
        user=charlie,
        by=charlie,
        display_name="  Charlie   Chan ",
        language="en",
        time_zone="Asia/Tokyo",
    )

    charlie.refresh_from_db()
    assert (charlie.display_name, charlie.language, charlie.time_zone) == (
        "Charlie Chan",
        "en",
        "Asia/Tokyo",
    )
    entry = AuditEntry.objects.get(action="accounts.user.update_profile")
    assert entry.actor == charlie
    assert entry.object_id == str(charlie.pk)
    assert entry.changes == {
        "display_name": ["Charlie", "Charlie Chan"],
        "language": ["th", "en"],
        "time_zone": ["Asia/Bangkok", "Asia/Tokyo"],
    }


def test_it_records_the_administrator_who_made_the_change(alice, charlie):
    user_update_profile(user=charlie, by=alice, language="en")

    entry = AuditEntry.objects.get(action="accounts.user.update_profile")
    assert entry.actor == alice
    assert entry.changes == {"language": ["th", "en"]}


def test_it_records_nothing_when_nothing_changes(charlie):
    user_update_profile(user=charlie, by=charlie, language="th", time_zone="Asia/Bangkok")

    assert not AuditEntry.objects.filter(action="accounts.user.update_profile").exists()


@pytest.mark.parametrize("language", ["de", "", "TH", "th-TH"])
def test_it_rejects_a_language_saphan_does_not_speak(charlie, language):
    with pytest.raises(ValidationError) as error:
        user_update_profile(user=charlie, by=charlie, language=language, display_name="Changed")

    assert "language" in error.value.message_dict
    charlie.refresh_from_db()
    assert (charlie.language, charlie.display_name) == ("th", "Charlie")
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "zone", ["Asia/Krung_Thep", "", "Bangkok", "../etc/passwd", " Asia/Bangkok"]
)
def test_it_rejects_an_unknown_time_zone(charlie, zone):
    with pytest.raises(ValidationError) as error:
        user_update_profile(user=charlie, by=charlie, time_zone=zone)

    assert "time_zone" in error.value.message_dict
    charlie.refresh_from_db()
    assert charlie.time_zone == "Asia/Bangkok"


def test_it_rejects_a_display_name_that_is_too_long(charlie):
    with pytest.raises(ValidationError):
        user_update_profile(user=charlie, by=charlie, display_name="ก" * 201)


def test_it_refuses_fields_that_are_not_preferences(charlie):
    with pytest.raises(TypeError):
        user_update_profile(user=charlie, by=charlie, is_superuser=True)
    charlie.refresh_from_db()
    assert not charlie.is_superuser
