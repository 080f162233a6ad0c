"""Adding and editing people, their affiliations, and merging duplicates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from directory.models import Affiliation, Person
from search.indexing import index_objects

pytestmark = pytest.mark.django_db


def person_data(**overrides):
    return {
        "honorific": "นางสาว",
        "academic_title": "",
        "first_name_th": "สมหญิง",
        "last_name_th": "ใจงาม",
        "first_name_en": "Somying",
        "last_name_en": "Jai-ngam",
        "position": "นักวิเคราะห์นโยบาย",
        "email": "somying@example.go.th",
        "phone": "",
        "tags": "ป.ย.ป. 3, ป.ย.ป. 3,  นวัตกรรม ",
        **overrides,
    }


@pytest.fixture
def member(db, opdc):
    person = Person.objects.create(first_name_th="สมชาย", last_name_th="ใจดี", email="somchai@example.go.th")
    Affiliation.objects.create(person=person, organisation=opdc, position="นักวิเคราะห์")
    return person


# --- Create ----------------------------------------------------------------------------


def test_the_form_suggests_titles(client_for, alice):
    html = client_for(alice).get(reverse("directory:person_create")).content.decode()
    for title in ["นาย", "นางสาว", "ผศ.ดร.", "รศ.", "Prof."]:
        assert f'<option value="{title}">' in html
    assert 'list="honorifics"' in html and 'list="academic-titles"' in html


def test_a_focal_point_adds_a_person_to_their_organisation(client_for, bob, opdc):
    response = client_for(bob).post(
        reverse("directory:person_create"), person_data(organisation=opdc.pk, start_date="2024-10-01")
    )
    person = Person.objects.get(first_name_th="สมหญิง")
    assert response["Location"] == person.get_absolute_url()
    affiliation = person.affiliations.get()
    assert affiliation.organisation == opdc and affiliation.start_date == dt.date(2024, 10, 1)
    assert set(person.tags.values_list("name", flat=True)) == {"ป.ย.ป. 3", "นวัตกรรม"}
    assert AuditEntry.objects.get(action="directory.person.create").actor == bob


def test_a_focal_point_cannot_add_a_person_to_another_organisation(client_for, bob, ocsc):
    response = client_for(bob).post(reverse("directory:person_create"), person_data(organisation=ocsc.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]
    assert not Person.objects.exists()


def test_charlie_cannot_add_people(client_for, charlie, opdc):
    response = client_for(charlie).post(reverse("directory:person_create"), person_data(organisation=opdc.pk))
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_an_administrator_adds_a_person_without_an_organisation(client_for, alice):
    client_for(alice).post(reverse("directory:person_create"), person_data(honorific="", academic_title="ผศ.ดร."))
    person = Person.objects.get()
    assert person.full_name == "ผศ.ดร.สมหญิง ใจงาม"
    assert not person.affiliations.exists()


def test_a_person_without_any_first_name_is_an_error_and_nothing_is_saved(client_for, alice):
    response = client_for(alice).post(
        reverse("directory:person_create"), person_data(first_name_th="", first_name_en="", email="not-an-email")
    )
    errors = response.context["form"].errors
    assert "first_name_th" in errors and "email" in errors
    assert not Person.objects.exists()
    assert not AuditEntry.objects.exists()


# --- Edit -------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), [("alice", 302), ("bob", 302), ("charlie", 403)])
def test_who_may_edit_a_person(request, client_for, member, persona, status):
    client = client_for(request.getfixturevalue(persona))
    response = client.post(reverse("directory:person_edit", args=[member.pk]), person_data(first_name_th="สมชาย"))
    assert response.status_code == status
    member.refresh_from_db()
    assert (member.position == "นักวิเคราะห์นโยบาย") is (status == 302)


def test_the_person_edits_their_own_record_and_gives_consent(client_for, charlie, db):
    person = Person.objects.create(first_name_th="ชาลี", user=charlie)
    client_for(charlie).post(
        reverse("directory:person_edit", args=[person.pk]), person_data(first_name_th="ชาลี", contact_consent="on")
    )
    person.refresh_from_db()
    assert person.contact_consent and person.contact_consent_at is not None


def test_a_focal_point_no_longer_edits_someone_who_left(client_for, bob, member):
    member.affiliations.update(start_date=dt.date(2020, 1, 1), end_date=dt.date(2021, 1, 1))
    assert client_for(bob).get(reverse("directory:person_edit", args=[member.pk])).status_code == 403


def test_an_invalid_edit_changes_nothing(client_for, alice, member):
    response = client_for(alice).post(
        reverse("directory:person_edit", args=[member.pk]), person_data(first_name_th="", first_name_en="")
    )
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.first_name_th == "สมชาย" and member.email == "somchai@example.go.th"


# --- Affiliations -------------------------------------------------------------------------


def test_the_focal_point_records_a_move_with_dates(client_for, bob, member, ocsc):
    client = client_for(bob)
    response = client.post(
        reverse("directory:affiliation_add", args=[member.pk]),
        {"organisation": "OCSC", "position": "ผู้อำนวยการ", "start_date": "2024-10-01", "end_date": ""},
    )
    assert response.status_code == 302
    assert member.affiliations.get(organisation=ocsc).position == "ผู้อำนวยการ"
    assert AuditEntry.objects.filter(action="directory.affiliation.add").exists()


def test_an_end_before_the_start_is_an_error(client_for, alice, member, ocsc):
    response = client_for(alice).post(
        reverse("directory:affiliation_add", args=[member.pk]),
        {"organisation": str(ocsc.pk), "start_date": "2024-10-01", "end_date": "2024-01-01"},
    )
    assert response.context["form"].errors["end_date"]
    assert not member.affiliations.filter(organisation=ocsc).exists()


def test_a_focal_point_brings_someone_into_their_own_organisation_only(client_for, bob, opdc, ocsc):
    outsider = Person.objects.create(first_name_th="คนนอก")
    client = client_for(bob)
    refused = client.post(reverse("directory:affiliation_add", args=[outsider.pk]), {"organisation": str(ocsc.pk)})
    assert refused.context["form"].errors["organisation"]
    accepted = client.post(reverse("directory:affiliation_add", args=[outsider.pk]), {"organisation": str(opdc.pk)})
    assert accepted.status_code == 302
    assert list(outsider.affiliations.values_list("organisation", flat=True)) == [opdc.pk]


def test_charlie_cannot_add_affiliations(client_for, charlie, member, ocsc):
    response = client_for(charlie).post(
        reverse("directory:affiliation_add", args=[member.pk]), {"organisation": str(ocsc.pk)}
    )
    assert response.status_code == 403


def test_ending_an_affiliation(client_for, bob, member):
    affiliation = member.affiliations.get()
    url = reverse("directory:affiliation_end", args=[member.pk, affiliation.pk])
    response = client_for(bob).post(url, {"end_date": "2025-01-31"})
    assert response.status_code == 302
    affiliation.refresh_from_db()
    assert affiliation.end_date == dt.date(2025, 1, 31)
    assert AuditEntry.objects.filter(action="directory.affiliation.end").exists()


def test_an_affiliation_of_someone_else_is_not_found(client_for, alice, member, opdc):
    other = Person.objects.create(first_name_th="อื่น")
    affiliation = Affiliation.objects.create(person=other, organisation=opdc)
    url = reverse("directory:affiliation_end", args=[member.pk, affiliation.pk])
    assert client_for(alice).post(url, {"end_date": "2025-01-31"}).status_code == 404


# --- Merge --------------------------------------------------------------------------------


def test_an_administrator_merges_two_people(client_for, alice, member, ocsc):
    duplicate = Person.objects.create(first_name_th="สมชาย", last_name_th="ใจดี", phone="02 111 2222")
    Affiliation.objects.create(person=duplicate, organisation=ocsc)
    index_objects(kind="person")
    client = client_for(alice)
    pick = client.get(reverse("directory:person_merge", args=[member.pk]), {"q": "สมชาย ใจดี"})
    assert [h.object_id for h in pick.context["hits"]] == [duplicate.pk]
    url = reverse("directory:person_merge_confirm", args=[member.pk, duplicate.pk])
    assert "02 111 2222" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    member.refresh_from_db()
    assert member.phone == "02 111 2222"
    assert set(member.affiliations.values_list("organisation__abbreviation_en", flat=True)) == {"OPDC", "OCSC"}
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert AuditEntry.objects.filter(action="directory.person.merge").exists()


def test_a_focal_point_cannot_merge_people(client_for, bob, member):
    other = Person.objects.create(first_name_th="อื่น")
    url = reverse("directory:person_merge_confirm", args=[member.pk, other.pk])
    assert client_for(bob).post(url).status_code == 403
    assert Person.objects.filter(pk=other.pk).exists()
