"""Built networks are kept in the cache until a tie is written."""

from __future__ import annotations

import pytest

from network import graph, ties
from network.models import Level, Scope
from network.tests.test_services import organisation, tie


@pytest.fixture
def kept(monkeypatch):
    monkeypatch.setattr(graph, "BUILT_SECONDS", 600)


def test_a_built_network_is_reused_until_ties_are_written(db, kept, django_assert_num_queries):
    a, b, c = organisation("กรมเอ"), organisation("กรมบี"), organisation("กรมซี")
    tie(a, b)
    first = graph.build(level=Level.ORGANISATION, scope=Scope.PUBLIC)
    assert first.graph.edge_count == 1
    with django_assert_num_queries(0):
        again = graph.build(level=Level.ORGANISATION, scope=Scope.PUBLIC)
    assert again.graph.edge_count == 1
    # Written behind the cache's back: still the old network...
    tie(b, c)
    assert graph.build(level=Level.ORGANISATION, scope=Scope.PUBLIC).graph.edge_count == 1
    # ... until ties are written the way the app writes them.
    ties.refresh(["hierarchy:*"])
    assert graph.build(level=Level.ORGANISATION, scope=Scope.PUBLIC).graph.edge_count == 2
