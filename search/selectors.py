"""Reading the search index: one search box for every kind of document.

Ranking, best first:

1. exact   — the query, compacted, is a whole key of the document: its
             name, abbreviation with or without dots (ก.พ.ร. = กพร), English
             name or acronym, an alias (KEY terms);
2. prefix  — the compacted query begins a key;
3. words   — the document has every word of the (Thai-segmented) query,
             ranked by how many of them are words of its name or keys;
4. fuzzy   — typos: the query, or each word of it, corrected to the closest
             KEY/NAME term of an in-process vocabulary (rapidfuzz), then looked
             up as above.

Ties go to the document's boost (organisations before people), then to the
shorter title. A search is a small fixed number of queries (at most eight),
whatever the size of the directory; the fuzzy stage only runs when the
query has neither an exact key nor a document with all its words.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils.translation import get_language
from rapidfuzz import process
from rapidfuzz.distance import OSA

from lib.thai.text import clean, compact, segment, subwords, terms_from_tokens
from search import indexing
from search.models import SearchDocument, SearchTerm

# How many postings a stage reads at most. Far more than a page: the stage's
# candidates are ranked in Python before the page is cut.
KEY_CAP = 300
WORDS_CAP = 2000
COUNT_CAP = 3000
MAX_QUERY_LENGTH = 200
MAX_WORDS = 8

EXACT, PREFIX, WORDS, FUZZY = 4, 3, 2, 1
MATCH_NAMES = {EXACT: "exact", PREFIX: "prefix", WORDS: "words", FUZZY: "fuzzy"}

# SQLite orders TEXT by its UTF-8 bytes, that is by code point, so every
# string that starts with p sorts in [p, p + U+10FFFF).
_HIGHEST = "\U0010ffff"


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    title: str
    subtitle: str
    url: str
    score: float
    match: str  # "exact", "prefix", "words" or "fuzzy"


# --- The query --------------------------------------------------------------------


@dataclass(frozen=True)
class _Query:
    text: str
    key: str  # the whole query, compacted
    chunks: tuple[str, ...]  # the space-separated parts, compacted
    words: tuple[str, ...]  # segmented, normalised search terms


def _query_terms(text: str) -> list[str]:
    """search_terms(), with long compound words replaced by their parts: the
    index holds the parts of every long compound (search.indexing), so
    "ข้าราชการพลเรือน" also meets "สำนักงานคณะกรรมการข้าราชการพลเรือน"."""
    tokens: list[str] = []
    for token in segment(text):
        tokens.extend(subwords([token]) or [token])
    return terms_from_tokens(tokens)[:MAX_WORDS]


def _parse(query: str) -> _Query:
    text = clean(query)[:MAX_QUERY_LENGTH]
    chunks = tuple(c for c in (compact(part) for part in text.split(" ")) if c)
    return _Query(
        text=text,
        key=compact(text),
        chunks=chunks,
        words=tuple(_query_terms(text)),
    )


# --- Candidates -------------------------------------------------------------------

_DOC_COLUMNS = (
    "id",
    "kind",
    "object_id",
    "title_th",
    "title_en",
    "subtitle_th",
    "subtitle_en",
    "url",
    "boost",
)


@dataclass
class _Candidate:
    doc: tuple[Any, ...]  # _DOC_COLUMNS
    tier: int
    sub: float  # within a tier: share of name words, or closeness of a typo

    def better_than(self, tier: int, sub: float) -> bool:
        return (self.tier, self.sub) >= (tier, sub)


class _Collector:
    def __init__(self) -> None:
        self.found: dict[int, _Candidate] = {}

    def add(self, doc: tuple[Any, ...], tier: int, sub: float = 0.0) -> None:
        current = self.found.get(doc[0])
        if current is None or not current.better_than(tier, sub):
            self.found[doc[0]] = _Candidate(doc, tier, sub)

    def count(self, min_tier: int) -> int:
        return sum(1 for c in self.found.values() if c.tier >= min_tier)


def _document_filter(
    kinds: Sequence[str] | None, include_inactive: bool, prefix: str = "document__"
) -> Q:
    condition = Q()
    if kinds:
        condition &= Q(**{f"{prefix}kind__in": list(kinds)})
    if not include_inactive:
        condition &= Q(**{f"{prefix}is_active": True})
    return condition


def _doc_values() -> list[str]:
    return ["document_id", *(f"document__{c}" for c in _DOC_COLUMNS[1:])]


def _key_postings(
    condition: Q, kinds: Sequence[str] | None, include_inactive: bool, *, ordered: bool = False
) -> list[tuple[Any, ...]]:
    """(document columns..., term) for KEY terms matching the condition."""
    queryset = SearchTerm.objects.filter(
        condition, _document_filter(kinds, include_inactive), source=SearchTerm.Source.KEY
    ).values_list(*_doc_values(), "term")
    if ordered and connection.vendor == "sqlite":
        # On SQLite the range scan already walks the index in term order, so
        # this costs nothing and puts the closest completions first. Not on
        # PostgreSQL: the pattern_ops index does not give the collation's
        # order, and sorting every completion of "ก" would cost more than
        # ranking whichever KEY_CAP of them come first.
        queryset = queryset.order_by("term")
    else:
        queryset = queryset.order_by()
    return list(queryset[:KEY_CAP])


def _prefix_condition(prefix: str) -> Q:
    if connection.vendor == "sqlite":
        # LIKE cannot use the index on SQLite (it is case-insensitive for
        # ASCII there); a range on the binary order can.
        return Q(term__gt=prefix, term__lt=prefix + _HIGHEST)
    # PostgreSQL: LIKE 'p%' through the varchar_pattern_ops index.
    return Q(term__startswith=prefix) & ~Q(term=prefix)


def _term_counts(words: Sequence[str]) -> dict[str, int]:
    """How many postings each word has, counted up to COUNT_CAP: enough to
    pick the rarest word to drive the join, without counting the tens of
    thousands of postings of "สำนักงาน" or "ตำบล" on every search."""
    table = connection.ops.quote_name(SearchTerm._meta.db_table)
    columns = ", ".join(
        f"(SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE term = %s LIMIT {COUNT_CAP}) c{i})"
        for i in range(len(words))
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}", list(words))
        row = cursor.fetchone()
    return {word: int(n) for word, n in zip(words, row, strict=True) if n}


def _documents_with_all(
    words: Sequence[str], kinds: Sequence[str] | None, include_inactive: bool
) -> list[tuple[tuple[Any, ...], int]]:
    """Documents that have every word, with how many of the words are name
    or key terms for them. One query; the rarest word drives the join."""
    counts = _term_counts(words)
    if len(counts) < len(words):
        return []  # a word nobody has: no document has them all
    ordered = sorted(words, key=lambda w: counts[w])
    term_table = connection.ops.quote_name(SearchTerm._meta.db_table)
    doc_table = connection.ops.quote_name(SearchDocument._meta.db_table)
    # CROSS JOIN fixes the join order on SQLite (its planner cannot know
    # which word is rare); PostgreSQL treats it as an inner join and plans
    # from its own statistics.
    joins = [f"{term_table} t0"]
    where = ["t0.term = %s", "d.id = t0.document_id"]
    params: list[Any] = [ordered[0]]
    # The other words are probed per candidate document. SQLite, without
    # statistics, would rather scan each word's whole posting list from the
    # term index for every candidate; INDEXED BY keeps it on the probe.
    probe = " INDEXED BY search_term_document" if connection.vendor == "sqlite" else ""
    for i, word in enumerate(ordered[1:], start=1):
        joins.append(f"CROSS JOIN {term_table} t{i}{probe}")
        where.append(f"t{i}.document_id = t0.document_id AND t{i}.term = %s")
        params.append(word)
    # The document last: only candidates that have every word are looked up.
    joins.append(f"CROSS JOIN {doc_table} d")
    if kinds:
        where.append(f"d.kind IN ({', '.join(['%s'] * len(kinds))})")
        params.extend(kinds)
    if not include_inactive:
        where.append("d.is_active = %s")
        params.append(True)
    columns = ", ".join(f"d.{c}" for c in _DOC_COLUMNS)
    sources = " + ".join(
        f"CASE WHEN t{i}.source >= {int(SearchTerm.Source.NAME)} THEN 1 ELSE 0 END"
        for i in range(len(ordered))
    )
    sql = (
        f"SELECT {columns}, {sources} FROM {' '.join(joins)} "
        f"WHERE {' AND '.join(where)} LIMIT {WORDS_CAP}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(tuple(row[:-1]), int(row[-1])) for row in cursor.fetchall()]


# --- Vocabulary for typos ---------------------------------------------------------


class _Vocabulary:
    """Every KEY and NAME term, bucketed by (length, first character) and by
    (length, last character). A term within k edits of a query has a length
    within k of it, and unless the typos touched both ends it shares the
    first or the last character: two small buckets per length instead of
    every term (the 200,000 full names of a national directory)."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.known: set[str] = set()
        self.by_first: dict[tuple[int, str], list[str]] = {}
        self.by_last: dict[tuple[int, str], list[str]] = {}
        for term in terms:
            if term and term not in self.known:
                self.known.add(term)
                self.by_first.setdefault((len(term), term[0]), []).append(term)
                self.by_last.setdefault((len(term), term[-1]), []).append(term)

    @staticmethod
    def max_edits(term: str) -> int:
        # One typo in a short word, more in a long name; none under four
        # characters, where one edit turns any abbreviation into another.
        length = len(term)
        if length < 4:
            return 0
        if length <= 6:
            return 1
        if length <= 12:
            return 2
        return 3

    def near(self, term: str, limit: int = 5) -> list[tuple[str, int]]:
        """Known terms within max_edits(term) edits (a swap of two neighbouring
        letters is one edit), closest first."""
        k = self.max_edits(term)
        if k == 0:
            return []
        best: dict[str, int] = {}
        for length in range(len(term) - k, len(term) + k + 1):
            for bucket in (
                self.by_first.get((length, term[0])),
                self.by_last.get((length, term[-1])),
            ):
                if not bucket:
                    continue
                for match, distance, _ in process.extract(
                    term, bucket, scorer=OSA.distance, score_cutoff=k, limit=limit
                ):
                    if match != term:
                        best[match] = int(distance)
        found = sorted(
            best.items(), key=lambda item: (item[1], abs(len(item[0]) - len(term)), item[0])
        )
        return found[:limit]


