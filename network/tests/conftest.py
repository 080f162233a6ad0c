"""Network tests write Tie rows directly (not through network.ties, which
tells the cache), so built networks are not kept between the calls of one
test; test_graph_cache.py checks the cache itself."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _built_networks_not_kept(monkeypatch):
    from network import graph

    monkeypatch.setattr(graph, "BUILT_SECONDS", 0)
