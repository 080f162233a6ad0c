"""Network analysis on a synthetic network with community structure, with
networkx as the baseline in the same run (issue 6).

    python -m bench.network            100,000 nodes, 1,000,000 ties; networkx on 20,000
    python -m bench.network --quick    10,000 nodes, 100,000 ties; networkx on 2,000

The network: nodes in planted communities (about 200 members each), 90% of
ties inside a node's community, the rest anywhere, weights 1 (repeated
ties fold into heavier edges). Timed on it: building the graph, components,
Leiden communities, betweenness from 256 sampled sources, articulation
points. Then the same steps with networkx (Louvain for Leiden, its own
256-source sample) and with Saphan on a smaller network of the same
structure, and the ratio. Not yet in the pipeline: the recommendations
(issue 6 asks for the top 10 for every organisation in the same 60 s).
Prints the machine, each step's time and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from bench.common import machine, setup_django
from network import analysis

SAMPLE = 256


def synthetic(n: int, ties: int, *, within: float = 0.9, seed: int = 1) -> analysis.Graph:
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
    return analysis.Graph.from_edges(n, sources, targets)


def timed(steps: list[tuple[str, Callable[[], Any]]]) -> dict[str, float]:
    times = {}
    for name, step in steps:
        start = time.perf_counter()
        step()
        times[name] = time.perf_counter() - start
    return times


def saphan(graph: analysis.Graph) -> dict[str, float]:
    fresh = analysis.Graph(graph.n, graph.sources, graph.targets, graph.weights)
    return timed(
        [
            ("graph", lambda: fresh.igraph),
            ("components", lambda: analysis.components(fresh)),
            ("communities", lambda: analysis.communities(fresh)),
            (f"betweenness ({SAMPLE} sources)", lambda: analysis.betweenness(fresh, sample=SAMPLE)),
            ("articulation points", lambda: analysis.articulation_points(fresh)),
        ]
    )


def with_networkx(graph: analysis.Graph) -> dict[str, float]:
    import networkx as nx

    peer = nx.Graph()
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
            (
                "communities",
                lambda: nx.community.louvain_communities(peer, weight="weight", seed=0),
            ),
            (
                f"betweenness ({SAMPLE} sources)",
                lambda: nx.betweenness_centrality(peer, k=min(SAMPLE, graph.n), seed=0),
            ),
            ("articulation points", lambda: list(nx.articulation_points(peer))),
        ]
    )


def show(title: str, times: dict[str, float]) -> float:
    total = sum(times.values())
    steps = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in times.items())
    print(f"{title}: {total:.1f} s ({steps})")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    args = parser.parse_args()
    big, small = (10_000, 2_000) if args.quick else (100_000, 20_000)
    setup_django()  # for machine(), which names the database too
    print(
        f"== Network analysis (issue 6; recommendations not yet in the pipeline)\nmachine: {machine()}"
    )
    graph = synthetic(big, big * 10)
    print(f"network: {graph.n:,} nodes, {graph.edge_count:,} ties after folding repeats")
    show("saphan", saphan(graph))
    print(f"peak memory so far: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6:.2f} GB")
    graph = synthetic(small, small * 10)
    print(f"baseline network: {graph.n:,} nodes, {graph.edge_count:,} ties")
    ours = show("saphan", saphan(graph))
    theirs = show("networkx", with_networkx(graph))
    print(f"networkx / saphan: {theirs / ours:.0f}x (goal: 20x or more)")


if __name__ == "__main__":
    main()