_vocabulary_lock = threading.Lock()
_vocabulary: tuple[int, _Vocabulary] | None = None


def vocabulary() -> _Vocabulary:
    """This process's vocabulary, reloaded when the index generation (kept in
    the shared cache, bumped by every index write) has moved on."""
    global _vocabulary
    current = indexing.generation()
    cached = _vocabulary
    if cached is not None and cached[0] == current:
        return cached[1]
    with _vocabulary_lock:
        if _vocabulary is not None and _vocabulary[0] == current:
            return _vocabulary[1]
        terms = (
            SearchTerm.objects.filter(source__gte=SearchTerm.Source.NAME)
            .order_by()
            .values_list("term", flat=True)
            .distinct()
            .iterator(chunk_size=20000)
        )
        built = _Vocabulary(terms)
        _vocabulary = (current, built)
        return built


# --- Search -----------------------------------------------------------------------


def _collect(
    parsed: _Query, kinds: Sequence[str] | None, include_inactive: bool, limit: int
) -> _Collector:
    found = _Collector()
    if not parsed.key:
        return found

    # 1. Exact keys, then 2. key prefixes.
    for *columns, _term in _key_postings(Q(term=parsed.key), kinds, include_inactive):
        found.add(tuple(columns), EXACT)
    if found.count(EXACT) < limit:
        prefix = _key_postings(_prefix_condition(parsed.key), kinds, include_inactive, ordered=True)
        for *columns, term in prefix:
            # The closest completion first: "กพ" is nearer "กพร" than "กพรภาคเหนือ".
            found.add(tuple(columns), PREFIX, len(parsed.key) / len(term))
    if found.count(PREFIX) >= limit:
        return found

    # 3. Every word of the query.
    if parsed.words:
        for doc, names in _documents_with_all(parsed.words, kinds, include_inactive):
            found.add(doc, WORDS, names / len(parsed.words))
    if found.count(EXACT) or found.count(WORDS) or found.count(PREFIX) >= limit:
        return found

    # 4. Typos: the whole query as one key, then word by word.
    words = vocabulary()
    if parsed.key not in words.known:
        near = words.near(parsed.key)
        if near:
            distance_of = dict(near)
            k = words.max_edits(parsed.key) + 1
            for *columns, term in _key_postings(
                Q(term__in=list(distance_of)), kinds, include_inactive
            ):
                found.add(tuple(columns), FUZZY, 1 - distance_of[term] / k)
    if len(parsed.chunks) > 1:
        corrected = []
        for chunk in parsed.chunks:
            if chunk in words.known:
                corrected.append(chunk)
            elif near := words.near(chunk, limit=1):
                corrected.append(near[0][0])
            else:
                corrected.append(chunk)
        corrected_words = _query_terms(" ".join(corrected))
        if corrected_words and tuple(corrected_words) != parsed.words:
            for doc, names in _documents_with_all(corrected_words, kinds, include_inactive):
                # Below an exact-key typo of the same closeness.
                found.add(doc, FUZZY, 0.5 * names / len(corrected_words))
    return found


