"""Keeping the search index in step with the data.

Services of other apps call reindex_on_commit()/remove_on_commit() inside
their transaction; the index is written once the data is committed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from search import indexing


def reindex_on_commit(*, kind: str, ids: Iterable[int]) -> None:
    wanted = sorted(set(ids))
    if wanted:
        transaction.on_commit(lambda: indexing.index_objects(kind=kind, ids=wanted))


def remove_on_commit(*, kind: str, ids: Iterable[int]) -> None:
    wanted = sorted(set(ids))
    if wanted:
        transaction.on_commit(lambda: indexing.remove_objects(kind=kind, ids=wanted))
