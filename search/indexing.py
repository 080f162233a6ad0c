"""Writing documents and their terms to the index, in bulk."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence

from django.db import transaction

from lib.thai.text import compact, segment_many, terms_from_tokens
from search import registry
from search.models import SearchDocument, SearchTerm

BATCH_SIZE = 2000
MAX_TERM_LENGTH = SearchTerm._meta.get_field("term").max_length or 200


def _batches(items: Iterable[registry.Document], size: int) -> Iterator[list[registry.Document]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def document_terms(
    documents: Sequence[registry.Document],
) -> list[dict[str, int]]:
    """{term: source} per document: compact keys, words of names, words of text."""
    names = [" ".join([d.title_th, d.title_en, *d.keys]) for d in documents]
    texts = [d.text for d in documents]
    segmented = segment_many(names + texts)
    result: list[dict[str, int]] = []
    for i, document in enumerate(documents):
        terms: dict[str, int] = {}
        for term in terms_from_tokens(segmented[len(documents) + i]):
            terms[term[:MAX_TERM_LENGTH]] = SearchTerm.Source.TEXT
        for term in terms_from_tokens(segmented[i]):
            terms[term[:MAX_TERM_LENGTH]] = SearchTerm.Source.NAME
        for key in (document.title_th, document.title_en, *document.keys):
            if term := compact(key)[:MAX_TERM_LENGTH]:
                terms[term] = SearchTerm.Source.KEY
        result.append(terms)
    return result


def _write(kind: str, documents: list[registry.Document]) -> None:
    ids = [d.object_id for d in documents]
    SearchDocument.objects.filter(kind=kind, object_id__in=ids).delete()
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
            SearchDocument.objects.filter(kind=kind, object_id__in=ids).values_list("object_id", "pk")
        )
        for row in rows:
            row.pk = by_object[row.object_id]
    SearchTerm.objects.bulk_create(
        (
            SearchTerm(term=term, document_id=row.pk, source=source)
            for row, terms in zip(rows, document_terms(documents), strict=True)
            for term, source in terms.items()
        ),
        batch_size=5000,
    )


def index_objects(*, kind: str, ids: Iterable[int] | None = None, batch_size: int = BATCH_SIZE) -> int:
    """(Re)index the objects of one kind; all of them when ids is None."""
    provider = registry.provider(kind)
    count = 0
    with transaction.atomic():
        if ids is None:
            for batch in _batches(provider.documents(None), batch_size):
                _write(kind, batch)
                count += len(batch)
            return count
        wanted = sorted(set(ids))
        # Chunks keep "IN (...)" under SQLite's limit on query parameters.
        for start in range(0, len(wanted), batch_size):
            chunk = wanted[start : start + batch_size]
            # Objects that no longer exist drop out of the index.
            SearchDocument.objects.filter(kind=kind, object_id__in=chunk).delete()
            for batch in _batches(provider.documents(chunk), batch_size):
                _write(kind, batch)
                count += len(batch)
    return count


def remove_objects(*, kind: str, ids: Iterable[int]) -> None:
    SearchDocument.objects.filter(kind=kind, object_id__in=list(ids)).delete()


def rebuild(kinds: Iterable[str] | None = None) -> dict[str, int]:
    counts: dict[str, int] = {}
    for provider in registry.providers():
        if kinds is not None and provider.kind not in kinds:
            continue
        with transaction.atomic():
            SearchDocument.objects.filter(kind=provider.kind).delete()
            counts[provider.kind] = index_objects(kind=provider.kind)
    return counts
