"""Saphan's network measures against networkx, the peer, on the classic
small networks: Zachary's karate club, Les Misérables and the Florentine
families. Components, degrees, betweenness, articulation points and bridges
must be equal (betweenness within floating-point tolerance); Leiden
communities must reach a modularity at least as high as networkx's Louvain."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from network import analysis

GRAPHS = {
    "karate": nx.karate_club_graph,
    "les-miserables": nx.les_miserables_graph,
    "florentine": nx.florentine_families_graph,
}


def as_saphan(peer: nx.Graph) -> tuple[analysis.Graph, list]:
    nodes = list(peer.nodes())
    index = {node: i for i, node in enumerate(nodes)}
    edges = list(peer.edges(data="weight", default=1.0))
    graph = analysis.Graph.from_edges(
        len(nodes),
        [index[a] for a, _b, _w in edges],
        [index[b] for _a, b, _w in edges],
        [w for _a, _b, w in edges],
    )
    return graph, nodes


@pytest.fixture(params=sorted(GRAPHS))
def pair(request):
    peer = GRAPHS[request.param]()
    graph, nodes = as_saphan(peer)
    return peer, graph, nodes


def test_components_and_degrees_equal_networkx(pair):
    peer, graph, nodes = pair
    ours = analysis.components(graph)
    islands = {frozenset(nodes[i] for i in np.flatnonzero(ours == label)) for label in set(ours)}
    assert islands == {frozenset(c) for c in nx.connected_components(peer)}
    assert dict(zip(nodes, analysis.degrees(graph).tolist(), strict=True)) == dict(peer.degree())


def test_betweenness_equals_networkx(pair):
    peer, graph, nodes = pair
    ours = analysis.betweenness(graph)
    assert ours.sample is None
    expected = nx.betweenness_centrality(peer)
    assert np.allclose(ours.values, [expected[node] for node in nodes], rtol=1e-9, atol=1e-12)


def test_a_sample_of_every_source_is_the_exact_betweenness(pair):
    _peer, graph, _nodes = pair
    sampled = analysis.betweenness(graph, sample=graph.n)
    assert sampled.sample == graph.n
    assert np.allclose(sampled.values, analysis.betweenness(graph).values, rtol=1e-9, atol=1e-12)


def test_articulation_points_and_bridges_equal_networkx(pair):
    peer, graph, nodes = pair
    assert {nodes[i] for i in analysis.articulation_points(graph)} == set(
        nx.articulation_points(peer)
    )
    ours = {frozenset((nodes[a], nodes[b])) for a, b in analysis.bridges(graph)}
    assert ours == {frozenset(edge) for edge in nx.bridges(peer)}


def test_leiden_reaches_at_least_louvains_modularity(pair):
    peer, graph, nodes = pair
    ours = analysis.modularity(graph, analysis.communities(graph))
    louvain = nx.community.louvain_communities(peer, weight="weight", seed=0)
    theirs = nx.community.modularity(peer, louvain, weight="weight")
    assert ours >= theirs - 1e-12
    # And igraph's modularity of a partition is networkx's.
    membership = np.empty(len(nodes), dtype=int)
    index = {node: i for i, node in enumerate(nodes)}
    for label, community in enumerate(louvain):
        membership[[index[node] for node in community]] = label
    assert analysis.modularity(graph, membership) == pytest.approx(theirs, rel=1e-9)


def test_ei_index_runs_from_closed_to_open():
    # 0-1 same sector, 1-2 across, 3 alone.
    graph = analysis.Graph.from_edges(4, [0, 1], [1, 2], [1.0, 1.0])
    ei = analysis.ei_index(graph, ["gov", "gov", "ngo", "ngo"])
    assert ei[0] == -1 and ei[1] == 0 and ei[2] == 1 and np.isnan(ei[3])


def test_ties_fold_into_one_weighted_edge_and_bad_ties_are_refused():
    graph = analysis.Graph.from_edges(3, [0, 1, 2, 2], [1, 0, 2, 1], [1.0, 2.0, 5.0, 1.0])
    assert graph.edge_count == 2 and graph.weights.tolist() == [3.0, 1.0]
    with pytest.raises(ValueError):
        analysis.Graph.from_edges(2, [0], [2])


def test_the_same_seed_gives_the_same_communities(pair):
    _peer, graph, _nodes = pair
    first = analysis.communities(graph, seed=7)
    assert (analysis.communities(graph, seed=7) == first).all()
    assert np.bincount(first).argmax() == 0  # the largest community is labelled 0
