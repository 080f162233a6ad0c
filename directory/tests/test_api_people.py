"""/api/v1/people/: public records, contact details only for those who may
see them (PDPA), writes by administrators and focal points."""

from __future__ import annotations

import datetime as dt

import pytest

from audit.models import AuditEntry
from directory.models import Person
from directory.services import affiliation_add, person_create, person_update
from search.indexing import index_objects

pytestmark = pytest.mark.django_db

LIST = "/api/v1/people/"


def detail(person: Person) -> str:
    return f"/api/v1/people/{person.pk}/"


@pytest.fixture
def somchai(opdc):
    """Works at OPDC; has not consented to be contacted."""
    return person_create(
        by=None,
        honorific="นาย",
        first_name_th="สมชาย",
        last_name_th="ใจดี",
        first_name_en="Somchai",
        last_name_en="Jaidee",
        position="นักวิเคราะห์นโยบายและแผน",
        email="somchai@opdc.go.th",
        phone="02-356-9999",
        tags=["ป.ย.ป. 2"],
        organisation=opdc,
    )


def test_anonymous_sees_a_person_without_contact_details(client, somchai, opdc):
    response = client.get(detail(somchai))

    assert response.status_code == 200
    body = response.json()
    assert body["full_name"] == "นายสมชาย ใจดี"
    assert body["tags"] == ["ป.ย.ป. 2"]
    assert [a["organisation"]["id"] for a in body["affiliations"]] == [opdc.pk]
    assert body["affiliations"][0]["is_current"] is True
    assert "email" not in body
    assert "phone" not in body


def test_charlie_does_not_see_contact_details_without_consent(client_for, charlie, somchai):
    body = client_for(charlie).get(detail(somchai)).json()

    assert "email" not in body
    assert "phone" not in body


def test_charlie_sees_contact_details_once_the_person_consents(client_for, charlie, somchai):
    person_update(person=somchai, by=None, contact_consent=True)

    body = client_for(charlie).get(detail(somchai)).json()

    assert body["email"] == "somchai@opdc.go.th"
    assert body["phone"] == "02-356-9999"


def test_anonymous_never_sees_contact_details_even_with_consent(client, somchai):
    person_update(person=somchai, by=None, contact_consent=True)

    body = client.get(detail(somchai)).json()

    assert "email" not in body


def test_bob_sees_contact_details_of_his_organisations_people(client_for, bob, somchai, ocsc):
    client = client_for(bob)
    assert client.get(detail(somchai)).json()["email"] == "somchai@opdc.go.th"

    elsewhere = person_create(
        by=None, first_name_th="สมหญิง", email="somying@ocsc.go.th", organisation=ocsc
    )
    assert "email" not in client.get(detail(elsewhere)).json()


def test_the_list_never_shows_contact_details(client_for, alice, somchai):
    rows = client_for(alice).get(LIST).json()["results"]

    assert [row["id"] for row in rows] == [somchai.pk]
    assert "email" not in rows[0]
    assert "phone" not in rows[0]
    assert rows[0]["current_affiliations"][0]["organisation"]["abbreviation_en"] == "OPDC"


