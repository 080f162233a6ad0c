from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from directory.imports.services import import_commit, prepare
from directory.models import Organisation, OrganisationAlias, Person, Province
from directory.services import organisation_create, person_create


def _csv_body(response) -> bytes:
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())  # Excel needs the BOM to read Thai
    return body


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(_csv_body(response).decode("utf-8-sig"))))


@pytest.fixture
def directory(opdc, alice):
    bangkok = Province.objects.get(code="10")
    division = organisation_create(
        by=alice,
        name_th="กองพัฒนาระบบบริหาร",
        name_en="Public Administration Development Division",
        abbreviation_th="กพบ.",
        sector="gov_central",
        kind="division",
        parent=opdc,
        province=bangkok,
        website="https://www.opdc.go.th/pad",
        aliases=[("กองพัฒนาระบบ", "alias")],
    )
    person_create(
        by=alice,
        honorific="นาง",
        first_name_th="สมศรี",
        last_name_th="มีสุข",
        position="ผู้อำนวยการกอง",
        email="somsri@opdc.go.th",
        phone="021234567",
        contact_consent=False,
        organisation=division,
        tags=["ป.ย.ป. 2"],
    )
    person_create(
        by=alice,
        first_name_th="วิชัย",
        last_name_th="ใจกว้าง",
        email="wichai@example.org",
        contact_consent=True,
    )
    return division


def test_exports_need_the_permission(client, client_for, charlie, directory):
    url = reverse("imports:export_organisations", args=["csv"])
    assert client.get(url).status_code == 302
    assert client_for(charlie).get(url).status_code == 403


def test_the_organisation_export_round_trips_through_the_importer(
    alice, client_for, directory, opdc
):
    response = client_for(alice).get(reverse("imports:export_organisations", args=["xlsx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    data = response.content
    before = {
        o.name_th: (
            o.name_en,
            o.abbreviation_th,
            o.abbreviation_en,
            o.sector,
            o.kind,
            o.parent and o.parent.name_th,
            o.province_id,
            o.website,
            o.is_active,
        )
        for o in Organisation.objects.select_related("parent")
    }
    Organisation.objects.all().delete()
    plan = prepare(data=data, filename="export.xlsx")
    assert plan.errors == []
    import_commit(by=alice, plan=plan)
    after = {
        o.name_th: (
            o.name_en,
            o.abbreviation_th,
            o.abbreviation_en,
            o.sector,
            o.kind,
            o.parent and o.parent.name_th,
            o.province_id,
            o.website,
            o.is_active,
        )
        for o in Organisation.objects.select_related("parent")
    }
    assert after == before
    assert OrganisationAlias.objects.get().name == "กองพัฒนาระบบ"


def test_the_people_export_round_trips_in_csv(alice, client_for, directory):
    body = _csv_body(client_for(alice).get(reverse("imports:export_people", args=["csv"])))
    fields = (
        "honorific",
        "first_name_th",
        "last_name_th",
        "position",
        "email",
        "phone",
        "contact_consent",
    )
    before = sorted(tuple(getattr(p, f) for f in fields) for p in Person.objects.all())
    Person.objects.all().delete()
    plan = prepare(data=body, filename="people.csv")
    assert plan.errors == []
    import_commit(by=alice, plan=plan)
    assert sorted(tuple(getattr(p, f) for f in fields) for p in Person.objects.all()) == before
    somsri = Person.objects.get(first_name_th="สมศรี")
    assert [a.organisation for a in somsri.affiliations.all()] == [directory]
    assert [t.name for t in somsri.tags.all()] == ["ป.ย.ป. 2"]


def test_contact_details_go_only_to_those_who_may_see_them(bob, client_for, directory, opdc):
    # bob is focal point of OPDC, not of the division สมศรี works in, and
    # วิชัย consented to members seeing his details.
    rows = _csv_rows(client_for(bob).get(reverse("imports:export_people", args=["csv"])))
    header, *people = rows
    email = next(i for i, h in enumerate(header) if h in ("E-mail", "อีเมล"))
    by_name = {row[2]: row for row in people}
    assert by_name["สมศรี"][email] == ""
    assert by_name["วิชัย"][email] == "wichai@example.org"
    opdc_division = directory
    opdc_division.focal_points.add(bob)
    rows = _csv_rows(client_for(bob).get(reverse("imports:export_people", args=["csv"])))
    assert {r[2]: r for r in rows[1:]}["สมศรี"][email] == "somsri@opdc.go.th"


def test_exports_respect_the_filters(alice, client_for, directory):
    client = client_for(alice)
    rows = _csv_rows(
        client.get(reverse("imports:export_organisations", args=["csv"]), {"kind": "division"})
    )
    assert [r[0] for r in rows[1:]] == ["กองพัฒนาระบบบริหาร"]
    book = openpyxl.load_workbook(
        io.BytesIO(
            client.get(reverse("imports:export_people", args=["xlsx"]), {"tag": "ป.ย.ป. 2"}).content
        )
    )
    assert [row[2] for row in book.active.iter_rows(min_row=2, values_only=True)] == ["สมศรี"]


def test_a_focal_point_does_not_see_the_contacts_of_someone_not_yet_in_their_organisation(
    alice, bob, client_for, opdc
):
    # The page's rule (directory.rules) counts only current affiliations;
    # one that starts next month gives bob no claim yet.
    import datetime as dt

    from django.utils import timezone

    person_create(
        by=alice,
        first_name_th="มานี",
        email="manee@example.org",
        contact_consent=False,
        organisation=opdc,
        start_date=timezone.localdate() + dt.timedelta(days=30),
    )
    rows = _csv_rows(client_for(bob).get(reverse("imports:export_people", args=["csv"])))
    header, *people = rows
    email = next(i for i, h in enumerate(header) if h in ("E-mail", "อีเมล"))
    assert {row[2]: row for row in people}["มานี"][email] == ""
