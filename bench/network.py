"""Network analysis on a synthetic network with community structure, with
networkx as the baseline in the same run (issue 6).

    python -m bench.network            100,000 nodes, 1,000,000 ties; networkx on 20,000
    python -m bench.network --quick    10,000 nodes, 100,000 ties; networkx on 2,000

The network: nodes in planted communities (about 200 members each), 90% of
ties inside a node's community, the rest anywhere, weights 1 (repeated
ties fold into heavier edges). Each node has a sector (its community's
usual one for 60% of nodes, any of eight for the rest) and about 20 words
of work: 14 from its community's topic, 3 from another topic and 3
everyday words. A topic is 30 words; there are fewer topics than
communities, so some communities share one and cross-community
recommendations exist; the everyday words (18,000, Zipf-distributed) are
what real profiles share across all topics.

Timed on it: building the graph, components, Leiden communities,
betweenness from 256 sampled sources, articulation points, and the top 10
recommendations for every node (network.recommend.similar_pairs: TF-IDF,
the pair search without tied pairs, community and sector bonuses, the
shared words of each pair). Then the same steps with networkx and with
Saphan on a smaller network of the same structure, and the ratio. networkx
has no text similarity, so its recommendation step is what a networkx
program would write: the same TF-IDF weights in Python dicts, an inverted
index over the same searched words, for each node the dot products with
every node sharing a word, its networkx neighbours and itself dropped, the
same bonuses (with its own Louvain communities), heapq's top 10 and each
pair's shared words. Its output is checked against Saphan's given the same
communities. Prints the machine, each step's time and the peak memory of
the process.
"""

from __future__ import annotations

import argparse
import heapq
import math
import os
import resource
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

import numpy as np

from bench.common import machine, setup_django
from network import analysis, recommend

SAMPLE = 256
K = 10
SECTORS = [
    "gov_central",
    "gov_regional",
    "gov_local",
    "civil_society",
    "academia",
    "private",
    "international",
    "community",
]
TOPIC_WORDS = 30
EVERYDAY_WORDS = 18_000


