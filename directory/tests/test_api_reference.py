"""/api/v1/provinces/, /districts/ and /tags/: read-only reference data."""

from __future__ import annotations

import pytest

from directory.models import District, Province
from directory.services import person_create

pytestmark = pytest.mark.django_db


def test_anyone_lists_the_provinces_from_the_data_package(client):
    response = client.get("/api/v1/provinces/", {"limit": 100})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == Province.objects.count() == 77
    bangkok = next(p for p in body["results"] if p["code"] == "10")
    assert bangkok["name_th"] == "กรุงเทพมหานคร"
    assert client.get("/api/v1/provinces/10/").json()["name_en"] == bangkok["name_en"]


def test_districts_filter_by_province_code(client):
    chiang_mai = Province.objects.get(code="50")

    response = client.get("/api/v1/districts/", {"province": "50", "limit": 500})

    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == District.objects.filter(province=chiang_mai).count() > 0
    assert {row["province"] for row in rows} == {"50"}


def test_an_unknown_province_filter_is_a_400(client):
    assert client.get("/api/v1/districts/", {"province": "00"}).status_code == 400


def test_tags_are_listed_and_read_only(client_for, alice):
    person_create(by=None, first_name_th="สมชาย", tags=["ป.ย.ป. 2", "ป.ย.ป. 3"])
    client = client_for(alice)

    response = client.get("/api/v1/tags/")

    assert [t["name"] for t in response.json()["results"]] == ["ป.ย.ป. 2", "ป.ย.ป. 3"]
    assert (
        client.post("/api/v1/tags/", {"name": "x"}, content_type="application/json").status_code
        == 405
    )