def _title(doc: tuple[Any, ...], english: bool) -> str:
    return doc[4] if english and doc[4] else doc[3]


def _ranked(found: _Collector, limit: int) -> list[tuple[_Candidate, str]]:
    english = get_language() == "en"
    ranked = sorted(
        found.found.values(),
        key=lambda c: (-c.tier, -c.sub, -c.doc[8], len(_title(c.doc, english)), c.doc[0]),
    )
    return [(c, _title(c.doc, english)) for c in ranked[:limit]]


def search(
    *,
    query: str,
    kinds: Sequence[str] | None = None,
    limit: int = 20,
    include_inactive: bool = False,
) -> list[Hit]:
    """The best `limit` documents for a query, best first (see the module
    docstring for the order). Titles and subtitles in the active language."""
    if limit <= 0:
        return []
    parsed = _parse(query)
    found = _collect(parsed, kinds, include_inactive, limit)
    english = get_language() == "en"
    hits = []
    for candidate, title in _ranked(found, limit):
        doc = candidate.doc
        hits.append(
            Hit(
                kind=doc[1],
                object_id=int(doc[2]),
                title=title,
                subtitle=(doc[6] if english and doc[6] else doc[5]),
                url=doc[7],
                score=round(candidate.tier * 10 + candidate.sub, 4),
                match=MATCH_NAMES[candidate.tier],
            )
        )
    return hits


def search_ids(
    *, query: str, kind: str, limit: int = 500, include_inactive: bool = True
) -> list[int]:
    """Object ids of one kind matching a query, best first, for list pages
    that filter by a query. Inactive objects are included by default: the
    list page applies its own filters."""
    if limit <= 0:
        return []
    found = _collect(_parse(query), [kind], include_inactive, limit)
    return [int(candidate.doc[2]) for candidate, _title in _ranked(found, limit)]
