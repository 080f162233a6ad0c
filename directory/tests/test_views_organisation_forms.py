"""Creating, editing and merging organisations through the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from directory.models import Affiliation, Organisation, OrganisationAlias, Person, Province
from search.indexing import index_objects

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    return {
        "name_th": "สำนักงานทดลอง",
        "name_en": "Test Office",
        "abbreviation_th": "สทล.",
        "abbreviation_en": "TO",
        "sector": "gov_central",
        "kind": "office",
        "parent": "",
        "province": "",
        "website": "",
        "is_active": "on",
        "aliases": "",
        **overrides,
    }


# --- Create -------------------------------------------------------------------------


def test_an_administrator_creates_an_organisation_with_parent_province_and_aliases(client_for, alice, opdc):
    province = Province.objects.get(name_en="Bangkok")
    response = client_for(alice).post(
        reverse("directory:organisation_create"),
        form_data(parent=f"{opdc.name_th} #{opdc.pk}", province=province.pk, aliases="สทล\nformer: กองทดลองเดิม"),
    )
    organisation = Organisation.objects.get(name_th="สำนักงานทดลอง")
    assert response.status_code == 302 and response["Location"] == organisation.get_absolute_url()
    assert organisation.parent == opdc and organisation.province == province
    # "สทล" only repeats the abbreviation without dots, so it is dropped.
    assert list(organisation.aliases.values_list("name", "kind")) == [("กองทดลองเดิม", "former")]
    assert AuditEntry.objects.filter(action="directory.organisation.create", object_id=str(organisation.pk)).exists()


def test_the_parent_can_be_typed_as_an_abbreviation(client_for, alice, opdc):
    client_for(alice).post(reverse("directory:organisation_create"), form_data(parent="OPDC"))
    assert Organisation.objects.get(name_th="สำนักงานทดลอง").parent == opdc


def test_an_unknown_parent_is_an_error_next_to_the_field_and_nothing_is_saved(client_for, alice, opdc):
    response = client_for(alice).post(reverse("directory:organisation_create"), form_data(parent="ไม่มีหน่วยนี้เลย"))
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]
    assert 'class="errorlist' in response.content.decode()
    assert not Organisation.objects.filter(name_th="สำนักงานทดลอง").exists()
    assert not AuditEntry.objects.filter(action="directory.organisation.create").exclude(actor=None).exists()


def test_a_missing_name_and_a_bad_sector_save_nothing(client_for, alice):
    response = client_for(alice).post(reverse("directory:organisation_create"), form_data(name_th="", sector="nope"))
    assert set(response.context["form"].errors) == {"name_th", "sector"}
    assert Organisation.objects.count() == 0


@pytest.mark.parametrize("persona", ["bob", "charlie"])
def test_only_administrators_create_organisations(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("directory:organisation_create")).status_code == 403
    assert client.post(reverse("directory:organisation_create"), form_data()).status_code == 403
    assert not Organisation.objects.filter(name_th="สำนักงานทดลอง").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("directory:organisation_create"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Edit ------------------------------------------------------------------------------


def test_the_focal_point_edits_their_organisation_and_keeps_alias_kinds(client_for, bob, opdc):
    OrganisationAlias.objects.create(organisation=opdc, name="สำนักงาน กพร", kind="former")
    client = client_for(bob)
    page = client.get(reverse("directory:organisation_edit", args=[opdc.pk]))
    assert "former: สำนักงาน กพร" in page.content.decode()
    response = client.post(
        reverse("directory:organisation_edit", args=[opdc.pk]),
        form_data(
            name_th=opdc.name_th,
            name_en=opdc.name_en,
            abbreviation_th=opdc.abbreviation_th,
            abbreviation_en=opdc.abbreviation_en,
            website="opdc.go.th",
            aliases="สำนักงาน กพร\nPublic Sector Development Commission",
        ),
    )
    assert response.status_code == 302
    opdc.refresh_from_db()
    assert opdc.website == "https://opdc.go.th"
    assert dict(opdc.aliases.values_list("name", "kind")) == {
        "สำนักงาน กพร": "former",
        "Public Sector Development Commission": "alias",
    }
    entry = AuditEntry.objects.get(action="directory.organisation.update")
    assert entry.actor == bob and "website" in entry.changes


def test_a_focal_point_cannot_edit_another_organisation(client_for, bob, ocsc):
    response = client_for(bob).post(reverse("directory:organisation_edit", args=[ocsc.pk]), form_data())
    assert response.status_code == 403
    ocsc.refresh_from_db()
    assert ocsc.name_th == "สำนักงานคณะกรรมการข้าราชการพลเรือน"


def test_charlie_cannot_edit(client_for, charlie, opdc):
    assert client_for(charlie).get(reverse("directory:organisation_edit", args=[opdc.pk])).status_code == 403


def test_a_parent_cycle_is_rejected_next_to_the_parent_field(client_for, alice, opdc):
    child = Organisation.objects.create(name_th="กองลูก", sector="gov_central", kind="division", parent=opdc)
    response = client_for(alice).post(
        reverse("directory:organisation_edit", args=[opdc.pk]),
        form_data(name_th=opdc.name_th, parent=f"x #{child.pk}"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]
    opdc.refresh_from_db()
    assert opdc.parent is None and opdc.name_th == "สำนักงานคณะกรรมการพัฒนาระบบราชการ"


def test_an_organisation_cannot_be_its_own_parent(client_for, alice, opdc):
    response = client_for(alice).post(
        reverse("directory:organisation_edit", args=[opdc.pk]), form_data(parent=str(opdc.pk))
    )
    assert response.context["form"].errors["parent"]


# --- Focal points ------------------------------------------------------------------------


def test_an_administrator_sets_the_focal_points(client_for, alice, bob, charlie, opdc):
    response = client_for(alice).post(
        reverse("directory:organisation_focal_points", args=[opdc.pk]), {"emails": "charlie@moe.test\nbob@opdc.test"}
    )
    assert response.status_code == 302
    assert set(opdc.focal_points.all()) == {bob, charlie}
    assert AuditEntry.objects.filter(action="directory.organisation.focal_points").exists()


def test_an_unknown_email_names_the_address_and_changes_nothing(client_for, alice, bob, opdc):
    response = client_for(alice).post(
        reverse("directory:organisation_focal_points", args=[opdc.pk]), {"emails": "nobody@example.com"}
    )
    assert "nobody@example.com" in str(response.context["form"].errors["emails"])
    assert list(opdc.focal_points.all()) == [bob]


def test_a_focal_point_cannot_name_focal_points(client_for, bob, charlie, opdc):
    url = reverse("directory:organisation_focal_points", args=[opdc.pk])
    assert client_for(bob).post(url, {"emails": "charlie@moe.test"}).status_code == 403
    assert list(opdc.focal_points.all()) == [bob]


# --- Merge ------------------------------------------------------------------------------


@pytest.fixture
def duplicate(db, opdc):
    duplicate = Organisation.objects.create(
        name_th="สำนักงาน ก.พ.ร.", abbreviation_th="สกพร.", sector="gov_central", kind="office",
        website="https://www.opdc.go.th",
    )
    person = Person.objects.create(first_name_th="สมชาย")
    Affiliation.objects.create(person=person, organisation=duplicate)
    index_objects(kind="organisation")
    return duplicate


def test_an_administrator_finds_the_duplicate_by_search(client_for, alice, opdc, duplicate):
    response = client_for(alice).get(reverse("directory:organisation_merge", args=[opdc.pk]), {"q": "สำนักงาน ก.พ.ร."})
    assert duplicate.pk in [h.object_id for h in response.context["hits"]]
    assert opdc.pk not in [h.object_id for h in response.context["hits"]]
    assert reverse("directory:organisation_merge_confirm", args=[opdc.pk, duplicate.pk]) in response.content.decode()


def test_the_comparison_shows_both_and_merging_moves_everything(client_for, alice, opdc, duplicate):
    client = client_for(alice)
    url = reverse("directory:organisation_merge_confirm", args=[opdc.pk, duplicate.pk])
    page = client.get(url).content.decode()
    assert opdc.name_th in page and duplicate.name_th in page
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == opdc.get_absolute_url()
    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
    assert Affiliation.objects.get().organisation == opdc
    assert "สำนักงาน ก.พ.ร." in set(opdc.aliases.values_list("name", flat=True))
    opdc.refresh_from_db()
    assert opdc.website == "https://www.opdc.go.th"
    assert AuditEntry.objects.filter(action="directory.organisation.merge", object_id=str(opdc.pk)).exists()


@pytest.mark.parametrize("persona", ["bob", "charlie"])
def test_only_administrators_merge(request, client_for, opdc, duplicate, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("directory:organisation_merge", args=[opdc.pk])).status_code == 403
    assert client.post(reverse("directory:organisation_merge_confirm", args=[opdc.pk, duplicate.pk])).status_code == 403
    assert Organisation.objects.filter(pk=duplicate.pk).exists()
