"""How organisations and people become search documents."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Affiliation, Organisation, Person
from search.registry import Document, Provider, register

CHUNK = 2000


def _chunks(ids: Iterable[int] | None, queryset):  # type: ignore[no-untyped-def]
    if ids is None:
        last = 0
        while True:
            rows = list(queryset.filter(pk__gt=last).order_by("pk")[:CHUNK])
            if not rows:
                return
            yield rows
            last = rows[-1].pk
    else:
        wanted = list(ids)
        for start in range(0, len(wanted), CHUNK):
            yield list(queryset.filter(pk__in=wanted[start : start + CHUNK]))


def organisation_documents(ids: Iterable[int] | None) -> Iterator[Document]:
    queryset = Organisation.objects.select_related("parent", "province").prefetch_related("aliases")
    for rows in _chunks(ids, queryset):
        for org in rows:
            parent = org.parent
            subtitle_th = " · ".join(
                p for p in [org.abbreviation_th, parent.name_th if parent else "", org.province.name_th if org.province else ""] if p
            )
            subtitle_en = " · ".join(
                p for p in [org.abbreviation_en, parent.name_en if parent else "", org.province.name_en if org.province else ""] if p
            )
            yield Document(
                kind="organisation",
                object_id=org.pk,
                title_th=org.name_th,
                title_en=org.name_en,
                subtitle_th=subtitle_th,
                subtitle_en=subtitle_en,
                url=reverse("directory:organisation", args=[org.pk]),
                keys=tuple(
                    k
                    for k in [org.abbreviation_th, org.abbreviation_en, *(a.name for a in org.aliases.all())]
                    if k
                ),
                text=" ".join(p for p in [parent.name_th if parent else "", org.province.name_th if org.province else ""] if p),
                is_active=org.is_active,
                boost=1.0,
            )


def person_documents(ids: Iterable[int] | None) -> Iterator[Document]:
    today = timezone.localdate()
    queryset = Person.objects.prefetch_related(
        "tags",
        Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation")),
    )
    for rows in _chunks(ids, queryset):
        for person in rows:
            current = [a for a in person.affiliations.all() if a.is_current_on(today)]
            org_th = ", ".join(a.organisation.name_th for a in current)
            org_en = ", ".join(a.organisation.name_en or a.organisation.name_th for a in current)
            yield Document(
                kind="person",
                object_id=person.pk,
                title_th=person.name_th or person.name_en,
                title_en=person.name_en,
                subtitle_th=" · ".join(p for p in [person.position, org_th] if p),
                subtitle_en=" · ".join(p for p in [person.position, org_en] if p),
                url=reverse("directory:person", args=[person.pk]),
                keys=tuple(
                    k
                    for k in [person.first_name_th, person.last_name_th, person.first_name_en, person.last_name_en]
                    if k
                ),
                text=" ".join([person.position, *(t.name for t in person.tags.all())]),
            )


register(Provider(kind="organisation", label=lambda: str(_("Organisations")), documents=organisation_documents))
register(Provider(kind="person", label=lambda: str(_("People")), documents=person_documents))
