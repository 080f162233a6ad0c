"""One window of ties as one graph.

`build()` reads the `Tie` rows of a level, scope, window and (optionally)
lab, weighs each by its kind (`NETWORK_TIE_WEIGHTS`; a kind left out or
weighted 0 does not count) and folds them into one weighted edge per pair,
keeping for each edge which kinds of work it rests on, when it began, when
it was last renewed and how many pieces of evidence it has. Nodes are every
active organisation (an agency with no ties is an island of one, which is
the point) or every person with a tie in the window.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from network import analysis, ties
from network.models import Level, Scope, Tie, TieKind

DEFAULT_WEIGHTS: dict[str, float] = {
    TieKind.GROUP: 3.0,  # worked side by side
    TieKind.ACTION: 3.0,  # share a commitment
    TieKind.BOARD: 2.0,
    TieKind.PLEDGE: 2.0,
    TieKind.SESSION: 1.0,  # were in the same room
    TieKind.CHALLENGE: 1.0,  # named together, may never have met
    TieKind.HIERARCHY: 1.0,
    TieKind.AFFILIATION: 1.0,
}


def weights() -> dict[str, float]:
    """The weight of each kind of tie counted: the defaults, overridden by
    `settings.NETWORK_TIE_WEIGHTS` (0 leaves a kind out)."""
    chosen = {**DEFAULT_WEIGHTS, **getattr(settings, "NETWORK_TIE_WEIGHTS", {})}
    return {kind: float(weight) for kind, weight in chosen.items() if weight}


@dataclass
class NodeInfo:
    pk: int
    label: str
    name: str
    name_en: str
    sector: str
    kind: str
    province_id: int | None
    parent_id: int | None
    ministry_id: int | None
    organisation_id: int | None = None  # people: their current organisation


@dataclass
class Network:
    level: str
    scope: str
    start: dt.date | None
    end: dt.date
    lab_id: int | None
    nodes: list[NodeInfo]
    index: dict[int, int]
    graph: analysis.Graph
    edge_kinds: list[tuple[str, ...]]
    edge_first: list[dt.date]
    edge_last: list[dt.date]
    edge_count: np.ndarray
    weights: dict[str, float] = field(default_factory=dict)

    @property
    def sectors(self) -> list[str]:
        return [node.sector for node in self.nodes]


def ties_in(
    *,
    level: str,
    scope: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    lab_id: int | None = None,
    kinds: Mapping[str, float] | None = None,
):  # -> QuerySet[Tie]
    """The tie rows of a window: dated up to `end` and from `start` (standing
    ties, the hierarchy, in every window), public ones only unless scope ALL."""
    rows = Tie.objects.filter(level=level, kind__in=list(kinds if kinds is not None else weights()))
    if scope != Scope.ALL:
        rows = rows.filter(public=True)
    if end is not None:
        rows = rows.filter(date__lte=end)
    if start is not None:
        rows = rows.filter(Q(date__gte=start) | Q(kind=TieKind.HIERARCHY))
    if lab_id is not None:
        rows = rows.filter(lab_id=lab_id)
    return rows


BUILT_SECONDS = 600
VERSION_KEY = "network:ties-version"


def ties_version() -> str:
    """A token that changes whenever ties are written (network.ties) or a
    lab's ties change scope: part of the key of every built network kept in
    the cache."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY) or version
    return str(version)


