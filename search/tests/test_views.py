"""The search page behind the header's search box, and field suggestions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from directory.models import Affiliation, Person
from search.indexing import index_objects

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(opdc, ocsc):
    person = Person.objects.create(
        honorific="นาย", first_name_th="สมชาย", last_name_th="กพรเจริญ", position="นักวิเคราะห์"
    )
    Affiliation.objects.create(person=person, organisation=opdc)
    index_objects(kind="organisation")
    index_objects(kind="person")
    return person


@pytest.mark.parametrize("query", ["กพร", "ก.พ.ร.", "OPDC", "สำนักงานคณะกรรมการพัฒนาระบบราชการ"])
def test_every_name_of_opdc_finds_it_first(client, indexed, opdc, query):
    response = client.get(reverse("search:results"), {"q": query})
    groups = response.context["groups"]
    assert groups[0].kind == "organisation"
    assert groups[0].rows[0].hit.object_id == opdc.pk
    assert f'value="{query}"' in response.content.decode()  # the query stays in the box


def test_organisations_come_before_people(client, indexed, opdc):
    response = client.get(reverse("search:results"), {"q": "กพร"})
    assert [g.kind for g in response.context["groups"]] == ["organisation", "person"]
    html = response.content.decode()
    assert html.index(f'data-hit="organisation:{opdc.pk}"') < html.index(f'data-hit="person:{indexed.pk}"')


def test_the_match_kind_is_shown(client, indexed):
    html = client.get(reverse("search:results"), {"q": "OPDC"}).content.decode()
    assert 'data-match="exact"' in html


def test_a_typo_still_finds_the_organisation(client, indexed, ocsc):
    response = client.get(reverse("search:results"), {"q": "Civil Servise Commission"})
    hits = response.context["groups"][0].rows
    assert hits[0].hit.object_id == ocsc.pk


def test_nothing_found_says_so(client, indexed):
    response = client.get(reverse("search:results"), {"q": "ไม่มีอะไรตรงเลยแน่นอน"})
    assert response.context["groups"] == []
    assert 'data-results="none"' in response.content.decode()


def test_an_empty_query_shows_the_empty_state(client, db):
    response = client.get(reverse("search:results"))
    assert response.status_code == 200
    assert response.context["groups"] == [] and response.context["query"] == ""


def test_suggestions_carry_the_id_for_the_directory_field(client, indexed, opdc):
    data = client.get(reverse("search:suggest"), {"q": "กพร", "kind": "organisation"}).json()
    assert data["results"][0]["id"] == opdc.pk
    assert data["results"][0]["value"].endswith(f"#{opdc.pk}")


def test_suggestions_refuse_an_unknown_kind(client, db):
    assert client.get(reverse("search:suggest"), {"q": "x", "kind": "secrets"}).status_code == 400


def test_the_people_list_filters_by_a_query(client, indexed, opdc):
    Person.objects.create(first_name_th="สมหญิง")
    index_objects(kind="person")
    response = client.get(reverse("directory:people"), {"q": "สมชาย"})
    assert list(response.context["page"].object_list) == [indexed]


def test_the_organisation_list_filters_by_a_query_in_rank_order(client, indexed, opdc):
    response = client.get(reverse("directory:organisations"), {"q": "ก.พ.ร."})
    assert list(response.context["page"].object_list)[0] == opdc
