"""The labs REST API: reads follow visibility, writes follow the rules and
go through the services."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from labs import services
from labs.models import Challenge, Lab, Member, Stage, Stakeholder

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


def test_anyone_lists_public_labs_only(api, lab, private_lab):
    response = api.get("/api/v1/labs/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [lab.pk]
    assert rows[0]["hosts"][0]["abbreviation_en"] == "OPDC"


def test_members_and_administrators_read_a_members_only_lab(api, private_lab, alice, charlie):
    assert api.get(f"/api/v1/labs/{private_lab.pk}/").status_code == 404
    assert as_user(api, charlie).get(f"/api/v1/labs/{private_lab.pk}/").status_code == 404
    assert as_user(api, alice).get(f"/api/v1/labs/{private_lab.pk}/").status_code == 200


def test_a_focal_point_creates_a_lab(api, bob, opdc):
    response = as_user(api, bob).post(
        "/api/v1/labs/", {"name_th": "แล็บ API", "hosts": [opdc.pk], "process": "d-school"}, format="json"
    )
    assert response.status_code == 201, response.json()
    lab = Lab.objects.get(pk=response.json()["id"])
    assert lab.process.key == "d-school" and Member.objects.get(lab=lab).person.user == bob


def test_a_member_without_a_role_cannot_create_a_lab(api, charlie):
    assert as_user(api, charlie).post("/api/v1/labs/", {"name_th": "x"}, format="json").status_code == 403
    assert not Lab.objects.exists()


def test_only_the_lead_changes_a_lab(api, lab, lena, fiona):
    assert as_user(api, fiona).patch(f"/api/v1/labs/{lab.pk}/", {"name_en": "X"}, format="json").status_code == 403
    response = as_user(api, lena).patch(f"/api/v1/labs/{lab.pk}/", {"name_en": "Lab X"}, format="json")
    assert response.status_code == 200 and response.json()["name_en"] == "Lab X"


def test_member_emails_go_to_those_who_run_the_lab(api, lab, lena, pat):
    anonymous = api.get(f"/api/v1/labs/{lab.pk}/members/").json()
    assert {row["person"]["id"] for row in anonymous} == {lena.person.pk, pat.person.pk}
    assert all("email" not in row for row in anonymous)
    assert all("email" in row for row in as_user(api, lena).get(f"/api/v1/labs/{lab.pk}/members/").json())


def test_the_lead_adds_a_member(api, lab, lena, ocsc):
    from directory.models import Person

    person = Person.objects.create(first_name_th="ใหม่")
    response = as_user(api, lena).post(
        f"/api/v1/labs/{lab.pk}/members/", {"person": person.pk, "organisation": ocsc.pk, "tags": ["ป.ย.ป. 2"]}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["tags"] == ["ป.ย.ป. 2"]
    again = as_user(api, lena).post(f"/api/v1/labs/{lab.pk}/members/", {"person": person.pk}, format="json")
    assert again.status_code == 400 and Member.objects.filter(person=person).count() == 1


def test_challenges_are_listed_by_visibility(api, lab, private_lab, challenge):
    services.challenge_create(lab=private_lab, by=None, title_th="ภายใน")
    rows = api.get("/api/v1/challenges/").json()["results"]
    assert [r["id"] for r in rows] == [challenge.pk]
    assert rows[0]["stage"]["key"] == "discover"
    assert api.get(f"/api/v1/challenges/?lab={private_lab.pk}").json()["results"] == []


def test_a_facilitator_creates_a_challenge_and_a_bad_stage_is_a_400(api, lab, fiona):
    other = Stage.objects.get(process__key="d-school", key="test")
    bad = as_user(api, fiona).post(
        "/api/v1/challenges/", {"lab": lab.pk, "title_th": "โจทย์", "stage": other.pk}, format="json"
    )
    assert bad.status_code == 400 and "stage" in bad.json()
    assert not Challenge.objects.exists()
    ok = as_user(api, fiona).post(
        "/api/v1/challenges/", {"lab": lab.pk, "title_th": "โจทย์", "sdgs": [3], "provinces": ["10"]}, format="json"
    )
    assert ok.status_code == 201, ok.json()
    assert ok.json()["sdgs"] == [3] and ok.json()["provinces"] == ["10"]


def test_a_participant_cannot_create_a_challenge(api, lab, pat):
    response = as_user(api, pat).post("/api/v1/challenges/", {"lab": lab.pk, "title_th": "โจทย์"}, format="json")
    assert response.status_code == 403
    assert not Challenge.objects.exists()


def test_stakeholders_are_added_moved_and_removed_through_the_rules(api, lab, fiona, pat, challenge, opdc):
    added = as_user(api, fiona).post(
        f"/api/v1/challenges/{challenge.pk}/stakeholders/", {"organisation": opdc.pk, "power": 90, "interest": 10}, format="json"
    )
    assert added.status_code == 201, added.json()
    pk = added.json()["id"]
    assert added.json()["quadrant"] == "keep_satisfied"
    off = as_user(api, fiona).patch(f"/api/v1/stakeholders/{pk}/", {"power": 140, "interest": 10}, format="json")
    assert off.status_code == 400 and "power" in off.json()
    assert as_user(api, pat).patch(f"/api/v1/stakeholders/{pk}/", {"power": 5, "interest": 5}, format="json").status_code == 403
    moved = as_user(api, fiona).patch(f"/api/v1/stakeholders/{pk}/", {"power": 90, "interest": 90}, format="json")
    assert moved.status_code == 200 and moved.json()["quadrant"] == "manage_closely"
    assert api.get(f"/api/v1/challenges/{challenge.pk}/stakeholders/").json()[0]["power"] == 90
    assert as_user(api, fiona).delete(f"/api/v1/stakeholders/{pk}/").status_code == 204
    assert not Stakeholder.objects.exists()


def test_the_openapi_document_lists_the_labs_endpoints(api, db):
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/labs/" in paths and "/api/v1/stakeholders/{id}/" in paths
