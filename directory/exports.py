"""Exports of organisations and people to CSV and XLSX.

The column headers are the importer's field labels, so an exported file
imports back unchanged (in either interface language). CSV is UTF-8 with a
BOM: without it Excel on Windows reads Thai as TIS-620 and shows garbage.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from operator import attrgetter
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import is_administrator
from directory import services
from directory.imports import mapping
from directory.models import Affiliation, Organisation, OrganisationKind, Person, Sector
from directory.selectors import CURRENT_FIRST, current_on

CHUNK = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _headers(kind: str, columns: Iterable[str]) -> list[str]:
    labels = {f.name: str(f.label) for f in mapping.FIELDS[kind]}
    return [labels[c] for c in columns]


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _int(params: Mapping[str, Any], name: str) -> int | None:
    value = params.get(name) or ""
    return int(value) if str(value).isdigit() else None


# --- Selectors ------------------------------------------------------------------


def organisations_for_export(params: Mapping[str, Any]) -> QuerySet[Organisation]:
    queryset = (
        Organisation.objects.select_related("parent", "province")
        .prefetch_related("aliases")
        .order_by("pk")
    )
    if (sector := params.get("sector")) in Sector.values:
        queryset = queryset.filter(sector=sector)
    if (kind := params.get("kind")) in OrganisationKind.values:
        queryset = queryset.filter(kind=kind)
    if (province := _int(params, "province")) is not None:
        queryset = queryset.filter(province_id=province)
    if (parent := _int(params, "parent")) is not None:
        queryset = queryset.filter(parent_id=parent)
    return queryset


def people_for_export(params: Mapping[str, Any]) -> QuerySet[Person]:
    # The same "current" as the pages and directory.rules: the focal points
    # of a person's current organisations may see their contact details.
    current = Affiliation.objects.filter(current_on(timezone.localdate())).select_related(
        "organisation"
    )
    queryset = Person.objects.prefetch_related(
        "tags",
        Prefetch("affiliations", queryset=current.order_by(*CURRENT_FIRST), to_attr="current"),
    ).order_by("pk")
    if (organisation := _int(params, "organisation")) is not None:
        queryset = queryset.filter(
            affiliations__in=current.filter(organisation_id=organisation)
        ).distinct()
    if tag := params.get("tag"):
        queryset = queryset.filter(tags__name=tag)
    return queryset


# --- Rows -----------------------------------------------------------------------


def _choice_label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


# Column -> cell. The directory's fields in the services' order (an
# exported file imports back unchanged), then what hangs off the record.
ORGANISATION_CELLS: dict[str, Callable[[Organisation], str]] = {
    **{name: attrgetter(name) for name in services.ORGANISATION_FIELDS},
    "sector": lambda org: _choice_label(Sector, org.sector),
    "kind": lambda org: _choice_label(OrganisationKind, org.kind),
    "parent": lambda org: org.parent.name_th if org.parent else "",
    "province": lambda org: org.province.name_th if org.province else "",
    "is_active": lambda org: _yes_no(org.is_active),
    "aliases": lambda org: "; ".join(a.name for a in org.aliases.all()),
}


def organisation_rows(params: Mapping[str, Any]) -> tuple[list[str], Iterator[list[str]]]:
    cells = list(ORGANISATION_CELLS.values())

    def rows() -> Iterator[list[str]]:
        for org in organisations_for_export(params).iterator(chunk_size=CHUNK):
            yield [cell(org) for cell in cells]

    return _headers(mapping.ORGANISATIONS, ORGANISATION_CELLS), rows()


class ContactAccess:
    """directory.view_contact for many people at once, without a query per
    person: the same rule as directory.rules.can_view_contact."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.everyone = is_administrator(user)
        self.focal_orgs: set[int] = set()
        if user.is_authenticated and not self.everyone:
            self.focal_orgs = set(user.focal_point_of.values_list("pk", flat=True))

    def allows(self, person: Person) -> bool:
        if self.everyone:
            return True
        if not self.user.is_authenticated:
            return False
        if person.user_id == self.user.pk or person.contact_consent:
            return True
        return any(a.organisation_id in self.focal_orgs for a in getattr(person, "current", []))


def person_rows(user: Any, params: Mapping[str, Any]) -> tuple[list[str], Iterator[list[str]]]:
    access = ContactAccess(user)

    def contact(name: str) -> Callable[[Person], str]:
        return lambda person: getattr(person, name) if access.allows(person) else ""

    def organisation(person: Person) -> str:
        current = getattr(person, "current", [])
        return current[0].organisation.name_th if current else ""

    columns: dict[str, Callable[[Person], str]] = {
        **{name: attrgetter(name) for name in services.PERSON_FIELDS},
        **{name: contact(name) for name in services.PERSON_CONTACT_FIELDS},
        "contact_consent": lambda person: _yes_no(person.contact_consent),
        "organisation": organisation,
        "tags": lambda person: ", ".join(t.name for t in person.tags.all()),
    }
    cells = list(columns.values())

    def rows() -> Iterator[list[str]]:
        for person in people_for_export(params).iterator(chunk_size=CHUNK):
            yield [cell(person) for cell in cells]

    return _headers(mapping.PEOPLE, columns), rows()


# --- Files ----------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(headers: list[str], rows: Iterable[list[str]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(headers)
    for row in rows:
        yield writer.writerow(row)


def xlsx_bytes(headers: list[str], rows: Iterable[list[str]], *, title: str) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _response(
    headers: list[str], rows: Iterator[list[str]], *, fmt: str, name: str, title: str
) -> HttpResponse | StreamingHttpResponse:
    stamp = timezone.localdate().isoformat()
    filename = f"saphan-{name}-{stamp}.{fmt}"
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv":
        response = StreamingHttpResponse(
            (line.encode("utf-8") for line in csv_lines(headers, rows)),
            content_type="text/csv; charset=utf-8",
        )
    else:
        response = HttpResponse(xlsx_bytes(headers, rows, title=title), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def organisations_response(
    *, user: Any, params: Mapping[str, Any], fmt: str
) -> HttpResponse | StreamingHttpResponse:
    headers, rows = organisation_rows(params)
    return _response(headers, rows, fmt=fmt, name="organisations", title=_("Organisations"))


def people_response(
    *, user: Any, params: Mapping[str, Any], fmt: str
) -> HttpResponse | StreamingHttpResponse:
    headers, rows = person_rows(user, params)
    return _response(headers, rows, fmt=fmt, name="people", title=_("People"))
