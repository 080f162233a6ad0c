"""Reads for the directory's pages.

Every selector builds its select_related/prefetch_related in, so a page
costs the same number of queries with 40 organisations or 40,000 (the view
tests assert the counts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from directory.models import (
    Affiliation,
    Organisation,
    OrganisationAlias,
    Person,
    Province,
    Sector,
    Tag,
)

# Hierarchies in Thai government are at most five levels deep (ministry,
# department, bureau, division, section). Ancestors come in one query that
# joins this many levels; anything deeper takes one more query per chunk.
ANCESTOR_DEPTH = 6
# Safety net against a cycle that slipped past the services (e.g. raw SQL).
ANCESTOR_LIMIT = 30
CHILDREN_ON_PAGE = 60
MEMBERS_ON_PAGE = 100


# Latest affiliation first. NULLs sort last on SQLite and first on
# PostgreSQL unless told; an unknown start date counts as the oldest.
CURRENT_FIRST = (F("start_date").desc(nulls_last=True), "pk")


def current_on(today: dt.date, prefix: str = "") -> Q:
    """Affiliations current on `today`; open-ended dates count as current."""
    return (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": today})) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today})
    )


def _rank(ids: list[int]) -> Case:
    """Orders rows as the search ranked them."""
    return Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)), output_field=IntegerField())


# --- Home --------------------------------------------------------------------


@dataclass(frozen=True)
class SectorCount:
    sector: str
    label: str
    count: int


def sector_counts() -> list[SectorCount]:
    """Active organisations per sector, every sector listed (one query)."""
    counts = dict(
        Organisation.objects.filter(is_active=True)
        .values_list("sector")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("sector", "n")
    )
    return [SectorCount(sector=s.value, label=str(s.label), count=counts.get(s.value, 0)) for s in Sector]


def recently_updated_organisations(*, limit: int = 8) -> list[Organisation]:
    return list(
        Organisation.objects.filter(is_active=True)
        .select_related("parent")
        .order_by("-updated_at", "-pk")[:limit]
    )


# --- Organisations -----------------------------------------------------------


def organisation_list(
    *,
    ids: list[int] | None = None,
    sector: str = "",
    kind: str = "",
    province: Province | None = None,
    parent: Organisation | None = None,
    active: bool | None = True,
) -> QuerySet[Organisation]:
    """Organisations matching the filters, for a paginated list.

    `ids` are search hits in rank order (search.selectors.search_ids); when
    given, the list keeps that order rather than the alphabetical one.
    """
    queryset = Organisation.objects.select_related("parent", "province")
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    if sector:
        queryset = queryset.filter(sector=sector)
    if kind:
        queryset = queryset.filter(kind=kind)
    if province is not None:
        queryset = queryset.filter(province=province)
    if parent is not None:
        queryset = queryset.filter(parent=parent)
    if active is not None:
        queryset = queryset.filter(is_active=active)
    if ids:
        return queryset.order_by(_rank(ids), "name_th")
    return queryset.order_by("name_th", "pk")


def organisations_by_ids(ids: list[int]) -> dict[int, Organisation]:
    return {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}


def ancestors_of(organisation: Organisation) -> list[Organisation]:
    """Parent first, root last, without a query per level."""
    chain: list[Organisation] = []
    seen = {organisation.pk}
    next_id = organisation.parent_id
    while next_id is not None and len(chain) < ANCESTOR_LIMIT:
        related = "__".join(["parent"] * (ANCESTOR_DEPTH - 1))
        node: Organisation | None = (
            Organisation.objects.select_related(related).filter(pk=next_id).first()
        )
        next_id = None
        depth = 0
        while node is not None and depth < ANCESTOR_DEPTH:
            if node.pk in seen:
                return chain
            seen.add(node.pk)
            chain.append(node)
            depth += 1
            if node.parent_id is None:
                return chain
            if depth == ANCESTOR_DEPTH:
                next_id = node.parent_id  # deeper than one joined query reaches
                break
            node = node.parent
    return chain


@dataclass
class OrganisationDetail:
    organisation: Organisation
    ancestors: list[Organisation]
    aliases: list[OrganisationAlias]
    children: list[Organisation]
    more_children: bool
    members: list[Affiliation]
    more_members: bool
    past_members: list[Affiliation]
    more_past_members: bool
    focal_points: list[Any] = field(default_factory=list)

    @property
    def breadcrumbs(self) -> list[Organisation]:
        return list(reversed(self.ancestors))


def organisation_detail(*, organisation: Organisation, with_focal_points: bool = False) -> OrganisationDetail:
    """Everything the organisation page shows, in a fixed number of queries.

    The organisation itself comes from directory.access (which checks the
    viewer); this loads what hangs off it. Long lists are cut at a page's
    worth, and the page links to the filtered lists for the rest.
    """
    today = timezone.localdate()
    children = list(
        organisation.children.select_related("province").order_by("-is_active", "name_th")[
            : CHILDREN_ON_PAGE + 1
        ]
    )
    members_qs = Affiliation.objects.filter(organisation=organisation).select_related("person")
    members = list(
        members_qs.filter(current_on(today)).order_by("person__first_name_th", "person__last_name_th", "pk")[
            : MEMBERS_ON_PAGE + 1
        ]
    )
    past = list(
        members_qs.exclude(current_on(today)).order_by(
            F("end_date").desc(nulls_last=True), "person__first_name_th", "pk"
        )[
            : MEMBERS_ON_PAGE + 1
        ]
    )
    focal_points = list(organisation.focal_points.order_by("display_name", "email")) if with_focal_points else []
    return OrganisationDetail(
        organisation=organisation,
        ancestors=ancestors_of(organisation),
        aliases=list(organisation.aliases.all()),
        children=children[:CHILDREN_ON_PAGE],
        more_children=len(children) > CHILDREN_ON_PAGE,
        members=members[:MEMBERS_ON_PAGE],
        more_members=len(members) > MEMBERS_ON_PAGE,
        past_members=past[:MEMBERS_ON_PAGE],
        more_past_members=len(past) > MEMBERS_ON_PAGE,
        focal_points=focal_points,
    )


def organisation_link_counts(ids: list[int]) -> dict[int, dict[str, Any]]:
    """{id: {n_affiliations, n_children, n_aliases}} for a merge's comparison."""
    return {
        row["pk"]: {**row}
        for row in Organisation.objects.filter(pk__in=ids)
        .annotate(
            n_affiliations=Count("affiliations", distinct=True),
            n_children=Count("children", distinct=True),
            n_aliases=Count("aliases", distinct=True),
        )
        .values("pk", "n_affiliations", "n_children", "n_aliases")
    }


