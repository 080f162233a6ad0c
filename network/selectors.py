"""Reads of the network for pages, the map, exports and the API.

Who sees what: anyone sees the network of public labs plus the directory's
own ties (`Scope.PUBLIC`); administrators see every lab's (`Scope.ALL`). The
people-level network (who met whom) is for signed-in users only.

The current window reads the stored analysis (`Snapshot`) for the measures
and the `Tie` rows for the ties, so work added since the last analysis is
already there (its nodes carry their live degree until the next run). Any
other window, or one lab's ties, is measured on the spot and cached.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.rules import is_administrator
from network import analysis, graph, services, ties
from network.models import (
    CommunitySummary,
    Level,
    NodeMeasure,
    Recommendation,
    Scope,
    Snapshot,
    TieKind,
)

CACHE_SECONDS = 600
# What a node takes from the stored analysis (its degree is read live).
STORED_MEASURES = (
    "strength",
    "betweenness",
    "broker_rank",
    "component",
    "community",
    "articulation",
    "ei_sector",
    "reach",
    "x",
    "y",
)


def scope_for(user: Any) -> str:
    return Scope.ALL if is_administrator(user) else Scope.PUBLIC


def may_see_level(user: Any, level: str) -> bool:
    return level == Level.ORGANISATION or bool(user.is_authenticated)


def current_snapshot(*, level: str, scope: str) -> Snapshot | None:
    return (
        Snapshot.objects.filter(level=level, scope=scope, current=True, status=Snapshot.Status.DONE)
        .order_by("-computed_at")
        .first()
    )


def running_snapshot(*, level: str, scope: str) -> Snapshot | None:
    return Snapshot.objects.filter(level=level, scope=scope, status=Snapshot.Status.RUNNING).first()


# --- The network of a window -------------------------------------------------------


@dataclass
class NodeRow:
    index: int
    pk: int
    label: str
    name: str
    name_en: str
    sector: str
    sector_label: str
    kind: str
    kind_label: str
    province_id: int | None
    province: str
    parent_id: int | None
    ministry_id: int | None
    ministry: str
    url: str
    degree: int = 0
    strength: float = 0.0
    betweenness: float = 0.0
    broker_rank: int | None = None
    component: int = 0
    community: int = 0
    articulation: bool = False
    ei_sector: float | None = None
    reach: int = 0
    x: float = 0.0
    y: float = 0.0
    organisation_id: int | None = None

    @property
    def display_label(self) -> str:
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.label


@dataclass
class EdgeRow:
    a: int
    b: int
    weight: float
    kinds: tuple[str, ...]
    first: dt.date
    last: dt.date
    count: int


@dataclass
class CommunityRow:
    label: int
    size: int
    sectors: dict[str, int]
    ministries: list[tuple[int, str, int]]
    ei_sector: float | None
    density: float
    name: str

    @property
    def sector_shares(self) -> list[tuple[str, int, int]]:
        """(sector label, count, percent), the largest first."""
        labels = sector_labels()
        return [
            (labels.get(sector, sector or _("unknown")), count, round(100 * count / self.size))
            for sector, count in self.sectors.items()
        ]


@dataclass
class NetworkView:
    level: str
    scope: str
    start: dt.date | None
    end: dt.date
    lab_id: int | None
    computed_at: dt.datetime | None
    live: bool
    betweenness_sample: int | None
    density: float
    modularity: float
    nodes: list[NodeRow]
    edges: list[EdgeRow]
    communities: list[CommunityRow]
    snapshot: Snapshot | None = None
    pending_ties: int = 0  # ties newer than the stored analysis


def sector_labels() -> dict[str, str]:
    from directory.models import Sector

    return {value: str(label) for value, label in Sector.choices}


def _kind_labels() -> dict[str, str]:
    from directory.models import OrganisationKind

    return {value: str(label) for value, label in OrganisationKind.choices} | {
        "person": _("Person")
    }


def _node_rows(network: graph.Network) -> list[NodeRow]:
    from directory.models import Organisation, Province

    provinces: dict[int | None, str] = dict(Province.objects.values_list("pk", "name_th"))
    ministry_ids = {node.ministry_id for node in network.nodes if node.ministry_id}
    ministries: dict[int | None, str] = {
        pk: abbreviation or name
        for pk, name, abbreviation in Organisation.objects.filter(pk__in=ministry_ids).values_list(
            "pk", "name_th", "abbreviation_th"
        )
    }
    sectors, kinds = sector_labels(), _kind_labels()
    route = "directory:organisation" if network.level == Level.ORGANISATION else "directory:person"
    prefix = reverse(route, args=[0])[:-2]  # ".../0/" without "0/"
    return [
        NodeRow(
            index=i,
            pk=node.pk,
            label=node.label,
            name=node.name,
            name_en=node.name_en,
            sector=node.sector,
            sector_label=sectors.get(node.sector, ""),
            kind=node.kind,
            kind_label=kinds.get(node.kind, ""),
            province_id=node.province_id,
            province=provinces.get(node.province_id, ""),
            parent_id=node.parent_id,
            ministry_id=node.ministry_id,
            ministry=ministries.get(node.ministry_id, ""),
            url=f"{prefix}{node.pk}/",
            organisation_id=node.organisation_id,
        )
        for i, node in enumerate(network.nodes)
    ]


def _edge_rows(network: graph.Network) -> list[EdgeRow]:
    g = network.graph
    return [
        EdgeRow(int(a), int(b), float(w), kinds, first, last, int(count))
        for a, b, w, kinds, first, last, count in zip(
            g.sources,
            g.targets,
            g.weights,
            network.edge_kinds,
            network.edge_first,
            network.edge_last,
            network.edge_count,
            strict=True,
        )
    ]


def _apply(rows: list[NodeRow], m: services.Measures) -> None:
    ranks = m.broker_ranks()
    for row in rows:
        i = row.index
        row.degree = int(m.degree[i])
        row.strength = float(m.strength[i])
        row.betweenness = float(m.betweenness[i])
        row.broker_rank = int(ranks[i]) or None
        row.component = int(m.component[i])
        row.community = int(m.community[i])
        row.articulation = bool(m.articulation[i])
        row.ei_sector = None if math.isnan(m.ei_sector[i]) else float(m.ei_sector[i])
        row.reach = int(m.reach[i])
        row.x, row.y = float(m.x[i]), float(m.y[i])


def _community_rows(
    summaries: list[CommunitySummary], rows: list[NodeRow], level: str
) -> list[CommunityRow]:
    from directory.models import Organisation, Person

    wanted = {pk for s in summaries for pk, _count in s.ministries}
    names = {
        pk: abbreviation or name
        for pk, name, abbreviation in Organisation.objects.filter(pk__in=wanted).values_list(
            "pk", "name_th", "abbreviation_th"
        )
    }
    by_pk = {row.pk: row for row in rows}
    leaders = {pk for s in summaries for pk in s.leaders if pk not in by_pk}
    if leaders:
        model = Organisation if level == Level.ORGANISATION else Person
        for item in model.objects.filter(pk__in=leaders):
            by_pk.setdefault(item.pk, _stub(item, level))
    return [
        CommunityRow(
            label=s.label,
            size=s.size,
            sectors=s.sectors,
            ministries=[(pk, names.get(pk, ""), count) for pk, count in s.ministries],
            ei_sector=s.ei_sector,
            density=s.density,
            name=", ".join(by_pk[pk].display_label for pk in s.leaders if pk in by_pk),
        )
        for s in summaries
    ]


def _stub(item: Any, level: str) -> NodeRow:
    label = getattr(item, "abbreviation_th", "") or item.name_th
    return NodeRow(
        -1, item.pk, label, item.name_th, item.name_en, "", "", "", "", None, "", None, None, "", ""
    )


def _live_summaries(network: graph.Network, m: services.Measures) -> list[CommunitySummary]:
    return services.community_summaries(Snapshot(level=network.level, scope=network.scope), network, m)


def _digest(network: graph.Network) -> str:
    """What a window's measures depend on: its nodes (with the sector and
    ministry that E-I and the community make-up read) and its weighted
    edges. Part of the cache key, so that a new organisation, a lab turned
    members-only or changed weights never meet measures of another graph."""
    digest = hashlib.sha1()
    digest.update(np.asarray([node.pk for node in network.nodes], dtype=np.int64).tobytes())
    digest.update("\x1f".join(f"{n.sector}:{n.ministry_id}" for n in network.nodes).encode())
    g = network.graph
    digest.update(np.ascontiguousarray(g.sources, dtype=np.int64).tobytes())
    digest.update(np.ascontiguousarray(g.targets, dtype=np.int64).tobytes())
    digest.update(np.ascontiguousarray(g.weights, dtype=np.float64).tobytes())
    return digest.hexdigest()[:20]


def network_view(
    *,
    level: str,
    scope: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    lab_id: int | None = None,
) -> NetworkView:
    """The network of a window: the stored analysis for the current one,
    measured now (and cached) for any other."""
    today = ties.today()
    snapshot = current_snapshot(level=level, scope=scope)
    default_window = start is None and (end is None or end >= today) and lab_id is None
    network = graph.build(level=level, scope=scope, start=start, end=end or today, lab_id=lab_id)
    rows = _node_rows(network)
    edges = _edge_rows(network)
    if default_window and snapshot is not None:
        return _stored_view(snapshot, network, rows, edges)
    key = f"network:view:{level}:{scope}:{start}:{end}:{lab_id}:{_digest(network)}"
    cached = cache.get(key)
    if cached is None:
        m = services.measure(network)
        cached = (m, _live_summaries(network, m))
        cache.set(key, cached, CACHE_SECONDS)
    m, summaries = cached
    _apply(rows, m)
    return NetworkView(
        level=level,
        scope=scope,
        start=start,
        end=network.end,
        lab_id=lab_id,
        computed_at=timezone.now(),
        live=True,
        betweenness_sample=m.betweenness_sample,
        density=m.density,
        modularity=m.modularity,
        nodes=rows,
        edges=edges,
        communities=_community_rows(summaries, rows, level),
        snapshot=snapshot,
    )


def _stored_view(
    snapshot: Snapshot, network: graph.Network, rows: list[NodeRow], edges: list[EdgeRow]
) -> NetworkView:
    key = "organisation_id" if snapshot.level == Level.ORGANISATION else "person_id"
    stored = {
        values[key]: values
        for values in NodeMeasure.objects.filter(snapshot=snapshot).values(
            key, "degree", *STORED_MEASURES
        )
    }
    live_degree = (
        np.bincount(
            np.concatenate([network.graph.sources, network.graph.targets]),
            minlength=network.graph.n,
        )
        if network.graph.n
        else np.zeros(0, dtype=np.int64)
    )
    positions: dict[int, tuple[float, float]] = {}
    new: list[NodeRow] = []
    for row in rows:
        values = stored.get(row.pk)
        if values is None:
            new.append(row)
            continue
        for name in STORED_MEASURES:
            setattr(row, name, values[name])
        positions[row.index] = (row.x, row.y)
        row.degree = int(live_degree[row.index])
    # Nodes new since the analysis: beside their partners, measured at the next run.
    neighbours: dict[int, list[int]] = defaultdict(list)
    for edge in edges:
        neighbours[edge.a].append(edge.b)
        neighbours[edge.b].append(edge.a)
    for row in new:
        placed = [positions[j] for j in neighbours[row.index] if j in positions]
        if placed:
            row.x = sum(p[0] for p in placed) / len(placed) + 0.01
            row.y = sum(p[1] for p in placed) / len(placed) + 0.01
        else:
            row.x, row.y = 1.1, 1.1 - 0.02 * (row.index % 50)
        row.degree = int(live_degree[row.index])
        row.component = row.community = -1
    summaries = list(CommunitySummary.objects.filter(snapshot=snapshot))
    return NetworkView(
        level=snapshot.level,
        scope=snapshot.scope,
        start=None,
        end=network.end,
        lab_id=None,
        computed_at=snapshot.computed_at,
        live=False,
        betweenness_sample=snapshot.betweenness_sample,
        density=analysis.density(network.graph.n, network.graph.edge_count),
        modularity=snapshot.modularity,
        nodes=rows,
        edges=edges,
        communities=_community_rows(summaries, rows, snapshot.level),
        snapshot=snapshot,
        pending_ties=len(new) + max(0, network.graph.edge_count - snapshot.tie_count),
    )


# --- One node ------------------------------------------------------------------


@dataclass
class PartnerRow:
    pk: int
    label: str
    url: str
    kinds: list[str]
    count: int
    last: dt.date


@dataclass
class RecommendationRow:
    pk: int
    label: str
    name: str
    url: str
    sector_label: str
    score: float
    reason: str
    terms: list[str]


@dataclass
class NodeDetail:
    level: str
    pk: int
    label: str
    name: str
    url: str
    computed_at: dt.datetime | None
    measures: NodeMeasure | None
    summary: list[str]
    partners: list[PartnerRow]
    recommendations: list[RecommendationRow]
    betweenness_sample: int | None
    snapshot: Snapshot | None = None
    community: CommunitySummary | None = None
    running: bool = False
    partner_count: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def node_detail(
    *, level: str, pk: int, user: Any, scope: str | None = None, item: Any = None
) -> NodeDetail | None:
    """A node's place in the network in words and numbers, its partners and
    who it should meet. None if there is no such node or the user may not
    see this level. A page that has the organisation or person already
    passes it as `item`."""
    from directory.models import Organisation, Person

    if not may_see_level(user, level):
        return None
    scope = scope or scope_for(user)
    model = Organisation if level == Level.ORGANISATION else Person
    if item is None or not isinstance(item, model) or item.pk != pk:
        item = model.objects.filter(pk=pk).first()
    if item is None:
        return None
    snapshot = current_snapshot(level=level, scope=scope)
    key = "organisation" if level == Level.ORGANISATION else "person"
    measures = (
        NodeMeasure.objects.filter(snapshot=snapshot, **{key: item}).first() if snapshot else None
    )
    community = (
        CommunitySummary.objects.filter(snapshot=snapshot, label=measures.community).first()
        if measures
        else None
    )
    partners, partnered = _partners(level=level, scope=scope, item=item)
    detail = NodeDetail(
        level=level,
        pk=item.pk,
        label=getattr(item, "abbreviation_th", "") or item.name_th,
        name=str(item),
        url=item.get_absolute_url(),
        computed_at=snapshot.computed_at if snapshot else None,
        measures=measures,
        summary=[],
        partners=partners,
        partner_count=len(partnered),
        # A pair tied since the analysis no longer needs to meet.
        recommendations=[
            r
            for r in (_recommendations(snapshot, level, item) if snapshot else [])
            if r.pk not in partnered
        ],
        betweenness_sample=snapshot.betweenness_sample if snapshot else None,
        snapshot=snapshot,
        community=community,
        running=running_snapshot(level=level, scope=scope) is not None,
    )
    detail.summary = _summary(detail)
    return detail


def _partners(
    *, level: str, scope: str, item: Any, limit: int = 20
) -> tuple[list[PartnerRow], set[int]]:
    """Live from the ties: who this node worked with, most evidence first
    (at most `limit`), and every partner's key. Folded in the
    database: one row per partner and kind."""
    from directory.models import Organisation, Person

    model: type[Organisation] | type[Person]
    if level == Level.ORGANISATION:
        a, b, model = "organisation_a_id", "organisation_b_id", Organisation
    else:
        a, b, model = "person_a_id", "person_b_id", Person
    rows = graph.ties_in(level=level, scope=scope, end=ties.today())
    found: dict[int, list[Any]] = {}
    for mine, theirs in ((a, b), (b, a)):
        folded = (
            rows.filter(**{mine: item.pk})
            .values(theirs, "kind")
            .annotate(n=Count("pk"), last=Max("date"))
            .order_by()
            .values_list(theirs, "kind", "n", "last")
        )
        for other, kind, n, last in folded:
            entry = found.setdefault(other, [set(), 0, last])
            entry[0].add(kind)
            entry[1] += n
            entry[2] = max(entry[2], last)
    top = sorted(found.items(), key=lambda pair: (-pair[1][1], pair[0]))[:limit]
    others = model.objects.in_bulk([pk for pk, _ in top])
    kinds = dict(TieKind.choices)
    partners = [
        PartnerRow(
            pk=pk,
            label=getattr(others[pk], "display_abbreviation", "") or str(others[pk]),
            url=others[pk].get_absolute_url(),
            kinds=[str(kinds[k]) for k in sorted(entry[0])],
            count=entry[1],
            last=entry[2],
        )
        for pk, entry in top
        if pk in others
    ]
    return partners, set(found)


def _recommendations(snapshot: Snapshot, level: str, item: Any) -> list[RecommendationRow]:
    from network import recommend

    if level == Level.ORGANISATION:
        rows = Recommendation.objects.filter(snapshot=snapshot, organisation=item).select_related(
            "other_organisation"
        )
        other_of = lambda r: r.other_organisation  # noqa: E731
    else:
        rows = Recommendation.objects.filter(snapshot=snapshot, person=item).select_related(
            "other_person"
        )
        other_of = lambda r: r.other_person  # noqa: E731
    sectors = sector_labels()
    found = list(rows.order_by("rank"))
    # A person's sector is their organisation's, on the analysis's day.
    sector_of: dict[int, str] = {}
    if level == Level.PERSON and found:
        from directory.models import Organisation

        people = [r.other_person_id for r in found if r.other_person_id is not None]
        affiliations = ties.Affiliations(people)
        organisation_of: dict[int, int] = {}
        for pk in people:
            held = affiliations.on(pk, snapshot.end)
            if held:
                organisation_of[pk] = min(held)
        organisation_sector = dict(
            Organisation.objects.filter(pk__in=set(organisation_of.values())).values_list(
                "pk", "sector"
            )
        )
        sector_of = {pk: organisation_sector.get(org, "") for pk, org in organisation_of.items()}
    result = []
    for r in found:
        other = other_of(r)
        sector = getattr(other, "sector", "") or sector_of.get(other.pk, "")
        result.append(
            RecommendationRow(
                pk=other.pk,
                label=getattr(other, "display_abbreviation", "") or str(other),
                name=str(other),
                url=other.get_absolute_url(),
                sector_label=sectors.get(sector, ""),
                score=r.score,
                reason=recommend.reason(
                    terms=r.terms,
                    steps=r.steps,
                    across_community=r.across_community,
                    across_sector=r.across_sector,
                    other_sector_label=sectors.get(sector, ""),
                    same_island=r.same_island,
                ),
                terms=list(r.terms),
            )
        )
    return result


def _summary(detail: NodeDetail) -> list[str]:
    """The node's place in the network, in sentences with their numbers."""
    m, s = detail.measures, detail.snapshot
    org = detail.level == Level.ORGANISATION
    lines = []
    if detail.partners:
        lines.append(
            ngettext(
                "Has worked directly with %(n)d other: %(names)s",
                "Has worked directly with %(n)d others, most with %(names)s",
                detail.partner_count,
            )
            % {"n": detail.partner_count, "names": ", ".join(p.label for p in detail.partners[:3])}
        )
    else:
        lines.append(_("No ties yet: an island of one."))
    if m is None or s is None:
        if s is None:
            lines.append(_("The network has not been analysed yet."))
        else:
            lines.append(_("Not in the last analysis yet: its measures come with the next run."))
        return lines
    if m.degree:
        if m.component == 0:
            lines.append(
                _("On the main island of the network, with %(n)d of %(total)d.")
                % {"n": s.largest_component, "total": s.node_count}
            )
        else:
            lines.append(
                _("On a separate island, cut off from the main network of %(n)d.")
                % {"n": s.largest_component}
            )
    if detail.community is not None and m.degree:
        c = detail.community
        sectors = sector_labels()
        top_sector, top_count = next(iter(c.sectors.items()), ("", 0))
        lines.append(
            _("In community %(label)d of %(size)d members, %(percent)d%% of them %(sector)s.")
            % {
                "label": c.label + 1,
                "size": c.size,
                "percent": round(100 * top_count / c.size) if c.size else 0,
                "sector": sectors.get(top_sector, top_sector),
            }
        )
    if m.broker_rank:
        line = _("Broker number %(rank)d of %(total)d (betweenness %(value).3f).") % {
            "rank": m.broker_rank,
            "total": s.node_count,
            "value": m.betweenness,
        }
        if s.betweenness_sample:
            line += " " + _("Estimated from %(k)d sampled starting points.") % {
                "k": s.betweenness_sample
            }
        lines.append(line)
    if m.articulation:
        lines.append(
            _("A cut point: without it, part of the network would be cut off from the rest.")
            if org
            else _("A cut point: without this person, part of the network would be cut off.")
        )
    if m.bridge_count:
        lines.append(
            ngettext(
                "%(n)d of its ties is a bridge: the only link between two parts.",
                "%(n)d of its ties are bridges: the only links between two parts.",
                m.bridge_count,
            )
            % {"n": m.bridge_count}
        )
    if m.ei_sector is not None:
        if m.ei_sector > 0.2:
            word = _("mostly across sectors")
        elif m.ei_sector < -0.2:
            word = _("mostly within its own sector")
        else:
            word = _("as much across sectors as within")
        lines.append(
            _("Openness across sectors (E-I index): %(value).2f, %(word)s.")
            % {"value": m.ei_sector, "word": word}
        )
    if m.reach:
        lines.append(_("Reaches %(n)d others within two steps.") % {"n": m.reach})
    return lines


