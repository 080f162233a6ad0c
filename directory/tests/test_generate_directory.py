"""manage.py generate_directory: synthetic national-scale data."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from directory.models import Affiliation, Organisation, OrganisationKind, Person, Sector
from directory.synthetic import generate_directory
from search.models import SearchDocument
from search.selectors import search

THAI = re.compile("[\u0e01-\u0e5b]")


def run(*args: str) -> str:
    out = StringIO()
    call_command("generate_directory", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_creates_and_indexes_the_numbers_asked_for():
    output = run("--organisations", "300", "--people", "500", "--seed", "3")
    assert Organisation.objects.count() == 300
    assert Person.objects.count() == 500
    assert SearchDocument.objects.filter(kind="organisation").count() == 300
    assert SearchDocument.objects.filter(kind="person").count() == 500
    assert "300 organisations, 500 people" in output


@pytest.mark.django_db
def test_it_records_one_audit_entry_for_the_run():
    generate_directory(organisations=100, people=100, seed=1)
    entries = AuditEntry.objects.filter(action="directory.generate")
    assert entries.count() == 1
    assert entries.get().changes["organisations"] == 100
    assert AuditEntry.objects.exclude(action="directory.generate").count() == 0


@pytest.mark.django_db
def test_the_data_looks_like_a_thai_directory():
    generate_directory(organisations=1200, people=800, seed=2)
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert {
        OrganisationKind.MINISTRY,
        OrganisationKind.DEPARTMENT,
        OrganisationKind.DIVISION,
        OrganisationKind.PROVINCIAL_OFFICE,
        OrganisationKind.LOCAL_GOVERNMENT,
        OrganisationKind.UNIVERSITY,
        OrganisationKind.NGO,
        OrganisationKind.COMPANY,
        OrganisationKind.INTERNATIONAL_ORGANISATION,
    } <= kinds
    assert set(Organisation.objects.values_list("sector", flat=True)) >= {
        Sector.GOVERNMENT_CENTRAL,
        Sector.GOVERNMENT_REGIONAL,
        Sector.GOVERNMENT_LOCAL,
        Sector.ACADEMIA,
        Sector.CIVIL_SOCIETY,
        Sector.PRIVATE,
        Sector.INTERNATIONAL,
    }
    # Every organisation has a Thai name and an English one.
    assert not Organisation.objects.filter(name_en="").exists()
    assert all(THAI.search(n) for n in Organisation.objects.values_list("name_th", flat=True))
    # A hierarchy: departments under ministries, provincial offices in provinces.
    department = (
        Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT)
        .select_related("parent")
        .first()
    )
    assert department.parent.kind == OrganisationKind.MINISTRY
    offices = Organisation.objects.filter(kind=OrganisationKind.PROVINCIAL_OFFICE)
    assert not offices.filter(province__isnull=True).exists()
    assert offices.values("province").distinct().count() == 77
    assert Organisation.objects.filter(
        name_th__startswith="องค์การบริหารส่วนตำบล", abbreviation_th__startswith="อบต."
    ).exists()
    # Abbreviations are mostly unique.
    abbreviations = [a for a in Organisation.objects.values_list("abbreviation_th", flat=True) if a]
    assert len(set(abbreviations)) > 0.9 * len(abbreviations)
    # People have titles, names in both scripts, and some moved agencies.
    assert set(Person.objects.values_list("honorific", flat=True)) == {"นาย", "นาง", "นางสาว"}
    assert Person.objects.exclude(academic_title="").exists()
    assert not Person.objects.filter(first_name_en="").exists()
    assert Affiliation.objects.filter(end_date__isnull=False).exists()
    assert Person.objects.filter(tags__name__startswith="ป.ย.ป.").exists()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data():
    def snapshot():
        return (
            list(
                Organisation.objects.order_by("pk").values_list(
                    "name_th", "abbreviation_th", "parent__name_th"
                )
            ),
            list(
                Person.objects.order_by("pk").values_list(
                    "first_name_th", "last_name_th", "position"
                )
            ),
        )

    generate_directory(organisations=150, people=200, seed=7)
    first = snapshot()
    Person.objects.all().delete()
    Organisation.objects.all().delete()
    generate_directory(organisations=150, people=200, seed=7)
    assert snapshot() == first
    Person.objects.all().delete()
    Organisation.objects.all().delete()
    generate_directory(organisations=150, people=200, seed=8)
    assert snapshot() != first


@pytest.mark.django_db
def test_generated_organisations_are_found_by_search():
    generate_directory(organisations=400, people=300, seed=4)
    org = (
        Organisation.objects.exclude(abbreviation_th="")
        .filter(kind=OrganisationKind.DEPARTMENT)
        .first()
    )
    hits = search(
        query=org.abbreviation_th.replace(".", ""), kinds=["organisation"], include_inactive=True
    )
    assert hits[0].object_id == org.pk
    person = Person.objects.first()
    hits = search(query=f"{person.first_name_en} {person.last_name_en}", kinds=["person"])
    assert person.pk in [h.object_id for h in hits]


@pytest.mark.django_db
def test_it_refuses_people_without_organisations():
    with pytest.raises(CommandError):
        run("--organisations", "0", "--people", "10")
    assert Person.objects.count() == 0
