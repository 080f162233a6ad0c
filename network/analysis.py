"""The network's measures, on a plain graph of integer nodes (no app models).

Saphan's ties are typed, dated and weighted; `network.graph` (to come) turns
a time window of them into one undirected graph: nodes 0..n-1, one edge per
pair with the summed weight. This module measures that graph with igraph
(C, its own Leiden included), which is what keeps 100,000 nodes and a million ties
within a minute on two cores; networkx is the peer it is checked against
(network/tests/test_analysis.py) and benchmarked against, not a dependency
of the running site.

Conventions, chosen to match networkx so the two can be compared:
- Betweenness is over hop counts (who lies on the shortest paths between
  others, however strong the ties), normalised for an undirected graph by
  2 / ((n - 1)(n - 2)). A sample of `k` source nodes estimates it, scaled
  by n / k, as networkx's `betweenness_centrality(k=...)` does; the sample
  size is returned with the values so pages can state it.
- Communities use tie weights (modularity of the weighted graph).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import igraph as ig
import numpy as np

# Exact betweenness up to this many nodes; a sample of sources beyond.
EXACT_BETWEENNESS_UP_TO = 5_000
DEFAULT_SAMPLE = 256
_RNG_LOCK = threading.Lock()


@dataclass(frozen=True)
class Graph:
    """An undirected graph: `n` nodes, edges (source < target) without
    duplicates or loops, and each edge's weight."""

    n: int
    sources: np.ndarray
    targets: np.ndarray
    weights: np.ndarray

    @classmethod
    def from_edges(
        cls,
        n: int,
        sources: Sequence[int] | np.ndarray,
        targets: Sequence[int] | np.ndarray,
        weights: Sequence[float] | np.ndarray | None = None,
    ) -> Graph:
        """Fold ties into edges: both directions of a pair become one edge
        whose weight is the sum; a node tied to itself is dropped."""
        a = np.asarray(sources, dtype=np.int64)
        b = np.asarray(targets, dtype=np.int64)
        w = np.ones(len(a)) if weights is None else np.asarray(weights, dtype=np.float64)
        if len(a) != len(b) or len(a) != len(w):
            raise ValueError("sources, targets and weights differ in length")
        if len(a) and (min(a.min(), b.min()) < 0 or max(a.max(), b.max()) >= n):
            raise ValueError("a tie names a node outside 0..n-1")
        keep = a != b
        low, high, w = np.minimum(a, b)[keep], np.maximum(a, b)[keep], w[keep]
        keys = low * n + high
        unique, inverse = np.unique(keys, return_inverse=True)
        summed = np.bincount(inverse, weights=w, minlength=len(unique))
        return cls(n, unique // n, unique % n, summed)

    @property
    def edge_count(self) -> int:
        return len(self.sources)

    @cached_property
    def igraph(self) -> ig.Graph:
        graph = ig.Graph(n=self.n, edges=np.column_stack([self.sources, self.targets]).tolist())
        graph.es["weight"] = self.weights.tolist()
        return graph


def density(nodes: int, edges: int) -> float:
    """The share of all possible pairs that are tied (0 for fewer than two nodes)."""
    return 2.0 * edges / (nodes * (nodes - 1)) if nodes > 1 else 0.0


def components(graph: Graph) -> np.ndarray:
    """The island each node is on: labels 0.., the largest island first."""
    membership = np.asarray(graph.igraph.connected_components().membership)
    return _by_size(membership)


def degrees(graph: Graph) -> np.ndarray:
    """How many others each node has a tie with."""
    return np.asarray(graph.igraph.degree())


def strengths(graph: Graph) -> np.ndarray:
    """The summed weight of each node's ties."""
    return np.asarray(graph.igraph.strength(weights="weight"))


@dataclass(frozen=True)
class Betweenness:
    values: np.ndarray
    sample: int | None  # the number of source nodes sampled; None when exact


def betweenness(
    graph: Graph,
    *,
    sample: int | None = None,
    seed: int = 0,
    exact_up_to: int = EXACT_BETWEENNESS_UP_TO,
) -> Betweenness:
    """Brokers: normalised betweenness, exact on small graphs, else estimated
    from `sample` source nodes (DEFAULT_SAMPLE) drawn with `seed`."""
    n = graph.n
    if n < 3:
        return Betweenness(np.zeros(n), None)
    scale = 2.0 / ((n - 1) * (n - 2))
    if sample is None and n <= exact_up_to:
        raw = np.asarray(graph.igraph.betweenness(directed=False))
        return Betweenness(raw * scale, None)
    k = min(n, sample or DEFAULT_SAMPLE)
    chosen = np.random.default_rng(seed).choice(n, size=k, replace=False)
    # Paths from the sampled sources to every node (igraph halves them, as it
    # does for all sources), scaled up by n / k as networkx's k-sample is.
    raw = np.asarray(
        graph.igraph.betweenness(directed=False, sources=chosen.tolist(), targets=None)
    )
    return Betweenness(raw * scale * (n / k), k)


def articulation_points(graph: Graph) -> np.ndarray:
    """Agencies whose loss would cut an island in two, sorted."""
    return np.sort(np.asarray(graph.igraph.articulation_points(), dtype=np.int64))


def bridges(graph: Graph) -> list[tuple[int, int]]:
    """Ties whose loss would cut an island in two, as (low, high) node pairs."""
    edges = graph.igraph.bridges()
    return sorted((int(graph.sources[e]), int(graph.targets[e])) for e in edges)


def communities(graph: Graph, *, seed: int = 0, resolution: float = 1.0) -> np.ndarray:
    """Leiden communities of the weighted graph (modularity, iterated until
    no node moves), the largest labelled 0. The same seed gives the same
    communities."""
    with seeded(seed):
        partition = graph.igraph.community_leiden(
            objective_function="modularity",
            weights="weight",
            resolution=resolution,
            n_iterations=-1,
        )
    return _by_size(np.asarray(partition.membership))


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """igraph draws from one process-wide generator: lend it a seeded one
    (under a lock, so two analyses at once do not share it)."""
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)


def modularity(graph: Graph, membership: Sequence[int] | np.ndarray) -> float:
    return float(graph.igraph.modularity(list(map(int, membership)), weights="weight"))


def ei_index(graph: Graph, groups: Sequence[Any] | np.ndarray) -> np.ndarray:
    """Openness of each node: (weight of ties outside its group − inside) /
    all its ties' weight, from −1 (only its own kind) to +1 (only others);
    NaN for a node without ties. `groups` is each node's sector, say."""
    labels = np.unique(np.asarray(groups, dtype=object), return_inverse=True)[1]
    external = labels[graph.sources] != labels[graph.targets]
    signed = np.where(external, graph.weights, -graph.weights)
    total = np.bincount(graph.sources, graph.weights, graph.n) + np.bincount(
        graph.targets, graph.weights, graph.n
    )
    net = np.bincount(graph.sources, signed, graph.n) + np.bincount(graph.targets, signed, graph.n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, net / total, np.nan)


def _by_size(membership: np.ndarray) -> np.ndarray:
    """Relabel groups 0.. from the largest to the smallest (ties by first node)."""
    if not len(membership):
        return membership
    labels, first, counts = np.unique(membership, return_index=True, return_counts=True)
    order = np.lexsort((first, -counts))
    rank = np.empty(len(labels), dtype=np.int64)
    rank[order] = np.arange(len(labels))
    return rank[np.searchsorted(labels, membership)]