# --- People ------------------------------------------------------------------


def _current_affiliations_prefetch(today: dt.date) -> Prefetch:
    return Prefetch(
        "affiliations",
        queryset=Affiliation.objects.filter(current_on(today))
        .select_related("organisation")
        .order_by(*CURRENT_FIRST),
        to_attr="current",
    )


def person_list(
    *,
    ids: list[int] | None = None,
    organisation: Organisation | None = None,
    tag: Tag | None = None,
    sector: str = "",
) -> QuerySet[Person]:
    """People matching the filters; organisation and sector look at the
    people's current affiliations. Each person gets `.current`, their
    current affiliations with organisations."""
    today = timezone.localdate()
    queryset = Person.objects.prefetch_related(_current_affiliations_prefetch(today), "tags")
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    # Exists() rather than a join, so a person in two matching
    # organisations is listed once without DISTINCT.
    current = Affiliation.objects.filter(current_on(today), person=OuterRef("pk"))
    if organisation is not None:
        queryset = queryset.filter(Exists(current.filter(organisation=organisation)))
    if sector:
        queryset = queryset.filter(Exists(current.filter(organisation__sector=sector)))
    if tag is not None:
        queryset = queryset.filter(tags=tag)
    if ids:
        return queryset.order_by(_rank(ids), "pk")
    return queryset.order_by("first_name_th", "last_name_th", "first_name_en", "pk")


@dataclass
class PersonDetail:
    person: Person
    current: list[Affiliation]
    past: list[Affiliation]
    tags: list[Tag]


def person_detail(*, person: Person) -> PersonDetail:
    """Splits the affiliations that directory.access prefetched; no queries
    of its own when the person came from get_person_for_user."""
    today = timezone.localdate()
    affiliations = sorted(
        person.affiliations.all(),
        key=lambda a: (a.end_date or dt.date.max, a.start_date or dt.date.min),
        reverse=True,
    )
    return PersonDetail(
        person=person,
        current=[a for a in affiliations if a.is_current_on(today)],
        past=[a for a in affiliations if not a.is_current_on(today)],
        tags=list(person.tags.all()),
    )


# --- Choices for filters and forms ---------------------------------------------


def provinces() -> list[Province]:
    return list(Province.objects.all())


def tags_in_use(*, limit: int = 300) -> list[Tag]:
    return list(Tag.objects.filter(people__isnull=False).distinct().order_by("name")[:limit])


def organisations_of_focal_point(user: Any) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(focal_points=user).order_by("name_th")
