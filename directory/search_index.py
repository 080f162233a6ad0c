"""How organisations and people become search documents.

Read with values() rather than model instances: a full rebuild turns
hundreds of thousands of rows into documents, and building model objects
(and their prefetched relations) cost more than the segmentation itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Affiliation, Organisation, OrganisationAlias, Person
from directory.selectors import current_on
from search.registry import Document, Provider, join_parts, register, rows_in_chunks, url_for_pk

# Offices of a commission are called by the commission's abbreviation:
# สำนักงานคณะกรรมการพัฒนาระบบราชการ (ก.พ.ร.) is "สำนักงาน ก.พ.ร.", the office of
# ก.พ. is "สำนักงาน ก.พ.". Their abbreviations name the commission, not the
# office, so the everyday name is derived rather than typed as an alias.
_COMMISSION_OFFICE = "สำนักงานคณะกรรมการ"


def derived_keys(name_th: str, abbreviation_th: str) -> list[str]:
    if (
        abbreviation_th
        and name_th.startswith(_COMMISSION_OFFICE)
        and not abbreviation_th.startswith("ส")
    ):
        return [f"สำนักงาน {abbreviation_th}"]
    return []


ORGANISATION_FIELDS = [
    "id",
    "name_th",
    "name_en",
    "abbreviation_th",
    "abbreviation_en",
    "is_active",
    "parent__name_th",
    "parent__name_en",
    "province__name_th",
    "province__name_en",
]


def organisation_documents(ids: Iterable[int] | None) -> Iterator[Document]:
    url = url_for_pk("directory:organisation")
    for rows in rows_in_chunks(ids, Organisation.objects.all(), ORGANISATION_FIELDS):
        aliases: dict[int, list[str]] = defaultdict(list)
        for organisation_id, name in OrganisationAlias.objects.filter(
            organisation_id__in=[r["id"] for r in rows]
        ).values_list("organisation_id", "name"):
            aliases[organisation_id].append(name)
        for org in rows:
            parent_th, parent_en = org["parent__name_th"] or "", org["parent__name_en"] or ""
            province_th, province_en = (
                org["province__name_th"] or "",
                org["province__name_en"] or "",
            )
            yield Document(
                kind="organisation",
                object_id=org["id"],
                title_th=org["name_th"],
                title_en=org["name_en"],
                subtitle_th=join_parts(org["abbreviation_th"], parent_th, province_th),
                subtitle_en=join_parts(org["abbreviation_en"], parent_en or parent_th, province_en),
                url=url(org["id"]),
                keys=tuple(
                    k
                    for k in [
                        org["abbreviation_th"],
                        org["abbreviation_en"],
                        *aliases.get(org["id"], []),
                        *derived_keys(org["name_th"], org["abbreviation_th"]),
                    ]
                    if k
                ),
                text=" ".join(p for p in [parent_th, province_th] if p),
                is_active=org["is_active"],
                boost=1.0,
            )


PERSON_FIELDS = ["id", "first_name_th", "last_name_th", "first_name_en", "last_name_en", "position"]


def person_documents(ids: Iterable[int] | None) -> Iterator[Document]:
    url = url_for_pk("directory:person")
    today = timezone.localdate()
    for rows in rows_in_chunks(ids, Person.objects.all(), PERSON_FIELDS):
        chunk_ids = [r["id"] for r in rows]
        current: dict[int, list[tuple[str, str, str, str]]] = defaultdict(list)
        for person_id, name_th, name_en, abbreviation_th, abbreviation_en in (
            Affiliation.objects.filter(current_on(today), person_id__in=chunk_ids)
            .order_by("organisation__name_th")
            .values_list(
                "person_id",
                "organisation__name_th",
                "organisation__name_en",
                "organisation__abbreviation_th",
                "organisation__abbreviation_en",
            )
        ):
            current[person_id].append(
                (name_th, name_en or name_th, abbreviation_th, abbreviation_en)
            )
        tags: dict[int, list[str]] = defaultdict(list)
        for person_id, tag in Person.tags.through.objects.filter(
            person_id__in=chunk_ids
        ).values_list("person_id", "tag__name"):
            tags[person_id].append(tag)
        for person in rows:
            name_th = " ".join(p for p in [person["first_name_th"], person["last_name_th"]] if p)
            name_en = " ".join(p for p in [person["first_name_en"], person["last_name_en"]] if p)
            orgs = current.get(person["id"], [])
            yield Document(
                kind="person",
                object_id=person["id"],
                title_th=name_th or name_en,
                title_en=name_en,
                subtitle_th=join_parts(person["position"], ", ".join(o[0] for o in orgs)),
                subtitle_en=join_parts(person["position"], ", ".join(o[1] for o in orgs)),
                url=url(person["id"]),
                keys=tuple(
                    k
                    for k in [
                        person["first_name_th"],
                        person["last_name_th"],
                        person["first_name_en"],
                        person["last_name_en"],
                    ]
                    if k
                ),
                # Where people work, by abbreviation, so that "สมชาย กพร" finds
                # the Somchai of OPDC.
                text=" ".join(
                    [
                        person["position"],
                        *tags.get(person["id"], []),
                        *(a for o in orgs for a in o[2:] if a),
                    ]
                ),
            )


register(
    Provider(
        kind="organisation", label=lambda: str(_("Organisations")), documents=organisation_documents
    )
)
register(Provider(kind="person", label=lambda: str(_("People")), documents=person_documents))
