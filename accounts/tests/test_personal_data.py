"""PDPA rights of a signed-in user over their own data: download, consent,
erasure. Bob is a focal point of OPDC with a directory record; Charlie is
another member whose data must never show up in Bob's."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import ApiToken, User
from accounts.selectors import personal_data_for_user
from accounts.services import api_token_create, user_erase
from audit.models import AuditEntry
from conftest import PASSWORD
from directory.models import Person
from directory.services import affiliation_add, person_create, person_update


@pytest.fixture
def bob_person(bob, opdc):
    person = person_create(
        by=None,
        honorific="นาย",
        first_name_th="บุญมี",
        last_name_th="ใจดี",
        first_name_en="Boonmee",
        last_name_en="Jaidee",
        position="นักวิเคราะห์นโยบาย",
        email="boonmee.personal@example.org",
        phone="081-234-5678",
        contact_consent=True,
        tags=["ป.ย.ป. 3"],
        organisation=opdc,
        start_date=dt.date(2021, 10, 1),
    )
    person.user = bob
    person.save()
    return person


@pytest.fixture
def charlie_person(charlie, ocsc):
    person = person_create(
        by=charlie,
        first_name_th="ชาลี",
        last_name_th="ลับเฉพาะ",
        email="charlie.secret@example.org",
        phone="099-999-0000",
        organisation=ocsc,
    )
    person.user = charlie
    person.save()
    return person


def _download(client: Client) -> tuple[dict, str]:
    response = client.get(reverse("accounts:personal_data"))
    assert response.status_code == 200
    body = response.content.decode("utf-8")
    return json.loads(body), body


# Download ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"),
    [("accounts:personal_data", "get"), ("accounts:erase", "get"), ("accounts:erase", "post"),
     ("accounts:contact_consent", "post")],
)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, db, name, method):
    response = getattr(client, method)(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_download_holds_the_users_data_and_nothing_of_others(
    client_for, bob, bob_person, charlie, charlie_person
):
    _token, bob_key = api_token_create(user=bob, name="ระบบข้อมูลกระทรวง", by=bob)
    _other, charlie_key = api_token_create(user=charlie, name="charlie-sync", by=charlie)

    response = client_for(bob).get(reverse("accounts:personal_data"))

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="saphan-personal-data-')
    body = response.content.decode("utf-8")
    assert "บุญมี" in body  # readable Thai, not \u escapes
    data = json.loads(body)
    assert data["account"]["email"] == "bob@opdc.test"
    assert data["account"]["display_name"] == "Bob"
    assert (data["account"]["language"], data["account"]["time_zone"]) == ("th", "Asia/Bangkok")
    assert [t["name"] for t in data["api_tokens"]] == ["ระบบข้อมูลกระทรวง"]
    assert data["api_tokens"][0]["prefix"] == bob_key[:8]
    person = data["directory_person"]
    assert (person["first_name_th"], person["honorific"], person["phone"]) == (
        "บุญมี",
        "นาย",
        "081-234-5678",
    )
    assert person["contact_consent"] is True and person["contact_consent_at"]
    assert person["tags"] == ["ป.ย.ป. 3"]
    assert person["affiliations"][0]["organisation"]["name_th"] == "สำนักงานคณะกรรมการพัฒนาระบบราชการ"
    assert person["affiliations"][0]["start_date"] == "2021-10-01"
    assert [o["abbreviation_en"] for o in data["focal_point_of"]] == ["OPDC"]
    actions = {(e["action"], e["actor"]) for e in data["audit_entries"]}
    assert ("directory.person.create", "system") in actions
    assert ("accounts.api_token.create", "self") in actions
    # Nothing secret, nothing of Charlie.
    for secret in (bob_key, charlie_key, "key_hash", "password", bob.password):
        assert secret not in body
    for other in ("charlie", "ชาลี", "099-999-0000", "OCSC"):
        assert other.lower() not in body.lower()


def test_the_download_is_recorded_in_the_audit_log(client_for, bob):
    client_for(bob).get(reverse("accounts:personal_data"))

    entry = AuditEntry.objects.get(action="accounts.personal_data.export")
    assert (entry.actor, entry.object_id) == (bob, str(bob.pk))


def test_changes_to_another_persons_record_name_only_the_fields(client_for, bob, opdc):
    colleague = person_create(by=None, first_name_th="สมหญิง", organisation=opdc)
    person_update(person=colleague, by=bob, phone="02-111-2222")

    data, body = _download(client_for(bob))

    entry = next(e for e in data["audit_entries"] if e["action"] == "directory.person.update")
    assert entry["actor"] == "self"
    assert entry["object"] == {"type": "directory.person", "id": str(colleague.pk), "name": "สมหญิง"}
    assert entry["changed_fields"] == ["phone"] and "changes" not in entry
    assert "02-111-2222" not in body


def test_the_export_reads_a_fixed_number_of_queries(bob, bob_person, opdc, ocsc):
    with CaptureQueriesContext(connection) as few:
        personal_data_for_user(bob)
    for n in range(5):
        api_token_create(user=bob, name=f"token {n}", by=bob)
        affiliation_add(person=bob_person, organisation=ocsc, by=bob, position=f"{n}")
        person_update(person=bob_person, by=bob, tags=[f"tag {n}", "ป.ย.ป. 3"])
    ocsc.focal_points.add(bob)

    with CaptureQueriesContext(connection) as many:
        data = personal_data_for_user(bob)

    assert len(data["api_tokens"]) == 5 and len(data["directory_person"]["affiliations"]) == 6
    assert len(many) == len(few)


# Consent -------------------------------------------------------------------


def test_the_profile_shows_the_consent_and_withdraws_it(client_for, bob, bob_person):
    client = client_for(bob)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'data-consent-state="given"' in page
    assert 'name="consent" value="0"' in page

    response = client.post(reverse("accounts:contact_consent"), {"consent": "0"}, follow=True)

    bob_person.refresh_from_db()
    assert (bob_person.contact_consent, bob_person.contact_consent_at) == (False, None)
    entry = AuditEntry.objects.get(action="directory.person.update", actor=bob)
    assert entry.changes == {"contact_consent": [True, False]}
    assert 'data-consent-state="withdrawn"' in response.content.decode()


def test_consent_can_be_given_again(client_for, bob, bob_person):
    person_update(person=bob_person, by=bob, contact_consent=False)

    client_for(bob).post(reverse("accounts:contact_consent"), {"consent": "1"})

    bob_person.refresh_from_db()
    assert bob_person.contact_consent is True and bob_person.contact_consent_at is not None


def test_a_bad_consent_choice_changes_nothing(client_for, bob, bob_person):
    client_for(bob).post(reverse("accounts:contact_consent"), {"consent": "maybe"})

    bob_person.refresh_from_db()
    assert bob_person.contact_consent is True
    assert not AuditEntry.objects.filter(action="directory.person.update").exists()


def test_a_user_without_a_directory_record_has_no_consent_to_change(client_for, charlie):
    client = client_for(charlie)

    assert 'data-consent-state="no-person"' in client.get(reverse("accounts:profile")).content.decode()
    assert client.post(reverse("accounts:contact_consent"), {"consent": "1"}).status_code == 404


# Erasure -------------------------------------------------------------------


def test_the_erase_page_explains_what_is_erased_and_kept(client_for, bob, bob_person):
    page = client_for(bob).get(reverse("accounts:erase")).content.decode()

    assert 'id="erased-title"' in page and 'id="kept-title"' in page
    assert bob_person.get_absolute_url() in page
    assert 'type="password"' in page


def test_a_wrong_password_erases_nothing(client_for, bob, bob_person):
    api_token_create(user=bob, name="sync", by=bob)
    entries_before = AuditEntry.objects.count()

    response = client_for(bob).post(reverse("accounts:erase"), {"password": "not-it"})

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    bob.refresh_from_db()
    bob_person.refresh_from_db()
    assert (bob.email, bob.is_active, bob.check_password(PASSWORD)) == ("bob@opdc.test", True, True)
    assert bob_person.user == bob and bob_person.email
    assert ApiToken.objects.filter(user=bob).count() == 1
    assert AuditEntry.objects.count() == entries_before


def test_erasure_removes_the_account_and_its_personal_data(client, client_for, bob, bob_person, opdc):
    api_token_create(user=bob, name="sync", by=bob)
    other_session = Client()
    other_session.force_login(bob)
    bob.language = "en"
    bob.save()

    response = client_for(bob).post(reverse("accounts:erase"), {"password": PASSWORD}, follow=True)

    assert "Your account is erased" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert other_session.get(reverse("accounts:profile")).status_code == 302
    bob.refresh_from_db()
    assert bob.email == f"erased-{bob.pk}@invalid"
    assert (bob.display_name, bob.is_active, bob.has_usable_password()) == ("", False, False)
    assert not User.objects.filter(email__icontains="bob@opdc.test").exists()
    assert not client.login(username="bob@opdc.test", password=PASSWORD)
    assert not ApiToken.objects.filter(user=bob).exists()
    assert not opdc.focal_points.exists()
    person = Person.objects.get(pk=bob_person.pk)  # kept: it is directory data
    assert (person.user, person.email, person.phone, person.contact_consent) == (None, "", "", False)
    assert person.first_name_th == "บุญมี"
    erase = AuditEntry.objects.get(action="accounts.user.erase")
    assert erase.actor_label == f"erased user #{bob.pk}"


def test_erasure_removes_the_email_and_contact_from_the_audit_log(bob, bob_person, opdc):
    person_update(person=bob_person, by=bob, position="ผู้อำนวยการกอง")
    entries_by_bob = AuditEntry.objects.filter(actor=bob).count()

    user_erase(user=bob, by=bob)

    assert AuditEntry.objects.filter(actor=bob).count() == entries_by_bob + 3
    assert set(AuditEntry.objects.filter(actor=bob).values_list("actor_label", flat=True)) == {
        f"erased user #{bob.pk}"
    }
    for value in ("bob@opdc.test", "boonmee.personal@example.org", "081-234-5678"):
        assert not AuditEntry.objects.filter(actor_label__icontains=value).exists()
        assert not any(value in json.dumps(e.changes) for e in AuditEntry.objects.all()), value
    # The focal-point change is still there, naming the erased user instead.
    focal = AuditEntry.objects.get(action="directory.organisation.focal_points")
    assert focal.changes == {"focal_points": [[f"erased user #{bob.pk}"], []]}


def test_the_last_administrator_cannot_erase_themselves(client_for, alice):
    alice.language = "en"
    alice.save()
    response = client_for(alice).post(reverse("accounts:erase"), {"password": PASSWORD})

    assert "last active administrator" in response.content.decode()
    alice.refresh_from_db()
    assert (alice.email, alice.is_active) == ("alice@saphan.test", True)
    assert not AuditEntry.objects.filter(action="accounts.user.erase").exists()


def test_an_administrator_may_erase_themselves_when_another_remains(alice):
    User.objects.create_superuser(email="dara@saphan.test", password=PASSWORD)

    user_erase(user=alice, by=alice)

    alice.refresh_from_db()
    assert not alice.is_active


def test_the_last_administrator_refusal_changes_nothing_at_the_service(alice):
    with pytest.raises(ValidationError):
        user_erase(user=alice, by=alice)

    alice.refresh_from_db()
    assert alice.is_active and alice.email == "alice@saphan.test"


def test_erasure_renames_the_account_in_the_admin_history(alice, bob):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.log_actions(
        user_id=alice.pk, queryset=[bob], action_flag=CHANGE, change_message="", single_object=True
    )

    user_erase(user=bob, by=alice)

    assert LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(User)
    ).object_repr == f"erased user #{bob.pk}"