def ties_changed() -> None:
    """Built networks are stale: now, and again when the transaction commits
    (a page building in between would otherwise keep the old ties)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, None))


def build(
    *,
    level: str,
    scope: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    lab_id: int | None = None,
) -> Network:
    """The network of a window, from the cache while no tie has changed
    (reading a million tie rows takes seconds; pages ask for it often)."""
    end = end or ties.today()
    weighed = json.dumps(weights(), sort_keys=True)
    key = (
        "network:built:"
        + hashlib.sha1(
            f"{ties_version()}|{level}|{scope}|{start}|{end}|{lab_id}|{weighed}".encode()
        ).hexdigest()
    )
    network = cache.get(key) if BUILT_SECONDS else None
    if network is None:
        network = _build(level=level, scope=scope, start=start, end=end, lab_id=lab_id)
        if BUILT_SECONDS:
            cache.set(key, network, BUILT_SECONDS)
    return network


def _build(
    *,
    level: str,
    scope: str,
    start: dt.date | None,
    end: dt.date,
    lab_id: int | None,
) -> Network:
    kinds = weights()
    a_field, b_field = (
        ("organisation_a_id", "organisation_b_id")
        if level == Level.ORGANISATION
        else ("person_a_id", "person_b_id")
    )
    rows = ties_in(level=level, scope=scope, start=start, end=end, lab_id=lab_id, kinds=kinds)
    pairs: dict[tuple[int, int], list] = {}
    for a, b, kind, date in rows.values_list(a_field, b_field, "kind", "date").iterator(
        chunk_size=10_000
    ):
        key = (a, b) if a < b else (b, a)
        edge = pairs.get(key)
        if edge is None:
            pairs[key] = [kinds[kind], {kind}, date, date, 1]
        else:
            edge[0] += kinds[kind]
            edge[1].add(kind)
            edge[2] = min(edge[2], date)
            edge[3] = max(edge[3], date)
            edge[4] += 1
    tied = {pk for pair in pairs for pk in pair}
    nodes = (
        organisation_nodes(tied, everyone=lab_id is None)
        if level == Level.ORGANISATION
        else person_nodes(tied, end)
    )
    index = {node.pk: i for i, node in enumerate(nodes)}
    ordered = sorted(
        ((index[a], index[b], edge) for (a, b), edge in pairs.items() if a in index and b in index),
        key=lambda item: (item[0], item[1]),
    )
    graph = analysis.Graph.from_edges(
        len(nodes),
        [low for low, _, _ in ordered],
        [high for _, high, _ in ordered],
        [edge[0] for _, _, edge in ordered],
    )
    return Network(
        level=level,
        scope=scope,
        start=start,
        end=end,
        lab_id=lab_id,
        nodes=nodes,
        index=index,
        graph=graph,
        edge_kinds=[tuple(sorted(edge[1])) for _, _, edge in ordered],
        edge_first=[edge[2] for _, _, edge in ordered],
        edge_last=[edge[3] for _, _, edge in ordered],
        edge_count=np.asarray([edge[4] for _, _, edge in ordered], dtype=np.int64),
        weights=kinds,
    )


def ministries() -> dict[int, int | None]:
    """Each organisation's ministry: itself if it is one, else the nearest
    ministry above it (None for those outside any, such as local government)."""
    from directory.models import Organisation, OrganisationKind

    parent: dict[int, int | None] = {}
    is_ministry: set[int] = set()
    for pk, parent_id, kind in Organisation.objects.values_list("pk", "parent_id", "kind"):
        parent[pk] = parent_id
        if kind == OrganisationKind.MINISTRY:
            is_ministry.add(pk)
    found: dict[int, int | None] = {}
    for pk in parent:
        seen: list[int] = []
        current: int | None = pk
        result: int | None = None
        while current is not None and current not in seen:
            if current in found:
                result = found[current]
                break
            if current in is_ministry:
                result = current
                break
            seen.append(current)
            current = parent.get(current)
        for visited in seen:
            found[visited] = result
        found.setdefault(pk, result)
    return found


def organisation_nodes(tied: set[int], *, everyone: bool = True) -> list[NodeInfo]:
    from directory.models import Organisation

    queryset = Organisation.objects.all()
    queryset = (
        queryset.filter(Q(is_active=True) | Q(pk__in=tied))
        if everyone
        else queryset.filter(pk__in=tied)
    )
    ministry = ministries()
    return [
        NodeInfo(
            pk=pk,
            label=abbreviation_th or name_th,
            name=name_th,
            name_en=name_en,
            sector=sector,
            kind=kind,
            province_id=province_id,
            parent_id=parent_id,
            ministry_id=ministry.get(pk),
        )
        for pk, name_th, name_en, abbreviation_th, sector, kind, province_id, parent_id in (
            queryset.order_by("pk").values_list(
                "pk",
                "name_th",
                "name_en",
                "abbreviation_th",
                "sector",
                "kind",
                "province_id",
                "parent_id",
            )
        )
    ]


def person_nodes(tied: set[int], day: dt.date) -> list[NodeInfo]:
    """People with a tie, each with the organisation they belonged to on
    `day` (the window's end), its sector, province and ministry."""
    from directory.models import Organisation, Person
    from directory.services import PERSON_NAME_FIELDS
    from network.ties import Affiliations

    people = list(Person.objects.filter(pk__in=tied).order_by("pk").only("pk", *PERSON_NAME_FIELDS))
    affiliations = Affiliations(tied)
    org_of = {person.pk: min(affiliations.on(person.pk, day), default=None) for person in people}
    organisations: dict[int | None, Organisation] = {
        org.pk: org
        for org in Organisation.objects.filter(pk__in={pk for pk in org_of.values() if pk}).only(
            "pk", "sector", "kind", "province_id"
        )
    }
    ministry = ministries() if organisations else {}
    nodes = []
    for person in people:
        org = organisations.get(org_of[person.pk])
        nodes.append(
            NodeInfo(
                pk=person.pk,
                label=person.name_th or person.name_en,
                name=person.name_th,
                name_en=person.name_en,
                sector=org.sector if org else "",
                kind="person",
                province_id=org.province_id if org else None,
                parent_id=None,
                ministry_id=ministry.get(org.pk) if org else None,
                organisation_id=org.pk if org else None,
            )
        )
    return nodes
