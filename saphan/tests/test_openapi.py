"""The OpenAPI document at /api/v1/openapi.json and its browsable docs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

# Operation ids are part of the contract with generated clients: renaming one
# breaks them, so the list is spelled out rather than derived.
DIRECTORY_OPERATIONS = {
    "organisation_list",
    "organisation_get",
    "organisation_create",
    "organisation_update",
    "organisation_partial_update",
    "organisation_merge",
    "person_list",
    "person_get",
    "person_create",
    "person_update",
    "person_partial_update",
    "person_merge",
    "province_list",
    "province_get",
    "district_list",
    "district_get",
    "tag_list",
    "tag_get",
}
ACCOUNTS_OPERATIONS = {"me_get", "me_update", "me_tokens_list"}


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()


def _operations(schema) -> dict[str, tuple[str, str, list[str]]]:
    return {
        operation["operationId"]: (method, path, operation.get("tags", []))
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


def test_the_document_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def test_it_lists_the_organisation_person_and_search_paths(schema):
    paths = set(schema["paths"])

    assert {
        "/api/v1/organisations/",
        "/api/v1/organisations/{id}/",
        "/api/v1/organisations/{id}/merge/",
        "/api/v1/people/",
        "/api/v1/people/{id}/",
        "/api/v1/people/{id}/merge/",
        "/api/v1/me/",
    } <= paths
    assert any(path.startswith("/api/v1/search") for path in paths), sorted(paths)


def test_operation_ids_are_stable_and_tagged_per_app(schema):
    operations = _operations(schema)

    assert DIRECTORY_OPERATIONS | ACCOUNTS_OPERATIONS <= set(operations)
    assert all(operations[op][2] == ["directory"] for op in DIRECTORY_OPERATIONS)
    assert all(operations[op][2] == ["accounts"] for op in ACCOUNTS_OPERATIONS)


def test_public_reads_need_no_sign_in_and_writes_do(schema):
    operations = {
        operation["operationId"]: operation
        for methods in schema["paths"].values()
        for operation in methods.values()
    }

    for read in ["organisation_list", "organisation_get", "person_get", "province_list"]:
        assert {} in operations[read]["security"], read
    for write in ["organisation_create", "organisation_partial_update", "person_merge", "me_get"]:
        assert {} not in operations[write]["security"], write
        assert {"tokenAuth": []} in operations[write]["security"], write


def test_contact_details_are_optional_in_a_persons_schema(schema):
    person = schema["components"]["schemas"]["PersonDetail"]

    assert {"email", "phone"} <= set(person["properties"])
    assert not {"email", "phone"} & set(person["required"])


def test_schema_generation_gives_no_warnings(tmp_path: Path):
    # --fail-on-warn turns every warning drf-spectacular emits (an untyped
    # field, an enum name collision, ...) into an error.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3.")


_ASSET = re.compile(r"""<(?:script|link|img)\b[^>]*\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.I)


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_browsable_docs_use_only_local_assets(client, url):
    response = client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assets = _ASSET.findall(page)
    assert assets, "the page should load its scripts and styles"
    assert all(not re.match(r"^(https?:)?//", asset) for asset in assets), assets
    assert any("drf_spectacular_sidecar" in asset for asset in assets)
    # Nor does any inline script fetch from elsewhere.
    assert not re.search(r"""["'](https?:)?//(?!testserver)[^"']*\.(js|css)""", page)