# --- A lab's new ties --------------------------------------------------------------


@dataclass
class NewTie:
    a: Any
    b: Any
    first: dt.date
    kinds: list[str]
    lasted: bool | None  # None: too recent to tell


@dataclass
class LabTies:
    cross_agency: int  # pairs of organisations the lab tied
    new: list[NewTie]
    lasted: int
    can_tell: int  # new ties old enough to have lasted
    lasting_days: int

    @property
    def new_count(self) -> int:
        return len(self.new)

    @property
    def lasted_percent(self) -> int | None:
        return round(100 * self.lasted / self.can_tell) if self.can_tell else None


def lab_new_ties(*, lab: Any, scope: str) -> LabTies:
    """The evidence for the "networking" outcome: pairs of organisations
    that the lab's work tied and that had no tie before it (the hierarchy
    counts as a tie), and how many worked together again at least
    NETWORK_LASTING_DAYS after they first met in the lab.

    The caller has checked that the user may see the lab: its own ties count
    even when it is members-only, and its pairs' history is read from the
    ties of the user's scope plus this lab's, so no other members-only lab's
    work shows through."""
    from directory.models import Organisation

    days = int(getattr(settings, "NETWORK_LASTING_DAYS", 90))
    today = ties.today()
    own = graph.ties_in(level=Level.ORGANISATION, scope=Scope.ALL, lab_id=lab.pk, end=today)
    first_in_lab: dict[tuple[int, int], dt.date] = {}
    kinds: dict[tuple[int, int], set[str]] = defaultdict(set)
    for a, b, kind, date in (
        own.values("organisation_a_id", "organisation_b_id", "kind")
        .annotate(first=Min("date"))
        .order_by()
        .values_list("organisation_a_id", "organisation_b_id", "kind", "first")
    ):
        pair = (min(a, b), max(a, b))
        first_in_lab[pair] = min(first_in_lab.get(pair, date), date)
        kinds[pair].add(kind)
    if not first_in_lab:
        return LabTies(0, [], 0, 0, days)
    involved = {pk for pair in first_in_lab for pk in pair}
    # Each pair's first and last tie of any work, folded in the database.
    spans: dict[tuple[int, int], tuple[dt.date, dt.date]] = {}
    every = graph.ties_in(level=Level.ORGANISATION, scope=Scope.ALL, end=today).filter(
        organisation_a_id__in=involved, organisation_b_id__in=involved
    )
    if scope != Scope.ALL:
        every = every.filter(Q(public=True) | Q(lab_id=lab.pk))
    for a, b, first, last in (
        every.values("organisation_a_id", "organisation_b_id")
        .annotate(first=Min("date"), last=Max("date"))
        .order_by()
        .values_list("organisation_a_id", "organisation_b_id", "first", "last")
    ):
        pair = (min(a, b), max(a, b))
        if pair in first_in_lab:
            old = spans.get(pair)
            spans[pair] = (min(first, old[0]), max(last, old[1])) if old else (first, last)
    organisations = Organisation.objects.in_bulk(involved)
    labels = dict(TieKind.choices)
    new, lasted, can_tell = [], 0, 0
    for pair, first in first_in_lab.items():
        earliest, latest = spans.get(pair, (first, first))
        if earliest < first:
            continue
        if first + dt.timedelta(days=days) <= today:
            can_tell += 1
            kept = latest >= first + dt.timedelta(days=days)
            lasted += kept
        else:
            kept = None
        new.append(
            NewTie(
                organisations[pair[0]],
                organisations[pair[1]],
                first,
                [str(labels[k]) for k in sorted(kinds[pair])],
                kept,
            )
        )
    new.sort(key=lambda tie: (tie.first, tie.a.name_th, tie.b.name_th))
    return LabTies(len(first_in_lab), new, lasted, can_tell, days)


def challenge_suggestions(*, challenge: Any, user: Any, limit: int = 10) -> list[Any]:
    from network import recommend

    return recommend.agencies_for_challenge(challenge, scope=scope_for(user), limit=limit)


# --- Change over time -----------------------------------------------------------


def over_time(*, level: str, scope: str) -> list[Snapshot]:
    """The network at each quarter's end (and now), oldest first: how many
    agencies had ties, islands, communities, density, openness."""
    rows = list(
        Snapshot.objects.filter(level=level, scope=scope, status=Snapshot.Status.DONE)
        .filter(Q(current=True) | Q(end__lt=ties.today()))
        .order_by("end", "-computed_at")
    )
    seen: set[dt.date] = set()
    result = []
    for snapshot in rows:
        quarter_end = (snapshot.end + dt.timedelta(days=1)).day == 1 and snapshot.end.month % 3 == 0
        if (snapshot.current or quarter_end) and snapshot.end not in seen:
            seen.add(snapshot.end)
            result.append(snapshot)
    return result
