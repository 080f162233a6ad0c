"""Builds the demo directory from directory.demo.data through the services.

Idempotent: organisations are found again by the compact form of their Thai
name (or of an alias, should someone have merged one away), people by their
compact Thai or English name, so a second run only fills in what is missing.
Records that already exist are left as they are: a demo someone has been
editing is not overwritten (use --reset for a clean one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from accounts.models import User
from audit.services import audit_record
from directory.demo.data import DEMO_ACCOUNTS, DEMO_PASSWORD, ORGANISATIONS, PEOPLE, Org, Someone
from directory.models import Affiliation, Organisation, OrganisationAlias, Person, Province, Tag
from directory.services import (
    affiliation_add,
    organisation_create,
    organisation_set_focal_points,
    person_create,
)
from lib.thai.text import compact
from search.services import remove_on_commit


@dataclass
class DemoReport:
    organisations_created: int = 0
    organisations_found: int = 0
    people_created: int = 0
    people_found: int = 0
    affiliations_created: int = 0
    accounts_created: list[str] = field(default_factory=list)


def _ordered(orgs: Iterable[Org]) -> list[Org]:
    """Parents before children, whatever order the data lists them in."""
    by_key = {o.key: o for o in orgs}
    done: dict[str, Org] = {}

    def visit(org: Org, path: tuple[str, ...]) -> None:
        if org.key in done:
            return
        if org.key in path:
            raise ValueError(f"demo data: parent cycle through {org.key}")
        if org.parent is not None:
            visit(by_key[org.parent], (*path, org.key))
        done[org.key] = org

    for org in by_key.values():
        visit(org, ())
    return list(done.values())


def _organisation_index() -> dict[str, Organisation]:
    """compact(name or alias) -> organisation, for finding records again."""
    index: dict[str, Organisation] = {}
    organisations = {o.pk: o for o in Organisation.objects.iterator()}
    for organisation_id, name in OrganisationAlias.objects.values_list(
        "organisation_id", "name"
    ).iterator():
        index.setdefault(compact(name), organisations[organisation_id])
    # Own names win over aliases.
    for organisation in organisations.values():
        index[compact(organisation.name_th)] = organisation
    return index


def _person_keys(first_th: str, last_th: str, first_en: str, last_en: str) -> list[str]:
    keys = []
    if first_th:
        keys.append("th:" + compact(f"{first_th}{last_th}"))
    if first_en:
        keys.append("en:" + compact(f"{first_en}{last_en}"))
    return keys


def _people_index() -> dict[str, int]:
    """name key -> person id; only names are read, the directory may be large."""
    index: dict[str, int] = {}
    rows = Person.objects.values_list(
        "pk", "first_name_th", "last_name_th", "first_name_en", "last_name_en"
    )
    for pk, *names in rows.iterator():
        for key in _person_keys(*names):
            index.setdefault(key, pk)
    return index


def _organisations(by: Any, report: DemoReport) -> dict[str, Organisation]:
    provinces = {p.name_th: p for p in Province.objects.all()}
    index = _organisation_index()
    made: dict[str, Organisation] = {}
    for org in _ordered(ORGANISATIONS):
        existing = index.get(compact(org.name_th))
        if existing is not None:
            made[org.key] = existing
            report.organisations_found += 1
            continue
        made[org.key] = organisation_create(
            by=by,
            name_th=org.name_th,
            name_en=org.name_en,
            abbreviation_th=org.abbreviation_th,
            abbreviation_en=org.abbreviation_en,
            sector=str(org.sector),
            kind=str(org.kind),
            parent=made[org.parent] if org.parent else None,
            province=provinces[org.province] if org.province else None,
            website=org.website,
            aliases=[(name, str(kind)) for name, kind in org.aliases],
        )
        index[compact(org.name_th)] = made[org.key]
        report.organisations_created += 1
    return made


def _people(by: Any, organisations: dict[str, Organisation], report: DemoReport) -> None:
    index = _people_index()
    for someone in PEOPLE:
        person = _find_person(index, someone)
        if person is None:
            person = person_create(
                by=by,
                honorific=someone.honorific,
                academic_title=someone.academic_title,
                first_name_th=someone.first_name_th,
                last_name_th=someone.last_name_th,
                first_name_en=someone.first_name_en,
                last_name_en=someone.last_name_en,
                position=someone.position,
                tags=someone.tags,
            )
            for key in _person_keys(
                someone.first_name_th,
                someone.last_name_th,
                someone.first_name_en,
                someone.last_name_en,
            ):
                index[key] = person.pk
            report.people_created += 1
        else:
            report.people_found += 1
        linked = set(
            Affiliation.objects.filter(person=person).values_list("organisation_id", flat=True)
        )
        for member in someone.members:
            organisation = organisations[member.organisation]
            if organisation.pk in linked:
                continue
            affiliation_add(
                person=person, organisation=organisation, by=by, position=member.position
            )
            linked.add(organisation.pk)
            report.affiliations_created += 1


def _find_person(index: dict[str, int], someone: Someone) -> Person | None:
    for key in _person_keys(
        someone.first_name_th, someone.last_name_th, someone.first_name_en, someone.last_name_en
    ):
        if key in index:
            return Person.objects.get(pk=index[key])
    return None


def _accounts(by: Any, organisations: dict[str, Organisation], report: DemoReport) -> None:
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            create = (
                User.objects.create_superuser
                if account.is_administrator
                else User.objects.create_user
            )
            user = create(
                email=account.email, password=DEMO_PASSWORD, display_name=account.display_name
            )
            audit_record(
                actor=by,
                action="accounts.user.create",
                obj=user,
                changes={"email": user.email, "demo": True, "role": account.role},
            )
            report.accounts_created.append(account.email)
        if account.focal_point_of:
            organisation = organisations[account.focal_point_of]
            current = list(organisation.focal_points.all())
            if user not in current:
                organisation_set_focal_points(
                    organisation=organisation, users=[*current, user], by=by
                )


@transaction.atomic
def build_demo(*, by: Any = None) -> DemoReport:
    """Create whatever of the demo directory and demo accounts is missing.

    One transaction: a failure half-way leaves the directory as it was, and
    the search index is written once, after commit.
    """
    report = DemoReport()
    organisations = _organisations(by, report)
    _people(by, organisations, report)
    _accounts(by, organisations, report)
    return report


@transaction.atomic
def directory_reset(*, by: Any = None) -> dict[str, int]:
    """Delete every organisation, person and tag (provinces stay), with one
    audit entry for the whole wipe. For demo and test machines only."""
    counts = {
        "organisations": Organisation.objects.count(),
        "people": Person.objects.count(),
        "affiliations": Affiliation.objects.count(),
        "tags": Tag.objects.count(),
    }
    organisation_ids = list(Organisation.objects.values_list("pk", flat=True))
    person_ids = list(Person.objects.values_list("pk", flat=True))
    Affiliation.objects.all().delete()
    Person.objects.all().delete()
    # Children first is not needed: parent is SET_NULL.
    Organisation.objects.all().delete()
    Tag.objects.all().delete()
    audit_record(actor=by, action="directory.reset", obj=None, changes=counts)
    remove_on_commit(kind="organisation", ids=organisation_ids)
    remove_on_commit(kind="person", ids=person_ids)
    return counts
