"""Analysing the network and keeping what it found.

`measure()` runs the measures of `network.analysis` over one built graph
(in memory, for any window a page asks for). `analyse()` does the same for
a stored `Snapshot` and writes its nodes, communities and (for the current
network) who should meet whom. `analyse_all()` is what `manage.py
analyse_network` runs on a schedule: every tie extracted again, then the
current network and each quarter's end, at both levels and both scopes.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from network import analysis, graph, ties
from network.models import (
    CommunitySummary,
    Level,
    NodeMeasure,
    Recommendation,
    Scope,
    Snapshot,
)

logger = logging.getLogger(__name__)

SEED = 20_260_101
# Force-directed layout up to this many nodes; beyond, communities are laid
# out and their members placed around each one (fast, and it folds well).
FORCE_LAYOUT_UP_TO = 3_000
# Hop counts between recommended pairs are computed up to this many nodes;
# beyond, a page computes them for the one node it shows.
STEPS_UP_TO = 20_000
BATCH = 5_000


class AnalysisFailed(Exception):
    """Some analyses of a run failed (the others were stored)."""

    def __init__(self, failures: list[str], done: list[Snapshot]) -> None:
        super().__init__("; ".join(failures))
        self.failures = failures
        self.done = done


@dataclass
class Measures:
    degree: np.ndarray
    strength: np.ndarray
    betweenness: np.ndarray
    betweenness_sample: int | None
    component: np.ndarray
    community: np.ndarray
    articulation: np.ndarray  # bool per node
    bridges: list[tuple[int, int]]
    ei_sector: np.ndarray  # NaN for a node without ties
    reach: np.ndarray
    x: np.ndarray
    y: np.ndarray
    density: float
    modularity: float

    def broker_ranks(self) -> np.ndarray:
        """1 for the top broker; 0 for a node that brokers nothing."""
        order = np.argsort(-self.betweenness, kind="stable")
        ranks = np.zeros(len(order), dtype=np.int64)
        ranks[order] = np.arange(1, len(order) + 1)
        return np.where(self.betweenness > 0, ranks, 0)


def measure(network: graph.Network, *, layout: bool = True) -> Measures:
    g = network.graph
    n = g.n
    community = analysis.communities(g, seed=SEED)
    articulation = np.zeros(n, dtype=bool)
    articulation[analysis.articulation_points(g)] = True
    between = analysis.betweenness(g, seed=SEED)
    reach = (
        np.asarray(g.igraph.neighborhood_size(order=2), dtype=np.int64) - 1
        if n
        else np.zeros(0, dtype=np.int64)
    )
    x, y = _layout(g, community) if layout else (np.zeros(n), np.zeros(n))
    return Measures(
        degree=analysis.degrees(g),
        strength=analysis.strengths(g),
        betweenness=between.values,
        betweenness_sample=between.sample,
        component=analysis.components(g),
        community=community,
        articulation=articulation,
        bridges=analysis.bridges(g),
        ei_sector=analysis.ei_index(g, network.sectors) if n else np.zeros(0),
        reach=reach,
        x=x,
        y=y,
        density=analysis.density(n, g.edge_count),
        modularity=analysis.modularity(g, community) if g.edge_count else 0.0,
    )


def _layout(g: analysis.Graph, community: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions in roughly [-1, 1]²: force-directed for a small network,
    communities placed as wholes (and members around each) for a large one."""
    n = g.n
    if n == 0:
        return np.zeros(0), np.zeros(0)
    if n <= FORCE_LAYOUT_UP_TO:
        return _layout_by_islands(g)
    with analysis.seeded(SEED):
        # The graph of communities, each one node weighted by the ties between them.
        k = int(community.max()) + 1
        cs, ct = community[g.sources], community[g.targets]
        folded = analysis.Graph.from_edges(k, cs, ct, g.weights)
        centres = np.asarray(
            folded.igraph.layout_fruchterman_reingold(
                weights="weight", niter=300, grid="auto"
            ).coords
        )
    centres = _scaled(centres)
    sizes = np.bincount(community, minlength=k)
    radius = 0.9 * np.sqrt(sizes / sizes.max()) / math.sqrt(k)
    # Members on a sunflower spiral around their community's centre.
    order = np.argsort(community, kind="stable")
    position = np.empty(n, dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    position[order] = np.arange(n) - np.repeat(starts, sizes)
    r = radius[community] * np.sqrt((position + 0.5) / sizes[community])
    theta = position * math.pi * (3 - math.sqrt(5))
    return centres[community, 0] + r * np.cos(theta), centres[community, 1] + r * np.sin(theta)


def _layout_by_islands(g: analysis.Graph) -> tuple[np.ndarray, np.ndarray]:
    """The main island force-directed in the unit disc; the other islands,
    each laid out on its own, on a ring around it, smaller ones further
    round; agencies with no tie at all on an outer ring. Laid out together,
    the islands fly apart and squeeze the main one into a dot."""
    n = g.n
    x, y = np.zeros(n), np.zeros(n)
    component = analysis.components(g)
    sizes = np.bincount(component)
    islands = [np.flatnonzero(component == label) for label in range(len(sizes))]
    multi = [nodes for nodes in islands if len(nodes) > 1]
    alone = np.concatenate(
        [nodes for nodes in islands if len(nodes) == 1] or [np.zeros(0, np.int64)]
    )
    main_size = len(multi[0]) if multi else 1
    with analysis.seeded(SEED):
        for rank, nodes in enumerate(multi):
            sub = g.igraph.induced_subgraph(nodes.tolist())
            coords = _island_layout(sub)
            coords = _scaled(coords)
            if rank == 0:
                x[nodes], y[nodes] = coords[:, 0], coords[:, 1]
                continue
            radius = max(0.05, 0.5 * math.sqrt(len(nodes) / main_size))
            angle = 2 * math.pi * (rank - 1) / max(1, len(multi) - 1)
            x[nodes] = 1.2 * math.cos(angle) + radius * coords[:, 0]
            y[nodes] = 1.2 * math.sin(angle) + radius * coords[:, 1]
    if len(alone):
        angles = 2 * math.pi * (np.arange(len(alone)) + 0.5) / len(alone)
        x[alone], y[alone] = 1.4 * np.cos(angles), 1.4 * np.sin(angles)
    return x, y


KAMADA_KAWAI_UP_TO = 1_000


def _island_layout(sub: Any) -> np.ndarray:
    """One island's positions: Kamada-Kawai (distances kept, so a dense core
    is not crushed into a dot) up to KAMADA_KAWAI_UP_TO nodes, else
    force-directed with damped weights (fifty sessions together should sit
    close, not on top of each other). Then spread radially (r ** 0.7),
    so the core's labels have room."""
    if sub.vcount() <= KAMADA_KAWAI_UP_TO:
        coords = np.asarray(sub.layout_kamada_kawai().coords)
    else:
        damped = np.log1p(np.asarray(sub.es["weight"], dtype=float)).tolist()
        coords = np.asarray(
            sub.layout_fruchterman_reingold(weights=damped, niter=500, grid="nogrid").coords
        )
    coords = _scaled(coords)
    radius = np.hypot(coords[:, 0], coords[:, 1])
    factor = np.where(radius > 0, radius**0.7 / np.where(radius > 0, radius, 1), 1.0)
    return coords * factor[:, None]


def _scaled(coords: np.ndarray) -> np.ndarray:
    coords = coords - coords.mean(axis=0)
    span = np.abs(coords).max() or 1.0
    return coords / span


# --- Stored analyses --------------------------------------------------------------


def analyse(
    *,
    level: str,
    scope: str,
    end: dt.date | None = None,
    current: bool = True,
    recommend: bool | None = None,
    progress: Callable[[str], None] | None = None,
) -> Snapshot:
    """Analyse the network of ties dated up to `end` (today) and store it.
    The current network also gets who-should-meet-whom; a failure leaves a
    failed snapshot with its error and the previous current one in place."""
    end = end or ties.today()
    snapshot = Snapshot.objects.create(
        level=level,
        scope=scope,
        end=end,
        weights=_settings_used(level=level, scope=scope, end=end),
    )
    started = time.perf_counter()
    try:
        network = graph.build(level=level, scope=scope, end=end)
        measures = measure(network, layout=current)
        with transaction.atomic():
            _store(snapshot, network, measures)
            if recommend if recommend is not None else current:
                _store_recommendations(snapshot, network, measures)
            snapshot.status = Snapshot.Status.DONE
            snapshot.computed_at = timezone.now()
            snapshot.seconds = time.perf_counter() - started
            if current:
                Snapshot.objects.filter(level=level, scope=scope, current=True).update(
                    current=False
                )
                snapshot.current = True
            snapshot.save()
        if current:
            _prune(level=level, scope=scope, succeeded=snapshot)
    except Exception as error:
        logger.exception("network analysis failed")
        Snapshot.objects.filter(pk=snapshot.pk).update(
            status=Snapshot.Status.FAILED, error=str(error)[:2000]
        )
        raise
    return snapshot


def _store(snapshot: Snapshot, network: graph.Network, m: Measures) -> None:
    n = network.graph.n
    key = "organisation_id" if network.level == Level.ORGANISATION else "person_id"
    bridge_count = Counter(node for pair in m.bridges for node in pair)
    ranks = m.broker_ranks()
    rows = [
        NodeMeasure(
            snapshot=snapshot,
            degree=int(m.degree[i]),
            strength=float(m.strength[i]),
            betweenness=float(m.betweenness[i]),
            broker_rank=int(ranks[i]) or None,
            component=int(m.component[i]),
            community=int(m.community[i]),
            articulation=bool(m.articulation[i]),
            bridge_count=bridge_count.get(i, 0),
            ei_sector=None if math.isnan(m.ei_sector[i]) else float(m.ei_sector[i]),
            reach=int(m.reach[i]),
            x=float(m.x[i]),
            y=float(m.y[i]),
            **{key: node.pk},
        )
        for i, node in enumerate(network.nodes)
    ]
    NodeMeasure.objects.bulk_create(rows, batch_size=BATCH)
    CommunitySummary.objects.bulk_create(community_summaries(snapshot, network, m), batch_size=BATCH)
    g = network.graph
    sectors = np.asarray(network.sectors, dtype=object)
    external = sectors[g.sources] != sectors[g.targets] if g.edge_count else np.zeros(0, bool)
    weight = g.weights.sum()
    snapshot.node_count = n
    snapshot.tie_count = g.edge_count
    snapshot.isolated_count = int((m.degree == 0).sum())
    snapshot.component_count = int(m.component.max()) + 1 if n else 0
    snapshot.largest_component = int(np.bincount(m.component).max()) if n else 0
    snapshot.community_count = int(m.community.max()) + 1 if n else 0
    snapshot.modularity = m.modularity
    snapshot.density = m.density
    snapshot.betweenness_sample = m.betweenness_sample
    snapshot.bridge_count = len(m.bridges)
    snapshot.articulation_count = int(m.articulation.sum())
    snapshot.ei_index = (
        float((g.weights[external].sum() - g.weights[~external].sum()) / weight) if weight else None
    )


def community_summaries(snapshot: Snapshot, network: graph.Network, m: Measures) -> list[CommunitySummary]:
    g = network.graph
    if not g.n:
        return []
    k = int(m.community.max()) + 1
    members: list[list[int]] = [[] for _ in range(k)]
    for i, label in enumerate(m.community):
        members[label].append(i)
    inside = m.community[g.sources] == m.community[g.targets]
    internal_edges = np.bincount(m.community[g.sources][inside], minlength=k)
    sectors = np.asarray(network.sectors, dtype=object)
    external = sectors[g.sources] != sectors[g.targets]
    summaries = []
    for label, nodes in enumerate(members):
        size = len(nodes)
        # E-I of the community: its members' ties across sectors against within.
        in_community = (m.community[g.sources] == label) | (m.community[g.targets] == label)
        w_out = g.weights[in_community & external].sum()
        w_in = g.weights[in_community & ~external].sum()
        ministries = Counter(
            network.nodes[i].ministry_id for i in nodes if network.nodes[i].ministry_id
        )
        leaders = sorted(nodes, key=lambda i: (-m.degree[i], -m.strength[i], i))[:3]
        summaries.append(
            CommunitySummary(
                snapshot=snapshot,
                label=label,
                size=size,
                sectors=dict(Counter(sectors[nodes].tolist()).most_common()),
                ministries=[[pk, count] for pk, count in ministries.most_common(5)],
                ei_sector=float((w_out - w_in) / (w_out + w_in)) if w_out + w_in else None,
                density=analysis.density(size, int(internal_edges[label])),
                leaders=[network.nodes[i].pk for i in leaders],
            )
        )
    return summaries


def _store_recommendations(snapshot: Snapshot, network: graph.Network, m: Measures) -> None:
    from network import recommend

    if network.graph.n < 2:
        return
    tokens = recommend.profiles(level=network.level, scope=network.scope, nodes=network.nodes)
    found = recommend.similar_pairs(
        tokens,
        graph=network.graph,
        communities=m.community,
        sectors=network.sectors,
        k=int(getattr(settings, "NETWORK_RECOMMENDATIONS", 10)),
    )
    pairs = list(zip(found.source.tolist(), found.target.tolist(), strict=True))
    same_island = [bool(m.component[i] == m.component[j]) for i, j in pairs]
    steps = (
        recommend.steps(network.graph, pairs)
        if network.graph.n <= STEPS_UP_TO
        else [None] * len(pairs)
    )
    if network.level == Level.ORGANISATION:
        keys = ("organisation_id", "other_organisation_id")
    else:
        keys = ("person_id", "other_person_id")
    rows = [
        Recommendation(
            snapshot=snapshot,
            rank=int(found.rank[r]),
            score=float(found.score[r]),
            similarity=float(found.similarity[r]),
            across_community=bool(found.across_community[r]),
            across_sector=bool(found.across_sector[r]),
            terms=list(found.terms[r]),
            same_island=same_island[r],
            steps=steps[r] if same_island[r] else None,
            **{keys[0]: network.nodes[i].pk, keys[1]: network.nodes[j].pk},
        )
        for r, (i, j) in enumerate(pairs)
    ]
    Recommendation.objects.bulk_create(rows, batch_size=BATCH)


def _prune(*, level: str, scope: str, keep: int = 2, succeeded: Snapshot | None = None) -> None:
    """Keep the last `keep` analyses of the current network (quarter ends
    stay); failures that an analysis has `succeeded` since go too, or one
    failing night after night would pile up rows."""
    if succeeded is not None:
        Snapshot.objects.filter(
            level=level,
            scope=scope,
            status=Snapshot.Status.FAILED,
            started_at__lt=succeeded.started_at,
        ).delete()
    done = Snapshot.objects.filter(level=level, scope=scope, start__isnull=True)
    stale = done.filter(current=False, status=Snapshot.Status.DONE).exclude(
        pk__in=Snapshot.objects.filter(level=level, scope=scope, end__in=quarter_ends()).values(
            "pk"
        )
    )
    old = list(stale.order_by("-computed_at").values_list("pk", flat=True)[keep - 1 :])
    Snapshot.objects.filter(pk__in=old).delete()


def quarter_ends(first: dt.date | None = None, last: dt.date | None = None) -> list[dt.date]:
    """The last days of the calendar quarters from `first`'s to the last
    quarter that has ended by `last` (today)."""
    last = last or ties.today()
    if first is None:
        from network.models import Tie
        from network.ties import STANDING

        dated = (
            Tie.objects.filter(date__gt=STANDING).order_by("date").values_list("date", flat=True)
        )
        first = dated.first()
        if first is None:
            return []
    ends: list[dt.date] = []
    year, quarter = first.year, (first.month - 1) // 3
    while True:
        following = dt.date(year + 1, 1, 1) if quarter == 3 else dt.date(year, 3 * quarter + 4, 1)
        end = following - dt.timedelta(days=1)
        if end >= last:
            return ends
        ends.append(end)
        year, quarter = following.year, (following.month - 1) // 3


def _settings_used(*, level: str, scope: str, end: dt.date) -> dict[str, Any]:
    """What an analysis depends on besides the code: the weights, seed and
    crowd size, and how many pieces of evidence its window holds (a quarter
    whose evidence and settings have not changed need not be analysed again)."""
    return {
        "weights": graph.weights(),
        "seed": SEED,
        "max_clique": ties.max_clique(),
        "evidence": graph.ties_in(level=level, scope=scope, end=end).count(),
    }


def analyse_all(
    *,
    levels: tuple[str, ...] = (Level.ORGANISATION, Level.PERSON),
    scopes: tuple[str, ...] = (Scope.PUBLIC, Scope.ALL),
    rebuild_ties: bool = True,
    quarters: bool = True,
    log: Callable[[str], None] = lambda line: None,
) -> list[Snapshot]:
    """Everything `analyse_network` does: ties extracted again, then for each
    level and scope the current network and every quarter end not yet analysed
    with the same settings."""
    if rebuild_ties:
        started = time.perf_counter()
        count = ties.rebuild()
        log(f"ties: {count} in {time.perf_counter() - started:.1f} s")
    done = []
    ends = quarter_ends() if quarters else []
    failed = []
    for level in levels:
        for scope in scopes:
            # One failing analysis does not stop the others; the command
            # reports it (and its snapshot says why).
            try:
                snapshot = analyse(level=level, scope=scope)
            except Exception as error:
                failed.append(f"{level}/{scope}: {error}")
                continue
            done.append(snapshot)
            log(
                f"{level}/{scope}: {snapshot.node_count} nodes, {snapshot.tie_count} ties, "
                f"{snapshot.community_count} communities in {snapshot.seconds:.1f} s"
            )
            redone = 0
            for end in ends:
                wanted = _settings_used(level=level, scope=scope, end=end)
                existing = list(
                    Snapshot.objects.filter(
                        level=level,
                        scope=scope,
                        end=end,
                        current=False,
                        status=Snapshot.Status.DONE,
                    )
                )
                if any(s.weights == wanted for s in existing):
                    continue
                try:
                    done.append(analyse(level=level, scope=scope, end=end, current=False))
                except Exception as error:
                    failed.append(f"{level}/{scope} at {end}: {error}")
                    continue
                Snapshot.objects.filter(pk__in=[s.pk for s in existing]).delete()
                redone += 1
            if ends:
                log(f"{level}/{scope}: {len(ends)} quarter ends, {redone} analysed again")
    if failed:
        raise AnalysisFailed(failed, done)
    return done
