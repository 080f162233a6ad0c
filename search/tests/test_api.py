"""GET /api/v1/search/."""

from __future__ import annotations

import pytest

from search import indexing


@pytest.fixture
def indexed(db, opdc, ocsc):
    indexing.rebuild()
    return opdc


def test_it_finds_an_organisation_for_anyone(client, indexed):
    response = client.get("/api/v1/search/", {"q": "ก.พ.ร."})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 1
    first = body["results"][0]
    assert first["object_id"] == indexed.pk
    assert first["kind"] == "organisation"
    assert first["match"] == "exact"
    assert first["url"] == f"/organisations/{indexed.pk}/"


def test_it_answers_in_the_requested_language(client, indexed):
    response = client.get("/api/v1/search/", {"q": "OPDC"}, HTTP_ACCEPT_LANGUAGE="en")
    assert (
        response.json()["results"][0]["title"]
        == "Office of the Public Sector Development Commission"
    )


def test_kind_filters_the_results(client, indexed):
    response = client.get("/api/v1/search/", {"q": "OPDC", "kind": "person"})
    assert response.json()["results"] == []


def test_an_unknown_kind_is_a_clear_error(client, indexed):
    response = client.get(
        "/api/v1/search/", {"q": "OPDC", "kind": "labs"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "Unknown kind: labs" in response.json()["kind"][0]


def test_a_missing_query_is_a_clear_error(client, indexed):
    response = client.get("/api/v1/search/")
    assert response.status_code == 400
    assert "q" in response.json()


def test_the_limit_is_bounded(client, indexed):
    assert client.get("/api/v1/search/", {"q": "ก", "limit": 1000}).status_code == 400
    assert len(client.get("/api/v1/search/", {"q": "ก", "limit": 1}).json()["results"]) == 1


def test_the_openapi_document_describes_search(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = (
        response.json() if response.headers["Content-Type"].startswith("application/json") else None
    )
    text = response.content.decode()
    assert "/api/v1/search/" in text
    if schema is not None:
        parameters = {p["name"] for p in schema["paths"]["/api/v1/search/"]["get"]["parameters"]}
        assert {"q", "kind", "limit", "include_inactive"} <= parameters