def planted(
    n: int, ties: int, *, within: float = 0.9, seed: int = 1
) -> tuple[analysis.Graph, np.ndarray]:
    """The graph and each node's planted community."""
    rng = np.random.default_rng(seed)
    community = rng.integers(0, max(1, n // 200), n)
    order = np.argsort(community, kind="stable")
    sizes = np.bincount(community)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    sources = rng.integers(0, n, ties)
    targets = rng.integers(0, n, ties)
    inside = rng.random(ties) < within
    own = community[sources[inside]]
    targets[inside] = order[starts[own] + (rng.random(inside.sum()) * sizes[own]).astype(np.int64)]
    return analysis.Graph.from_edges(n, sources, targets), community


def synthetic(n: int, ties: int, *, within: float = 0.9, seed: int = 1) -> analysis.Graph:
    return planted(n, ties, within=within, seed=seed)[0]


def profiles(community: np.ndarray, *, seed: int = 2) -> tuple[list[list[str]], list[str]]:
    """Each node's words and sector (see the module doc)."""
    rng = np.random.default_rng(seed)
    n, groups = len(community), int(community.max()) + 1
    topics = max(1, groups * 4 // 5)
    topic = rng.integers(0, topics, groups)[community]
    own = topic[:, None] * TOPIC_WORDS + rng.integers(0, TOPIC_WORDS, (n, 14))
    other = rng.integers(0, topics, n)[:, None] * TOPIC_WORDS + rng.integers(0, TOPIC_WORDS, (n, 3))
    everyday = topics * TOPIC_WORDS + (rng.zipf(1.3, (n, 3)) - 1) % EVERYDAY_WORDS
    vocabulary = np.array(
        [f"คำ{i}" for i in range(topics * TOPIC_WORDS + EVERYDAY_WORDS)], dtype=object
    )
    words = vocabulary[np.hstack([own, other, everyday])].tolist()
    usual = rng.integers(0, len(SECTORS), groups)[community]
    sector = np.where(rng.random(n) < 0.6, usual, rng.integers(0, len(SECTORS), n))
    return words, [SECTORS[s] for s in sector]


def timed(steps: list[tuple[str, Callable[[], Any]]]) -> dict[str, float]:
    times = {}
    for name, step in steps:
        start = time.perf_counter()
        step()
        times[name] = time.perf_counter() - start
    return times


RECOMMENDATIONS = f"recommendations (top {K})"


def saphan(
    graph: analysis.Graph, words: list[list[str]], sectors: list[str], found: dict[str, Any]
) -> dict[str, float]:
    fresh = analysis.Graph(graph.n, graph.sources, graph.targets, graph.weights)
    return timed(
        [
            ("graph", lambda: fresh.igraph),
            ("components", lambda: analysis.components(fresh)),
            ("communities", lambda: found.update(communities=analysis.communities(fresh))),
            (f"betweenness ({SAMPLE} sources)", lambda: analysis.betweenness(fresh, sample=SAMPLE)),
            ("articulation points", lambda: analysis.articulation_points(fresh)),
            (
                RECOMMENDATIONS,
                lambda: found.update(
                    recommendations=recommend.similar_pairs(
                        words, graph=fresh, communities=found["communities"], sectors=sectors, k=K
                    )
                ),
            ),
        ]
    )


def with_networkx(
    graph: analysis.Graph, words: list[list[str]], sectors: list[str], found: dict[str, Any]
) -> dict[str, float]:
    import networkx as nx

    peer = nx.Graph()

    def louvain() -> None:
        communities = nx.community.louvain_communities(peer, weight="weight", seed=0)
        found["communities"] = {
            node: c for c, members in enumerate(communities) for node in members
        }

    return timed(
        [
            (
                "graph",
                lambda: (
                    peer.add_nodes_from(range(graph.n)),
                    peer.add_weighted_edges_from(
                        zip(
                            graph.sources.tolist(),
                            graph.targets.tolist(),
                            graph.weights.tolist(),
                            strict=True,
                        )
                    ),
                ),
            ),
            ("components", lambda: list(nx.connected_components(peer))),
            ("communities", louvain),
            (
                f"betweenness ({SAMPLE} sources)",
                lambda: nx.betweenness_centrality(peer, k=min(SAMPLE, graph.n), seed=0),
            ),
            ("articulation points", lambda: list(nx.articulation_points(peer))),
            (
                RECOMMENDATIONS,
                lambda: found.update(
                    recommendations=python_recommendations(
                        peer, words, sectors, found["communities"]
                    )
                ),
            ),
        ]
    )


def python_recommendations(
    peer: Any, words: list[list[str]], sectors: list[str], community: dict[int, int]
) -> dict[int, list[tuple[int, list[str]]]]:
    """The recommendation step as plain Python over networkx (the baseline):
    for each node its top K (other, shared words), best first."""
    n = len(words)
    counts = [Counter(doc) for doc in words]
    frequency = Counter(word for doc in counts for word in doc)
    idf = {word: math.log((1 + n) / (1 + df)) + 1 for word, df in frequency.items()}
    weights = []
    for doc in counts:
        row = {word: (1 + math.log(c)) * idf[word] for word, c in doc.items()}
        norm = math.sqrt(sum(v * v for v in row.values())) or 1.0
        weights.append({word: v / norm for word, v in row.items()})
    # The same words searched as Saphan's (the most common left out while
    # their matches would exceed the budget).
    budget = max(recommend.SEARCH_WORK_FLOOR, recommend.SEARCH_WORK_PER_NODE * n)
    searched, spent = set(), 0.0
    for word, df in sorted(frequency.items(), key=lambda item: item[1]):
        spent += df * df
        if spent > budget:
            break
        searched.add(word)
    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for node, row in enumerate(weights):
        for word, v in row.items():
            if word in searched:
                index[word].append((node, v))
    result = {}
    for node, row in enumerate(weights):
        dots: dict[int, float] = defaultdict(float)
        for word, v in row.items():
            for other, w in index.get(word, ()):
                dots[other] += v * w
        dots.pop(node, None)
        for neighbour in peer.adj[node]:
            dots.pop(neighbour, None)
        scored = (
            (
                similarity
                * (recommend.ACROSS_COMMUNITY if community[node] != community[other] else 1.0)
                * (recommend.ACROSS_SECTOR if sectors[node] != sectors[other] else 1.0),
                -other,
            )
            for other, similarity in dots.items()
            if similarity >= 0.05
        )
        best = heapq.nlargest(K, scored)
        result[node] = [(-other, shared(row, weights[-other], searched)) for _, other in best]
    return result


def shared(row: dict[str, float], other: dict[str, float], searched: set[str]) -> list[str]:
    """The searched words of both, by their part of the cosine (to 12
    places), then alphabetically; as many as Saphan keeps."""
    both = [word for word in row if word in searched and word in other]
    both.sort(key=lambda word: (-round(row[word] * other[word], 12), word))
    return both[: recommend.TERMS]


def agreement(
    graph: analysis.Graph,
    words: list[list[str]],
    sectors: list[str],
    baseline: dict[int, list[tuple[int, list[str]]]],
    community: dict[int, int],
) -> float:
    """The share of nodes whose top K (others and shared words) Saphan gives
    exactly as the baseline, on the baseline's communities."""
    found = recommend.similar_pairs(
        words,
        graph=graph,
        communities=np.array([community[i] for i in range(graph.n)]),
        sectors=sectors,
        k=K,
    )
    ours: dict[int, list[tuple[int, list[str]]]] = defaultdict(list)
    for source, target, terms in zip(
        found.source.tolist(), found.target.tolist(), found.terms, strict=True
    ):
        ours[source].append((target, terms))
    same = sum(ours.get(node, []) == baseline[node] for node in range(graph.n))
    return same / graph.n


def show(title: str, times: dict[str, float]) -> float:
    total = sum(times.values())
    steps = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in times.items())
    print(f"{title}: {total:.1f} s ({steps})")
    return total


def peak() -> str:
    return f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6:.2f} GB"


def describe(found: recommend.Recommendations, n: int) -> str:
    sources = len(np.unique(found.source))
    return (
        f"{len(found):,} recommendations for {sources:,} of {n:,} nodes, "
        f"{found.across_community.mean():.0%} across communities, "
        f"{found.across_sector.mean():.0%} across sectors"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    args = parser.parse_args()
    big, small = (10_000, 2_000) if args.quick else (100_000, 20_000)
    setup_django()  # for machine(), which names the database too
    print(f"== Network analysis (issue 6)\nmachine: {machine()}")
    # The machine may be shared: other processes slow every step alike.
    print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores)")
    graph, community = planted(big, big * 10)
    words, sectors = profiles(community)
    print(f"network: {graph.n:,} nodes, {graph.edge_count:,} ties after folding repeats")
    found: dict[str, Any] = {}
    show("saphan", saphan(graph, words, sectors, found))
    print(describe(found["recommendations"], graph.n))
    print(f"peak memory so far: {peak()}")
    del found, words, sectors
    graph, community = planted(small, small * 10)
    words, sectors = profiles(community)
    print(f"baseline network: {graph.n:,} nodes, {graph.edge_count:,} ties")
    ours: dict[str, Any] = {}
    mine = show("saphan", saphan(graph, words, sectors, ours))
    theirs: dict[str, Any] = {}
    peer = show("networkx", with_networkx(graph, words, sectors, theirs))
    print(f"networkx / saphan: {peer / mine:.0f}x (goal: 20x or more)")
    share = agreement(graph, words, sectors, theirs["recommendations"], theirs["communities"])
    print(f"recommendations equal to the baseline's on its communities: {share:.1%} of nodes")
    pairs = ours["recommendations"]
    start = time.perf_counter()
    recommend.steps(graph, np.column_stack([pairs.source, pairs.target]))
    print(
        f"steps between the {len(pairs):,} recommended pairs (not in the pipeline): "
        f"{time.perf_counter() - start:.2f} s"
    )
    print(f"peak memory: {peak()}; load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
