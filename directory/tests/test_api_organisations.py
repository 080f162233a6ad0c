"""/api/v1/organisations/: public reads, rule-checked writes, merge."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.services import api_token_create, api_token_revoke
from audit.models import AuditEntry
from directory.models import Organisation, OrganisationAlias, Province
from directory.services import organisation_create, organisation_update
from search.indexing import index_objects

pytestmark = pytest.mark.django_db

LIST = "/api/v1/organisations/"


def detail(organisation: Organisation) -> str:
    return f"/api/v1/organisations/{organisation.pk}/"


@pytest.fixture
def token_for():
    def make(user) -> str:
        _token, key = api_token_create(user=user, name="script", by=user)
        return key

    return make


def test_anonymous_can_list_organisations(client, opdc, ocsc):
    response = client.get(LIST)

    assert response.status_code == 200
    rows = {row["abbreviation_en"]: row for row in response.json()["results"]}
    assert set(rows) == {"OPDC", "OCSC"}
    assert rows["OPDC"]["name_th"] == "สำนักงานคณะกรรมการพัฒนาระบบราชการ"
    assert rows["OPDC"]["web_url"] == f"http://testserver{opdc.get_absolute_url()}"
    assert response.json()["count"] == 2


def test_it_filters_by_sector_kind_province_parent_and_active(client, opdc, ocsc):
    bangkok = Province.objects.get(code="10")
    division = organisation_create(
        by=None,
        name_th="กองพัฒนาระบบบริหาร",
        sector="gov_central",
        kind="division",
        parent=opdc,
        province=bangkok,
    )
    closed = organisation_create(
        by=None, name_th="มูลนิธิที่ปิดแล้ว", sector="civil_society", kind="ngo", is_active=False
    )

    def ids(**params) -> set[int]:
        response = client.get(LIST, params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids(kind="division") == {division.pk}
    assert ids(sector="civil_society") == {closed.pk}
    assert ids(province="10") == {division.pk}
    assert ids(parent=opdc.pk) == {division.pk}
    assert ids(is_active="false") == {closed.pk}
    assert ids(is_active="true") == {opdc.pk, ocsc.pk, division.pk}
    assert ids() == {opdc.pk, ocsc.pk, division.pk, closed.pk}


def test_it_rejects_unknown_filter_values_with_field_errors(client, opdc):
    response = client.get(LIST, {"sector": "bogus", "province": "99", "parent": "abc"})

    assert response.status_code == 400
    assert set(response.json()) == {"sector", "province", "parent"}


def test_retrieve_shows_aliases_parent_and_children(client, opdc):
    ministry = organisation_create(
        by=None, name_th="สำนักนายกรัฐมนตรี", sector="gov_central", kind="ministry"
    )
    organisation_update(
        organisation=opdc,
        by=None,
        parent=ministry,
        aliases=[("สำนักงาน ก.พ.ร.", OrganisationAlias.Kind.ALIAS)],
    )
    child = organisation_create(
        by=None, name_th="กองพัฒนาระบบบริหาร", sector="gov_central", kind="division", parent=opdc
    )

    body = client.get(detail(opdc)).json()

    assert body["parent"]["id"] == ministry.pk
    assert body["parent"]["name_th"] == "สำนักนายกรัฐมนตรี"
    assert body["children"] == [child.pk]
    assert body["aliases"] == [{"name": "สำนักงาน ก.พ.ร.", "kind": "alias"}]


def test_an_unknown_organisation_is_404(client, opdc):
    assert client.get("/api/v1/organisations/999999/").status_code == 404
    assert client.get("/api/v1/organisations/abc/").status_code == 404


def test_anonymous_post_is_refused(client):
    response = client.post(
        LIST,
        {"name_th": "หน่วยงานใหม่", "sector": "gov_central", "kind": "office"},
        content_type="application/json",
    )

    assert response.status_code in {401, 403}
    assert not Organisation.objects.filter(name_th="หน่วยงานใหม่").exists()


def test_a_token_post_creates_an_organisation_and_an_audit_entry(client, alice, token_for):
    key = token_for(alice)

    response = client.post(
        LIST,
        {
            "name_th": "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ",
            "abbreviation_th": "สศช.",
            "abbreviation_en": "NESDC",
            "sector": "gov_central",
            "kind": "office",
            "province": "10",
            "aliases": [{"name": "สภาพัฒน์", "kind": "alias"}],
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    organisation = Organisation.objects.get(pk=body["id"])
    assert organisation.abbreviation_en == "NESDC"
    assert organisation.province.code == "10"
    assert body["aliases"] == [{"name": "สภาพัฒน์", "kind": "alias"}]
    entry = AuditEntry.objects.get(
        action="directory.organisation.create", object_id=str(organisation.pk)
    )
    assert entry.actor == alice


def test_a_revoked_token_is_refused(client, alice, token_for):
    token, key = api_token_create(user=alice, name="old script", by=alice)
    api_token_revoke(token=token, by=alice)

    response = client.post(
        LIST,
        {"name_th": "หน่วยงานใหม่", "sector": "gov_central", "kind": "office"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )

    assert response.status_code == 401
    assert not Organisation.objects.filter(name_th="หน่วยงานใหม่").exists()


def test_a_session_post_without_csrf_is_refused(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    payload = {"name_th": "หน่วยงานใหม่", "sector": "gov_central", "kind": "office"}

    refused = client.post(LIST, payload, content_type="application/json")

    assert refused.status_code == 403
    assert not Organisation.objects.filter(name_th="หน่วยงานใหม่").exists()

    client.get("/api/v1/docs/")  # any page that sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(LIST, payload, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201, accepted.content


def test_charlie_cannot_edit_opdc(client_for, charlie, opdc):
    response = client_for(charlie).patch(
        detail(opdc), {"name_en": "Hijacked"}, content_type="application/json"
    )

    assert response.status_code == 403
    opdc.refresh_from_db()
    assert opdc.name_en == "Office of the Public Sector Development Commission"


def test_bob_can_edit_opdc_and_the_change_is_audited(client_for, bob, opdc):
    response = client_for(bob).patch(
        detail(opdc), {"website": "https://www.opdc.go.th"}, content_type="application/json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["website"] == "https://www.opdc.go.th"
    entry = AuditEntry.objects.get(action="directory.organisation.update", object_id=str(opdc.pk))
    assert entry.actor == bob
    assert entry.changes["website"] == ["", "https://www.opdc.go.th"]


def test_bob_cannot_edit_another_organisation_or_create_one(client_for, bob, ocsc):
    client = client_for(bob)

    assert (
        client.patch(detail(ocsc), {"name_en": "x"}, content_type="application/json").status_code
        == 403
    )
    created = client.post(
        LIST,
        {"name_th": "หน่วยงานใหม่", "sector": "gov_central", "kind": "office"},
        content_type="application/json",
    )
    assert created.status_code == 403


def test_put_replaces_fields_and_aliases(client_for, alice, opdc):
    response = client_for(alice).put(
        detail(opdc),
        {
            "name_th": opdc.name_th,
            "name_en": "OPDC",
            "sector": "gov_central",
            "kind": "office",
            "aliases": [{"name": "สำนักงาน ก.พ.ร.", "kind": "alias"}],
        },
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    opdc.refresh_from_db()
    assert opdc.name_en == "OPDC"
    assert [a.name for a in opdc.aliases.all()] == ["สำนักงาน ก.พ.ร."]


def test_a_service_validation_error_becomes_a_400_and_changes_nothing(client_for, alice, opdc):
    child = organisation_create(
        by=None, name_th="กองพัฒนาระบบบริหาร", sector="gov_central", kind="division", parent=opdc
    )

    response = client_for(alice).patch(
        detail(opdc), {"parent": child.pk, "name_en": "Changed"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["parent"]
    opdc.refresh_from_db()
    assert opdc.parent_id is None
    assert opdc.name_en == "Office of the Public Sector Development Commission"


@pytest.mark.parametrize(
    ("language", "message"), [("en", "This field is required."), ("th", "ฟิลด์นี้จำเป็น")]
)
def test_field_errors_come_in_the_users_language(client_for, alice, language, message):
    alice.language = language
    alice.save()

    response = client_for(alice).post(
        LIST, {"sector": "gov_central"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["name_th"] == [message]
    assert response.json()["kind"] == [message]


def test_a_token_users_language_decides_the_error_language(client, alice, token_for):
    # The locale middleware runs before DRF reads the token, so this is the
    # API's own doing: without it the answer would be in Thai.
    alice.language = "en"
    alice.save()

    response = client.post(
        LIST,
        {"sector": "gov_central", "kind": "office"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token_for(alice)}",
    )

    assert response.status_code == 400
    assert response.json()["name_th"] == ["This field is required."]
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ({"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.8"}, '"bogus" is not a valid choice.'),
        ({}, '"bogus" ไม่ใช่ตัวเลือกที่ถูกต้อง'),
    ],
)
def test_anonymous_clients_get_errors_in_the_language_they_accept(client, header, message):
    response = client.get(LIST, {"sector": "bogus"}, **header)

    assert response.status_code == 400
    assert response.json()["sector"] == [message]


def test_merge_folds_a_duplicate_into_the_kept_record(client_for, alice, opdc):
    duplicate = organisation_create(
        by=None,
        name_th="สำนักงาน ก.พ.ร.",
        name_en="OPDC Thailand",
        sector="gov_central",
        kind="office",
    )

    response = client_for(alice).post(
        f"{detail(opdc)}merge/", {"duplicate": duplicate.pk}, content_type="application/json"
    )

    assert response.status_code == 200, response.content
    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
    assert {"สำนักงาน ก.พ.ร.", "OPDC Thailand"} <= {a["name"] for a in response.json()["aliases"]}
    assert AuditEntry.objects.filter(
        action="directory.organisation.merge", object_id=str(opdc.pk)
    ).exists()


def test_merge_is_for_administrators_only(client_for, bob, opdc, ocsc):
    response = client_for(bob).post(
        f"{detail(opdc)}merge/", {"duplicate": ocsc.pk}, content_type="application/json"
    )

    assert response.status_code == 403
    assert Organisation.objects.filter(pk=ocsc.pk).exists()


def test_merging_a_record_with_itself_is_a_field_error(client_for, alice, opdc):
    response = client_for(alice).post(
        f"{detail(opdc)}merge/", {"duplicate": opdc.pk}, content_type="application/json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["duplicate"]


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_costs_the_same_queries_whatever_its_size(client, django_assert_num_queries, size):
    bangkok = Province.objects.get(code="10")
    parent = organisation_create(
        by=None, name_th="กระทรวงตัวอย่าง", sector="gov_central", kind="ministry"
    )
    for n in range(size):
        organisation_create(
            by=None,
            name_th=f"กรมตัวอย่าง {n}",
            sector="gov_central",
            kind="department",
            parent=parent,
            province=bangkok,
        )

    # A count and a page (with parent and province joined), nothing per row.
    with django_assert_num_queries(2):
        response = client.get(LIST)
    assert len(response.json()["results"]) == size + 1


@pytest.mark.parametrize("query", ["กพร", "ก.พ.ร.", "OPDC", "สำนักงานคณะกรรมการพัฒนาระบบราชการ"])
def test_q_finds_the_organisation_first_and_combines_with_filters(client, opdc, ocsc, query):
    index_objects(kind="organisation", ids=[opdc.pk, ocsc.pk])

    found = client.get(LIST, {"q": query}).json()["results"]
    assert found[0]["id"] == opdc.pk

    assert client.get(LIST, {"q": query, "sector": "academia"}).json()["count"] == 0


def test_q_with_no_hits_is_an_empty_list(client, opdc):
    index_objects(kind="organisation", ids=[opdc.pk])

    assert client.get(LIST, {"q": "ไม่มีหน่วยงานนี้แน่นอน xyzzy"}).json()["count"] == 0
