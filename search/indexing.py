"""Writing documents and their terms to the index, in bulk.

Each write bumps the index generation in the cache, so that every process
(web workers behind a shared Redis cache included) knows its in-memory
vocabulary for typo-tolerant search is stale and reloads it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence

from django.core.cache import cache
from django.db import connection, transaction

from lib.bulk import insert_rows
from lib.thai.text import compact, segment_many, subwords, terms_from_tokens
from search import registry
from search.models import SearchDocument, SearchTerm

BATCH_SIZE = 2000
MAX_TERM_LENGTH = SearchTerm._meta.get_field("term").max_length or 200
GENERATION_KEY = "search:generation"


# --- Generation -----------------------------------------------------------------


def generation() -> int:
    """The index generation as the cache knows it (0 before any write)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return int(value)


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not in the cache (first write, evicted, cache cleared)
        cache.add(GENERATION_KEY, 2, timeout=None)


def bump_generation() -> None:
    """Mark the vocabulary stale now and again once the write is committed:
    a process that reloads between the two sees uncommitted-free data only
    after the second bump."""
    _bump()
    transaction.on_commit(_bump)


# --- Terms ------------------------------------------------------------------------


def _batches(items: Iterable[registry.Document], size: int) -> Iterator[list[registry.Document]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def document_terms(
    documents: Sequence[registry.Document],
) -> list[dict[str, int]]:
    """{term: source} per document: compact keys, words of names (and the
    parts of long compound words), words of text. A term keeps its
    strongest source."""
    names = [" ".join([d.title_th, d.title_en, *d.keys]) for d in documents]
    texts = [d.text for d in documents]
    segmented = segment_many(names + texts)
    result: list[dict[str, int]] = []
    for i, document in enumerate(documents):
        terms: dict[str, int] = {}
        text_tokens = segmented[len(documents) + i]
        for term in terms_from_tokens([*text_tokens, *subwords(text_tokens)]):
            terms[term[:MAX_TERM_LENGTH]] = SearchTerm.Source.TEXT
        name_tokens = segmented[i]
        for term in terms_from_tokens([*name_tokens, *subwords(name_tokens)]):
            terms[term[:MAX_TERM_LENGTH]] = SearchTerm.Source.NAME
        for key in (document.title_th, document.title_en, *document.keys):
            if term := compact(key)[:MAX_TERM_LENGTH]:
                terms[term] = SearchTerm.Source.KEY
        result.append(terms)
    return result


def _write(kind: str, documents: list[registry.Document], *, replace: bool = True) -> None:
    ids = [d.object_id for d in documents]
    if replace:
        _delete_objects(kind, ids)
    rows = SearchDocument.objects.bulk_create(
        SearchDocument(
            kind=kind,
            object_id=d.object_id,
            title_th=d.title_th[:500],
            title_en=d.title_en[:500],
            subtitle_th=d.subtitle_th[:500],
            subtitle_en=d.subtitle_en[:500],
            url=d.url,
            is_active=d.is_active,
            boost=d.boost,
        )
        for d in documents
    )
    if rows and rows[0].pk is None:  # backends without RETURNING on bulk insert
        by_object = dict(
            SearchDocument.objects.filter(kind=kind, object_id__in=ids).values_list(
                "object_id", "pk"
            )
        )
        for row in rows:
            row.pk = by_object[row.object_id]
    # The index holds millions of terms: a model instance per term would
    # cost more than the insert itself.
    insert_rows(
        SearchTerm,
        ["term", "document", "source"],
        [
            (term, row.pk, source)
            for row, terms in zip(rows, document_terms(documents), strict=True)
            for term, source in terms.items()
        ],
        chunk=10000,
    )


def _delete_objects(kind: str, ids: list[int]) -> None:
    # Terms by a join, then documents, each in one statement: the ORM's
    # delete() would first fetch every document and term id to cascade by hand.
    SearchTerm.objects.filter(document__kind=kind, document__object_id__in=ids)._raw_delete(
        SearchTerm.objects.db
    )
    SearchDocument.objects.filter(kind=kind, object_id__in=ids)._raw_delete(
        SearchDocument.objects.db
    )


def _delete_kind(kind: str) -> None:
    # Terms first, in one statement: deleting the documents through the ORM
    # would collect hundreds of thousands of ids to cascade by hand.
    SearchTerm.objects.filter(document__kind=kind)._raw_delete(SearchTerm.objects.db)
    SearchDocument.objects.filter(kind=kind)._raw_delete(SearchDocument.objects.db)


def index_objects(
    *, kind: str, ids: Iterable[int] | None = None, batch_size: int = BATCH_SIZE
) -> int:
    """(Re)index the objects of one kind; all of them when ids is None."""
    provider = registry.provider(kind)
    count = 0
    with transaction.atomic():
        if ids is None:
            for batch in _batches(provider.documents(None), batch_size):
                _write(kind, batch)
                count += len(batch)
        else:
            wanted = sorted(set(ids))
            # Chunks keep "IN (...)" under SQLite's limit on query parameters.
            for start in range(0, len(wanted), batch_size):
                chunk = wanted[start : start + batch_size]
                # Objects that no longer exist drop out of the index.
                _delete_objects(kind, chunk)
                for batch in _batches(provider.documents(chunk), batch_size):
                    _write(kind, batch, replace=False)
                    count += len(batch)
        bump_generation()
    return count


def remove_objects(*, kind: str, ids: Iterable[int]) -> None:
    with transaction.atomic():
        wanted = sorted(set(ids))
        for start in range(0, len(wanted), BATCH_SIZE):
            _delete_objects(kind, wanted[start : start + BATCH_SIZE])
        bump_generation()


def refresh_statistics() -> None:
    """After a bulk write on PostgreSQL: fresh planner statistics, and a
    visibility map so that lookups are index-only. Until autovacuum gets
    round to it, the planner guesses from an empty table and a search over
    a freshly loaded national directory takes hundreds of milliseconds
    instead of a few. SQLite plans these queries well without statistics
    (the word join names its index), so nothing is done there."""
    if connection.vendor != "postgresql":
        return
    tables = [SearchTerm._meta.db_table, SearchDocument._meta.db_table]
    with connection.cursor() as cursor:
        for table in tables:
            # VACUUM cannot run inside a transaction; ANALYZE can.
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f"{verb} {connection.ops.quote_name(table)}")


def rebuild(kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Drop and rebuild the index of the given kinds (all registered kinds
    when None), each kind in one transaction."""
    wanted = set(kinds) if kinds is not None else None
    counts: dict[str, int] = {}
    for provider in registry.providers():
        if wanted is not None and provider.kind not in wanted:
            continue
        with transaction.atomic():
            _delete_kind(provider.kind)
            count = 0
            for batch in _batches(provider.documents(None), BATCH_SIZE):
                _write(provider.kind, batch, replace=False)
                count += len(batch)
            counts[provider.kind] = count
            bump_generation()
    refresh_statistics()
    return counts