def test_the_list_filters_by_current_organisation_and_tag(client, somchai, opdc, ocsc):
    moved = person_create(by=None, first_name_th="สมศักดิ์", organisation=ocsc, tags=["ป.ย.ป. 3"])
    affiliation_add(
        person=moved,
        organisation=opdc,
        by=None,
        start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2019, 9, 30),
    )

    def ids(**params) -> list[int]:
        response = client.get(LIST, params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids(organisation=opdc.pk) == [somchai.pk]
    assert ids(organisation=ocsc.pk) == [moved.pk]
    assert ids(tag="ป.ย.ป. 3") == [moved.pk]
    assert client.get(LIST, {"tag": "no such tag"}).status_code == 400


def test_bob_adds_a_person_to_his_organisation(client_for, bob, opdc):
    response = client_for(bob).post(
        LIST,
        {
            "honorific": "นางสาว",
            "first_name_th": "สมใจ",
            "last_name_th": "รักงาน",
            "email": "somjai@opdc.go.th",
            "tags": ["ป.ย.ป. 4"],
            "organisation": opdc.pk,
            "start_date": "2024-10-01",
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    person = Person.objects.get(pk=body["id"])
    assert body["email"] == "somjai@opdc.go.th"
    assert [a.organisation for a in person.affiliations.all()] == [opdc]
    assert person.affiliations.get().start_date == dt.date(2024, 10, 1)
    assert (
        AuditEntry.objects.get(action="directory.person.create", object_id=str(person.pk)).actor
        == bob
    )


def test_bob_cannot_add_a_person_to_another_organisation(client_for, bob, ocsc):
    response = client_for(bob).post(
        LIST, {"first_name_th": "สมใจ", "organisation": ocsc.pk}, content_type="application/json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["organisation"]
    assert not Person.objects.exists()


def test_a_focal_point_must_name_the_organisation(client_for, bob):
    response = client_for(bob).post(
        LIST, {"first_name_th": "สมใจ"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["organisation"]


def test_charlie_cannot_add_people(client_for, charlie):
    response = client_for(charlie).post(
        LIST, {"first_name_th": "สมใจ"}, content_type="application/json"
    )

    assert response.status_code == 403


def test_a_person_needs_a_first_name(client_for, alice):
    response = client_for(alice).post(
        LIST, {"last_name_th": "ใจดี", "first_name_en": "  "}, content_type="application/json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["first_name_th"]
    assert not Person.objects.exists()


def test_bob_edits_his_organisations_people_and_charlie_cannot(client_for, bob, charlie, somchai):
    refused = client_for(charlie).patch(
        detail(somchai), {"position": "x"}, content_type="application/json"
    )
    assert refused.status_code == 403

    response = client_for(bob).patch(
        detail(somchai),
        {"position": "ผู้อำนวยการกอง", "tags": ["ป.ย.ป. 3"]},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    somchai.refresh_from_db()
    assert somchai.position == "ผู้อำนวยการกอง"
    assert response.json()["tags"] == ["ป.ย.ป. 3"]
    entry = AuditEntry.objects.get(action="directory.person.update", object_id=str(somchai.pk))
    assert entry.changes["tags"] == [["ป.ย.ป. 2"], ["ป.ย.ป. 3"]]


def test_clearing_both_first_names_is_refused(client_for, alice, somchai):
    response = client_for(alice).patch(
        detail(somchai), {"first_name_th": "", "first_name_en": ""}, content_type="application/json"
    )

    assert response.status_code == 400
    somchai.refresh_from_db()
    assert somchai.first_name_th == "สมชาย"


def test_alice_merges_duplicate_people(client_for, alice, somchai, ocsc):
    duplicate = person_create(
        by=None,
        first_name_th="สมชาย",
        last_name_th="ใจดี",
        phone="081-000-0000",
        tags=["ป.ย.ป. 3"],
        organisation=ocsc,
    )

    response = client_for(alice).post(
        f"{detail(somchai)}merge/", {"duplicate": duplicate.pk}, content_type="application/json"
    )

    assert response.status_code == 200, response.content
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert sorted(response.json()["tags"]) == ["ป.ย.ป. 2", "ป.ย.ป. 3"]
    assert len(response.json()["affiliations"]) == 2
    assert AuditEntry.objects.filter(
        action="directory.person.merge", object_id=str(somchai.pk)
    ).exists()


def test_bob_cannot_merge_people(client_for, bob, somchai):
    other = person_create(by=None, first_name_th="สมชาย")

    response = client_for(bob).post(
        f"{detail(somchai)}merge/", {"duplicate": other.pk}, content_type="application/json"
    )

    assert response.status_code == 403
    assert Person.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_costs_the_same_queries_whatever_its_size(
    client, django_assert_num_queries, opdc, ocsc, size
):
    for n in range(size):
        person = person_create(
            by=None, first_name_th=f"คนที่ {n}", tags=["ป.ย.ป. 2", f"รุ่น {n}"], organisation=opdc
        )
        affiliation_add(person=person, organisation=ocsc, by=None)

    # Count, page, current affiliations with their organisations, tags.
    with django_assert_num_queries(4):
        response = client.get(LIST)
    rows = response.json()["results"]
    assert len(rows) == size
    assert all(len(row["current_affiliations"]) == 2 and len(row["tags"]) == 2 for row in rows)


def test_q_finds_people_by_name(client, somchai, opdc):
    other = person_create(by=None, first_name_th="มานี", last_name_th="มีนา", organisation=opdc)
    index_objects(kind="person", ids=[somchai.pk, other.pk])

    rows = client.get(LIST, {"q": "Somchai"}).json()["results"]

    assert [row["id"] for row in rows] == [somchai.pk]
