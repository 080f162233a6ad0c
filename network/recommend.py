"""Who should meet whom: pairs with similar work and no tie yet.

Two halves, so the arithmetic can be benchmarked and tested without a
database:

- Pure: `similar_pairs` (the top k others for each node, by the cosine of
  their TF-IDF profiles, never a pair already tied, preferring pairs across
  communities and sectors), `steps` (hops between pairs) and `reason` (the
  plain sentence a page shows).
- Django: `profiles` (the words of the work each node is part of:
  challenges, board notes, proposals, actions; an anonymous note never
  counts for its author) and `agencies_for_challenge` (agencies that
  similar challenges involved and this one does not; the challenges in
  scope are weighed once per change and kept in Django's cache).

Why this way
------------
Words are cut as the board themes cut them (`boards.clustering`: Thai
segmentation with Saphan's dictionary, dotless abbreviations, the parts of
long compounds, Thai and English stopwords and sticky-note filler), so a
word means the same on a board's themes and here. Profiles are TF-IDF rows
(sublinear tf, smoothed idf, l2), compared by cosine.

All pairs at once would be n x n. Instead rows are taken in chunks and
multiplied by the whole matrix (sparse: only nodes sharing a word meet),
tied pairs sunk below any threshold in the same product, and each row's
top k kept with `argpartition`; chunks run on two threads (scipy and
numpy release the GIL in these calls). The cost is the number of word
matches, the sum over words of (nodes using it)^2, so the words that most
profiles share are left out of the search while that sum would exceed
`SEARCH_WORK_PER_NODE` per node: a word in a fifth of all profiles says
little about who should meet whom, and alone it would match tens of
millions of pairs. They still count in each profile's length, so a
similarity is the part of the cosine carried by the searched words.
bench/network.py: the top 10 of each of 100,000 nodes in about 6 s.
"""

from __future__ import annotations

import os
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

from network import analysis

if TYPE_CHECKING:
    from directory.models import Organisation
    from labs.models import Challenge
    from network.graph import NodeInfo

__all__ = [
    "AgencySuggestion",
    "Recommendations",
    "agencies_for_challenge",
    "profiles",
    "reason",
    "similar_pairs",
    "steps",
]

# A pair across two communities of the network, or two sectors, is worth
# more than an equally similar pair inside one: the point is to bridge
# islands (issue 6), and two agencies of one community probably know of each
# other already. At equal similarity a cross-community pair ranks first.
ACROSS_COMMUNITY = 1.5
ACROSS_SECTOR = 1.25
# Shared words kept per pair, most telling first (a reason shows three).
TERMS = 5
# The pair search may match about this many (word, node) pairs per node;
# the most common words are left out of it beyond (see the module doc).
# A small network keeps every word: the floor is cheap (well under a second).
SEARCH_WORK_PER_NODE = 3_000
SEARCH_WORK_FLOOR = 20_000_000
# Rows per chunk are chosen so that a chunk matches about this many pairs
# (about 100 MB of temporaries at most, per thread).
CHUNK_WORK = 3_000_000
# Per-row top k through a (rows x widest row) array up to this many cells;
# a chunk with a wider row is split.
DENSE_CELLS = 4_000_000
WORKERS = min(2, os.cpu_count() or 1)
# Added to a tied pair's similarity (at most 1): far below any floor.
MASKED = 4.0
# Pairs per sort of their shared words (the pair number takes 23 bits).
_TERMS_BATCH = 1 << 22


# --- Who should meet whom (pure) ------------------------------------------------


@dataclass
class Recommendations:
    """The chosen pairs, grouped by source in the order sources were given,
    best first. Node indexes are those of the graph."""

    source: np.ndarray  # int64
    target: np.ndarray  # int64
    rank: np.ndarray  # int64, 1..k per source
    score: np.ndarray  # similarity x the bonuses
    similarity: np.ndarray  # cosine over the searched words, 0..1
    across_community: np.ndarray  # bool
    across_sector: np.ndarray  # bool
    terms: list[list[str]]  # the shared words carrying most of the cosine, best first

    def __len__(self) -> int:
        return len(self.source)

    @classmethod
    def empty(cls) -> Recommendations:
        none = np.zeros(0, dtype=np.int64)
        return cls(
            none, none, none, np.zeros(0), np.zeros(0), none.astype(bool), none.astype(bool), []
        )

    @classmethod
    def concatenate(cls, parts: Sequence[Recommendations]) -> Recommendations:
        parts = [part for part in parts if len(part)]
        if not parts:
            return cls.empty()

        def joined(name: str) -> np.ndarray:
            return np.concatenate([getattr(part, name) for part in parts])

        return cls(
            source=joined("source"),
            target=joined("target"),
            rank=joined("rank"),
            score=joined("score"),
            similarity=joined("similarity"),
            across_community=joined("across_community"),
            across_sector=joined("across_sector"),
            terms=[terms for part in parts for terms in part.terms],
        )


def similar_pairs(
    tokens: Sequence[Sequence[str]],
    *,
    graph: analysis.Graph,
    communities: np.ndarray,
    sectors: Sequence[str],
    k: int = 10,
    sources: np.ndarray | None = None,
    min_similarity: float = 0.05,
) -> Recommendations:
    """For each source node (every node by default) the `k` others whose
    words are most similar, with no tie between them in `graph`, scored by
    similarity x ACROSS_COMMUNITY (another community) x ACROSS_SECTOR
    (another sector; an empty sector is unknown, never "another"). Pairs
    below `min_similarity` are not recommended. `tokens[i]` are node i's
    words (`profiles`)."""
    n = graph.n
    if len(tokens) != n or len(communities) != n or len(sectors) != n:
        raise ValueError("tokens, communities and sectors need one entry per node")
    chosen = np.arange(n) if sources is None else np.asarray(sources, dtype=np.int64)
    if k < 1 or n < 2 or not len(chosen) or not any(tokens):
        return Recommendations.empty()
    from boards.clustering import tfidf_rows

    matrix, vocabulary = tfidf_rows([list(doc) for doc in tokens])
    search, words = _searched(matrix, np.asarray(vocabulary, dtype=object))
    if search.nnz == 0:
        return Recommendations.empty()
    # Tied pairs and each node with itself get -MASKED in the same product:
    # [X | -MASKED (A + I)] @ [X^T ; I] = X X^T - MASKED (A + I).
    context = _Search(
        rows=search,
        left=sparse.hstack([search, _masked(graph)], format="csr"),
        right=sparse.vstack([search.T, sparse.identity(n, format="csr")], format="csr"),
        words=words,
        community=np.asarray(communities, dtype=np.int32),
        sector=_sector_codes(sectors),
        k=k,
        floor=max(min_similarity, 0.0),
    )
    chunks = _chunks(search, chosen)
    if len(chunks) == 1 or WORKERS == 1:
        parts = [context.run(chunk) for chunk in chunks]
    else:
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            parts = list(pool.map(context.run, chunks))
    return Recommendations.concatenate(parts)


def _searched(
    matrix: sparse.csr_matrix, vocabulary: np.ndarray
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The matrix restricted to the words the search matches on: all of
    them, or without the most common while the matches would cost more than
    SEARCH_WORK_PER_NODE per node. Depends on the whole matrix only, so one
    node's recommendations come out the same alone as in a full run."""
    n = matrix.shape[0]
    frequency = np.bincount(matrix.indices, minlength=matrix.shape[1]).astype(np.float64)
    budget = max(SEARCH_WORK_FLOOR, SEARCH_WORK_PER_NODE * n)
    order = np.argsort(frequency, kind="stable")
    within = np.cumsum(frequency[order] ** 2) <= budget
    keep = order[within]
    # In the order of the words themselves, so that equally telling shared
    # words are listed alphabetically, whatever order the nodes came in.
    keep = keep[np.argsort(vocabulary[keep], kind="stable")]
    searched = matrix[:, keep].tocsr()
    searched.sort_indices()
    return searched, vocabulary[keep]


def _adjacency(graph: analysis.Graph) -> sparse.csr_matrix:
    """Who is tied to whom, both ways, as a CSR matrix of the graph."""
    rows = np.concatenate([graph.sources, graph.targets])
    cols = np.concatenate([graph.targets, graph.sources])
    return sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(graph.n, graph.n)
    )


def _masked(graph: analysis.Graph) -> sparse.csr_matrix:
    """-MASKED for every tie (both ways) and every node with itself: added to
    the similarities (at most 1), it sinks the pairs never recommended."""
    tied = _adjacency(graph).astype(np.float64) + sparse.identity(graph.n, format="csr")
    return (tied * -MASKED).tocsr()


def _sector_codes(sectors: Sequence[str]) -> np.ndarray:
    """Sectors as integers, -1 for an unknown (empty) sector."""
    labels, codes = np.unique(
        np.asarray(list(sectors), dtype=object).astype(str), return_inverse=True
    )
    codes = codes.astype(np.int32)
    if len(labels) and labels[0] == "":
        codes[codes == 0] = -1
    return codes


def _chunks(search: sparse.csr_matrix, sources: np.ndarray) -> list[np.ndarray]:
    """Sources in consecutive chunks of about CHUNK_WORK word matches each."""
    frequency = np.bincount(search.indices, minlength=search.shape[1])
    present = search.copy()
    present.data = np.ones_like(present.data)
    work = np.asarray(present @ frequency.astype(np.float64)).ravel()[sources]
    bounds = np.searchsorted(np.cumsum(work), np.arange(CHUNK_WORK, work.sum(), CHUNK_WORK))
    return [chunk for chunk in np.split(sources, np.unique(bounds)) if len(chunk)]


@dataclass(frozen=True)
class _Search:
    rows: sparse.csr_matrix  # node x searched word: X
    left: sparse.csr_matrix  # [X | -MASKED (A + I)]
    right: sparse.csr_matrix  # [X^T ; I]
    words: np.ndarray  # the searched words
    community: np.ndarray
    sector: np.ndarray
    k: int
    floor: float

    def run(self, sources: np.ndarray) -> Recommendations:
        """The top k of each source of one chunk."""
        # Tied pairs and the node itself come out below -2: below any floor.
        product = (self.left[sources] @ self.right).tocsr()
        above = product.data >= self.floor
        local = np.repeat(np.arange(len(sources)), np.diff(product.indptr))[above]
        target = product.indices[above]
        similarity = product.data[above]
        counts = np.bincount(local, minlength=len(sources))
        score = similarity * self._bonus(sources, counts, target)
        picked = _top_per_row(local, score, counts, self.k)
        # Best first within each source; equal scores by node order.
        picked = picked[np.lexsort((target[picked], -score[picked], local[picked]))]
        first = np.searchsorted(local[picked], local[picked], side="left")
        source, target = sources[local[picked]], target[picked].astype(np.int64)
        across_community, across_sector = self._across(source, target)
        return Recommendations(
            source=source,
            target=target,
            rank=(np.arange(len(picked)) - first + 1).astype(np.int64),
            score=score[picked],
            similarity=similarity[picked],
            across_community=across_community,
            across_sector=across_sector,
            terms=self.terms(source, target),
        )

    def _across(self, source: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Whether each pair is in two communities, and in two known sectors."""
        across_community = self.community[source] != self.community[target]
        a, b = self.sector[source], self.sector[target]
        return across_community, (a != b) & (a >= 0) & (b >= 0)

    def _bonus(self, sources: np.ndarray, counts: np.ndarray, target: np.ndarray) -> np.ndarray:
        """Each entry's factor for crossing communities and sectors (the
        sources' sides gathered per row, then repeated: cheaper than per entry)."""
        community = self.community[target] != np.repeat(self.community[sources], counts)
        a, b = np.repeat(self.sector[sources], counts), self.sector[target]
        sector = (a != b) & (a >= 0) & (b >= 0)
        return np.where(community, ACROSS_COMMUNITY, 1.0) * np.where(sector, ACROSS_SECTOR, 1.0)

    def terms(self, source: np.ndarray, target: np.ndarray) -> list[list[str]]:
        """Per pair, the shared words carrying most of its cosine (each
        word's product of weights), up to TERMS, best first."""
        if len(source) > _TERMS_BATCH:
            return [
                terms
                for start in range(0, len(source), _TERMS_BATCH)
                for terms in self.terms(
                    source[start : start + _TERMS_BATCH], target[start : start + _TERMS_BATCH]
                )
            ]
        if not len(source):
            return []
        shared = self.rows[source].multiply(self.rows[target]).tocsr()
        shared.eliminate_zeros()
        row = np.repeat(np.arange(len(source), dtype=np.int64), np.diff(shared.indptr))
        # By pair, then weight; equal weights (to 12 places: the last bits
        # depend on the order of the arithmetic) in column order, which is
        # alphabetical. One stable sort of (pair, 2^40 - 1 - weight x 10^12)
        # packed in 64 bits, eight times faster than a lexsort.
        weight = np.rint(shared.data * 1e12).astype(np.int64)  # each at most 1
        order = np.argsort((row << 40) | ((1 << 40) - 1 - weight), kind="stable")
        row = row[order]
        place = np.arange(len(row)) - np.searchsorted(row, row, side="left")
        kept = place < TERMS
        words = self.words[shared.indices[order][kept]].tolist()
        bounds = np.searchsorted(row[kept], np.arange(len(source) + 1)).tolist()
        return [words[bounds[i] : bounds[i + 1]] for i in range(len(source))]


def _top_per_row(row: np.ndarray, score: np.ndarray, counts: np.ndarray, k: int) -> np.ndarray:
    """Positions (into `row`, grouped by row) of each row's k best scores,
    in no particular order. Rows are padded into one array and cut with
    argpartition; a block too wide for DENSE_CELLS is split in two."""
    if not len(row):
        return np.zeros(0, dtype=np.int64)
    width = int(counts.max())
    if width <= k:
        return np.arange(len(row))
    rows = len(counts)
    if rows > 1 and rows * width > DENSE_CELLS:
        half = rows // 2
        cut = int(counts[:half].sum())
        return np.concatenate(
            [
                _top_per_row(row[:cut], score[:cut], counts[:half], k),
                cut + _top_per_row(row[cut:] - half, score[cut:], counts[half:], k),
            ]
        )
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    place = np.arange(len(row)) - starts[row]
    padded = np.full((rows, width), -np.inf)
    padded[row, place] = score
    best = np.argpartition(-padded, k - 1, axis=1)[:, :k]
    real = best < counts[:, None]
    return (starts[:, None] + best)[real]


# --- Steps between two nodes -------------------------------------------------------

# Steps are found by meeting in the middle: d(s, t) <= a + b exactly when
# the nodes within a steps of s and those within b steps of t overlap. The
# balls of radius one and two are sparse matrices built once; a larger ball
# is a radius-two ball grown by the adjacency, for the pairs still open
# only, in chunks. Recommended pairs are mostly two to six steps apart:
# bench/network.py's 200,000 pairs on 20,000 nodes take 2.3 s this way and
# 48 s with a breadth-first search per source (each visits the whole
# island). Pairs further apart than MEET_UP_TO, or all pairs when hubs make
# the radius-two balls larger than BALL_ENTRIES, get one breadth-first
# search per distinct source (igraph).
MEET_UP_TO = 6
BALL_ENTRIES = 40_000_000
_MEET_ENTRIES = 8_000_000


def steps(graph: analysis.Graph, pairs: Iterable[tuple[int, int]] | np.ndarray) -> list[int | None]:
    """The hop distance between the nodes of each pair, None when they are
    on different islands."""
    if not isinstance(pairs, np.ndarray):
        pairs = np.asarray(list(pairs), dtype=np.int64)
    pairs = pairs.astype(np.int64).reshape(-1, 2)
    if not len(pairs):
        return []
    source, target = pairs[:, 0], pairs[:, 1]
    result = np.full(len(pairs), -1, dtype=np.int64)  # -1 open, -2 never meet
    island = analysis.components(graph)
    result[island[source] != island[target]] = -2
    result[source == target] = 0
    balls = _Balls(graph)
    for distance in range(1, MEET_UP_TO + 1):
        todo = np.flatnonzero(result == -1)
        if not len(todo) or not balls.reach(distance):
            break
        result[todo[balls.meet(distance, source[todo], target[todo])]] = distance
    todo = np.flatnonzero(result == -1)
    if len(todo):
        result[todo] = _searched_steps(graph, source[todo], target[todo])
    return [None if value < 0 else int(value) for value in result.tolist()]


class _Balls:
    """Who is within one and two steps of each node, for `steps`."""

    def __init__(self, graph: analysis.Graph) -> None:
        self.point = sparse.identity(graph.n, dtype=bool, format="csr")
        self.one = (_adjacency(graph).astype(bool) + self.point).tocsr()
        sizes = np.diff(self.one.indptr).astype(np.float64)
        # The radius-two balls hold at most each node's neighbours' balls.
        self.two: sparse.csr_matrix | None = None
        if float((self.one @ sizes).sum()) <= BALL_ENTRIES:
            self.two = (self.one @ self.one).astype(bool).tocsr()
        self.growth = float(sizes.mean()) if len(sizes) else 1.0

    def reach(self, distance: int) -> bool:
        return distance <= 2 or self.two is not None

    def meet(self, distance: int, source: np.ndarray, target: np.ndarray) -> np.ndarray:
        """Which pairs are within `distance` steps (at most MEET_UP_TO)."""
        a, b = (distance + 1) // 2, distance // 2
        width = self._width(a, source) + self._width(b, target)
        met = np.zeros(len(source), dtype=bool)
        bounds = np.searchsorted(
            np.cumsum(width), np.arange(_MEET_ENTRIES, width.sum(), _MEET_ENTRIES)
        )
        start = 0
        for stop in [*np.unique(bounds).tolist(), len(source)]:
            if stop <= start:
                continue
            both = self._rows(a, source[start:stop]).multiply(self._rows(b, target[start:stop]))
            met[start:stop] = np.diff(both.tocsr().indptr) > 0
            start = stop
        return met

    def _rows(self, radius: int, nodes: np.ndarray) -> sparse.csr_matrix:
        if radius == 0:
            return self.point[nodes]
        if radius == 1:
            return self.one[nodes]
        assert self.two is not None
        rows = self.two[nodes]
        for _ in range(radius - 2):
            rows = (rows @ self.one).astype(bool).tocsr()
        return rows

    def _width(self, radius: int, nodes: np.ndarray) -> np.ndarray:
        """About how many entries the balls of `nodes` hold, for chunking."""
        if radius == 0:
            return np.ones(len(nodes))
        if radius == 1 or self.two is None:
            return np.diff(self.one.indptr)[nodes].astype(np.float64)
        return np.diff(self.two.indptr)[nodes] * self.growth ** max(0, radius - 2)


def _searched_steps(graph: analysis.Graph, source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Steps by one breadth-first search per distinct source; -2 unreachable."""
    found = np.full(len(source), -2, dtype=np.int64)
    by_source: dict[int, list[int]] = defaultdict(list)
    for position, origin in enumerate(source.tolist()):
        by_source[origin].append(position)
    for origin, positions in by_source.items():
        targets = sorted({int(target[p]) for p in positions})
        hops = dict(
            zip(targets, graph.igraph.distances(source=[origin], target=targets)[0], strict=True)
        )
        for p in positions:
            value = hops[int(target[p])]
            if np.isfinite(value):
                found[p] = int(value)
    return found


# --- The reason, in words -------------------------------------------------------------


def reason(
    *,
    terms: Sequence[str],
    steps: int | None,
    across_community: bool,
    across_sector: bool,
    other_sector_label: str = "",
    same_island: bool | None = None,
) -> str:
    """Why two should meet, in one plain sentence in the active language:
    "Both work on drug treatment, community and Yala; 4 steps apart; in
    different communities; a different sector (Academia)." `same_island`
    None reads `steps` None as "not connected"; given, `steps` None on the
    same island means the distance was not computed and is left unsaid."""
    from django.utils.text import capfirst, get_text_list
    from django.utils.translation import gettext, ngettext

    parts: list[str] = []
    if terms:
        parts.append(
            gettext("both work on %(terms)s")
            % {"terms": get_text_list([str(term) for term in terms[:3]], gettext("and"))}
        )
    connected = steps is not None if same_island is None else same_island
    if not connected:
        parts.append(gettext("not connected at all yet"))
    elif steps is not None:
        parts.append(
            ngettext("%(count)d step apart", "%(count)d steps apart", steps) % {"count": steps}
        )
    if across_community:
        parts.append(gettext("in different communities"))
    if across_sector:
        parts.append(
            gettext("a different sector (%(sector)s)") % {"sector": other_sector_label}
            if other_sector_label
            else gettext("a different sector")
        )
    return gettext("%(reason)s.") % {"reason": capfirst("; ".join(parts))}


# --- Words of the work (Django) ------------------------------------------------------

# Words every agency's work is full of and that say nothing about its topic
# ("province", "office", "project"...): left out of profiles, so a reason
# never reads "both work on province, set and do".
_GOVERNMENT_FILLER = frozenset(
    """
    ชุด ทำ ทำงาน จังหวัด อำเภอ ตำบล ผู้ปฏิบัติงาน ปฏิบัติงาน หน่วยงาน ภาครัฐ ราชการ รัฐ
    โครงการ กิจกรรม งาน การ ความ ประเทศ ไทย สำนักงาน กรม กระทรวง ศูนย์ กอง ส่วน
    ระดับ ร่วม ร่วมกัน ดำเนินการ แผน แนวทาง เป้าหมาย ผล ผลลัพธ์ กลุ่ม
    ใช้ ให้ ได้ มี เป็น ของ ที่ และ กับ ใน จาก เพื่อ โดย ปี เดือน วัน
    project office department ministry government work plan
    """.split()
)
_WORDS: dict[str, tuple[str, ...]] = {}
_WORDS_LIMIT = 100_000
_WORDS_LOCK = threading.Lock()


def words_of(texts: Sequence[str]) -> list[tuple[str, ...]]:
    """Each text's words as the board themes count them (boards.clustering):
    normalised, segmented, dotless abbreviations, parts of long compounds,
    no stopwords. Remembered per text in the process: a challenge's words
    are read by every analysis and every challenge page."""
    from boards.clustering import content_words, segment_texts

    distinct = list(dict.fromkeys(texts))
    with _WORDS_LOCK:
        known = {text: _WORDS[text] for text in distinct if text in _WORDS}
    missing = [text for text in distinct if text not in known]
    if missing:
        found = {
            text: tuple(word for word in content_words(tokens) if word not in _GOVERNMENT_FILLER)
            for text, tokens in zip(missing, segment_texts(missing), strict=True)
        }
        with _WORDS_LOCK:
            if len(_WORDS) + len(found) > _WORDS_LIMIT:
                _WORDS.clear()
            _WORDS.update(found)
        known.update(found)
    return [known[text] for text in texts]


def _public(scope: str, path: str) -> Any:
    """A filter keeping only public labs' rows under Scope.PUBLIC; `path`
    leads to the lab ("board__lab__")."""
    from django.db.models import Q

    from labs.models import Lab
    from network.models import Scope

    if scope == Scope.ALL:
        return Q()
    return Q(**{f"{path}visibility": Lab.Visibility.PUBLIC})


def _join(*parts: str | None) -> str:
    return "\n".join(part for part in parts if part)


def _challenge_texts(scope: str) -> tuple[dict[int, str], dict[int, str]]:
    """Every challenge in scope: its full text (title, problem, target
    groups, expected results, provinces and districts) and its title, by
    id. Three queries."""
    from labs.models import Challenge

    in_scope = Challenge.objects.filter(_public(scope, "lab__"))
    areas: dict[int, list[str]] = defaultdict(list)
    for challenge_id, name in Challenge.provinces.through.objects.filter(
        challenge__in=in_scope
    ).values_list("challenge_id", "province__name_th"):
        areas[challenge_id].append(name)
    for challenge_id, name in Challenge.districts.through.objects.filter(
        challenge__in=in_scope
    ).values_list("challenge_id", "district__name_th"):
        areas[challenge_id].append(name)
    full: dict[int, str] = {}
    titles: dict[int, str] = {}
    for pk, title, problem, groups, goals in in_scope.values_list(
        "pk", "title_th", "problem", "target_groups", "goals"
    ):
        full[pk] = _challenge_text(title, problem, groups, goals, areas.get(pk, []))
        titles[pk] = title
    return full, titles


def _challenge_text(title: str, problem: str, groups: str, goals: str, areas: Iterable[str]) -> str:
    """One challenge's full text, as `_challenge_texts` joins it."""
    return _join(title, problem, groups, goals, " ".join(sorted(areas)))


def profiles(*, level: str, scope: str, nodes: Sequence[NodeInfo]) -> list[list[str]]:
    """For each node, the words of the work it is part of (one list per
    node, in the order of `nodes`), read in a fixed number of queries.

    Organisations: the challenges they are named on (agencies involved,
    stakeholders), the board notes attributed to them or written by someone
    from them, the proposals they pledged to or are concerned by, the
    actions they lead or support. People: the notes they wrote or are named
    on, the challenges they are stakeholders of, the actions they own, and
    the titles of their organisation's challenges. Notes deleted, hidden by
    a facilitator or still face down (private mode) do not count. A note
    written anonymously (the note or its board in anonymous mode) counts for
    whom it names, never for its author: otherwise a page would say "both
    work on X" from words nobody may tie to them. Under Scope.PUBLIC only
    public labs' work counts."""
    from network.models import Level

    index = {node.pk: i for i, node in enumerate(nodes)}
    documents: list[set[tuple[str, int]]] = [set() for _ in nodes]
    challenge_full, challenge_titles = _challenge_texts(scope)
    texts: dict[tuple[str, int], str] = {}
    texts.update({("challenge", pk): text for pk, text in challenge_full.items()})
    texts.update({("title", pk): text for pk, text in challenge_titles.items()})

    def add(owner: int | None, key: tuple[str, int]) -> None:
        i = index.get(owner) if owner is not None else None
        if i is not None and key in texts:
            documents[i].add(key)

    challenges_of_org = _organisation_challenges(scope)
    if level == Level.ORGANISATION:
        for organisation_id, challenge_ids in challenges_of_org.items():
            for challenge_id in challenge_ids:
                add(organisation_id, ("challenge", challenge_id))
        for pk, text, named, staked, author_org in _notes(scope).values_list(
            "pk",
            "text",
            "organisation_id",
            "stakeholder__organisation_id",
            _credited("author__organisation_id"),
        ):
            texts[("note", pk)] = text
            for owner in {named, staked, author_org}:
                add(owner, ("note", pk))
        _add_proposals(scope, texts, add)
        _add_actions(scope, texts, add, level=level)
    else:
        from labs.models import Stakeholder

        for person_id, challenge_id in Stakeholder.objects.filter(
            _public(scope, "challenge__lab__"), person__isnull=False
        ).values_list("person_id", "challenge_id"):
            add(person_id, ("challenge", challenge_id))
        for pk, text, named, staked, author in _notes(scope).values_list(
            "pk",
            "text",
            "person_id",
            "stakeholder__person_id",
            _credited("author__person_id"),
        ):
            texts[("note", pk)] = text
            for owner in {named, staked, author}:
                add(owner, ("note", pk))
        _add_actions(scope, texts, add, level=level)
        for node in nodes:
            if node.organisation_id is not None:
                for challenge_id in challenges_of_org.get(node.organisation_id, ()):
                    add(node.pk, ("title", challenge_id))
    ordered = [sorted(keys) for keys in documents]
    words = dict(
        zip(
            (key for keys in ordered for key in keys),
            words_of([texts[key] for keys in ordered for key in keys]),
            strict=True,
        )
    )
    return [[word for key in keys for word in words[key]] for keys in ordered]


def _organisation_challenges(scope: str) -> dict[int, set[int]]:
    """The challenges each organisation is named on: as an agency involved
    or as a stakeholder. Two queries."""
    from labs.models import ChallengeAgency, Stakeholder

    named: dict[int, set[int]] = defaultdict(set)
    visible = _public(scope, "challenge__lab__")
    for organisation_id, challenge_id in ChallengeAgency.objects.filter(visible).values_list(
        "organisation_id", "challenge_id"
    ):
        named[organisation_id].add(challenge_id)
    for organisation_id, challenge_id in Stakeholder.objects.filter(
        visible, organisation__isnull=False
    ).values_list("organisation_id", "challenge_id"):
        named[organisation_id].add(challenge_id)
    return named


def _credited(author_field: str) -> Any:
    """The author's person or organisation (`author_field`) of a note
    written openly; null for one written anonymously (the note, or its board
    now, in anonymous mode), so that its author is never even read. Boards
    show and export anonymous notes without their author (boards.selectors,
    boards.exports); what the note names (organisation, person, stakeholder)
    is on the note for everyone to see and still counts."""
    from django.db.models import Case, F, IntegerField, Q, Value, When

    return Case(
        When(Q(anonymous=False, board__anonymous=False), then=F(author_field)),
        default=Value(None),
        output_field=IntegerField(),
    )


def _notes(scope: str) -> Any:
    """Board notes everyone in the room can read: not deleted, not hidden,
    not face down."""
    from boards.models import Note

    return Note.objects.filter(
        _public(scope, "board__lab__"), deleted_at__isnull=True, hidden=False, private=False
    ).order_by()


def _add_proposals(scope: str, texts: dict[tuple[str, int], str], add: Any) -> None:
    """Proposals and the organisations that pledged to them (a withdrawn
    pledge no longer counts) or that they concern. Three queries."""
    from actions.models import Pledge, Proposal

    for pk, *fields in Proposal.objects.filter(_public(scope, "lab__")).values_list(
        "pk", "title_th", "summary", "problem", "recommendation", "objectives", "activities"
    ):
        texts[("proposal", pk)] = _join(*fields)
    for organisation_id, proposal_id in (
        Pledge.objects.filter(_public(scope, "proposal__lab__"))
        .exclude(status=Pledge.Status.WITHDRAWN)
        .values_list("organisation_id", "proposal_id")
    ):
        add(organisation_id, ("proposal", proposal_id))
    for organisation_id, proposal_id in Proposal.agencies.through.objects.filter(
        _public(scope, "proposal__lab__")
    ).values_list("organisation_id", "proposal_id"):
        add(organisation_id, ("proposal", proposal_id))


def _add_actions(scope: str, texts: dict[tuple[str, int], str], add: Any, *, level: str) -> None:
    """Actions, with their lead agency and owner; supporting agencies too
    for organisations. One or two queries."""
    from actions.models import Action, ActionAgency
    from network.models import Level

    for pk, title, description, lead, owner in Action.objects.filter(
        _public(scope, "lab__")
    ).values_list("pk", "title_th", "description", "lead_agency_id", "owner_id"):
        texts[("action", pk)] = _join(title, description)
        add(lead if level == Level.ORGANISATION else owner, ("action", pk))
    if level == Level.ORGANISATION:
        for organisation_id, action_id in ActionAgency.objects.filter(
            _public(scope, "action__lab__")
        ).values_list("organisation_id", "action_id"):
            add(organisation_id, ("action", action_id))


# --- Agencies for a challenge --------------------------------------------------------

# Agencies are gathered from this many of the most similar challenges.
SIMILAR_CHALLENGES = 20
VIA = 3
# The in-scope challenges, weighed, stay in Django's cache this long. Their
# key changes with anything they depend on (`_matrix_version`), so this only
# bounds how long an outdated entry takes room.
MATRIX_SECONDS = 24 * 3600
# Part of the cache key: bump it when `_ChallengeMatrix` changes shape.
_MATRIX_FORMAT = 1


@dataclass(frozen=True)
class AgencySuggestion:
    organisation: Organisation
    score: float  # the summed similarity of the challenges that involved it
    via: list[Challenge]  # those challenges, most similar first (at most VIA)


@dataclass(frozen=True)
class _ChallengeMatrix:
    """Every challenge in one scope, weighed and with the organisations
    each involves: what each challenge page would otherwise read and weigh
    again (reading and cutting every challenge's words took seconds)."""

    ids: np.ndarray  # int64, ascending: row i is challenge ids[i]
    matrix: sparse.csr_matrix  # TF-IDF rows (boards.clustering.tfidf_rows), l2
    vocabulary: dict[str, int]  # word -> column
    idf: np.ndarray  # per column: to weigh a challenge from outside the scope alike
    involved: dict[int, tuple[int, ...]]  # challenge -> its agencies and stakeholders

    def row_of(self, pk: int) -> int | None:
        i = int(np.searchsorted(self.ids, pk))
        return i if i < len(self.ids) and self.ids[i] == pk else None

    def weigh(self, words: Sequence[str]) -> sparse.csr_matrix:
        """One outside challenge's row, weighed as if it had been fitted with
        the others: sublinear tf x the scope's idf, a word no challenge in
        scope uses weighing as a word of one document in n + 1 (it only
        lengthens the row: nothing else has it), l2-normalised."""
        from collections import Counter

        n = len(self.ids)
        unseen = float(np.log((2 + n) / 2) + 1.0)
        columns: list[int] = []
        values: list[float] = []
        length = 0.0
        for word, count in Counter(words).items():
            tf = 1.0 + float(np.log(count))
            column = self.vocabulary.get(word)
            weight = tf * (unseen if column is None else float(self.idf[column]))
            length += weight * weight
            if column is not None:
                columns.append(column)
                values.append(weight)
        row = sparse.csr_matrix(
            (values, ([0] * len(columns), columns)), shape=(1, self.matrix.shape[1])
        )
        return row / np.sqrt(length) if length else row


def agencies_for_challenge(
    challenge: Challenge, *, scope: str, limit: int = 10, min_similarity: float = 0.05
) -> list[AgencySuggestion]:
    """Agencies that the most similar other challenges involved (as agencies
    or stakeholders) and this one does not, best first. Similarity: TF-IDF
    cosine over title, problem, target groups, expected results and area.
    Under Scope.PUBLIC no members-only lab's challenge is read or compared
    (a members-only challenge itself is compared with the public ones).

    The challenges in scope are weighed once per change (`_challenge_matrix`,
    in Django's cache): a page asks one query to know they are current, then
    reads only the organisations and challenges it shows. Seven queries when
    they must be weighed again, two more for a challenge outside the scope."""
    from directory.models import Organisation
    from labs.models import Challenge

    compared = _challenge_matrix(scope)
    if compared is None or compared.matrix.shape[1] == 0:
        return []
    row = compared.row_of(challenge.pk)
    if row is None:
        vector = compared.weigh(_cached_words(_text_of(challenge)))
        already = _organisations_of(challenge.pk)
    else:
        vector = compared.matrix[row]
        already = set(compared.involved.get(challenge.pk, ()))
    similarity = np.asarray((compared.matrix @ vector.T).todense()).ravel()
    ranked = [
        i
        for i in np.lexsort((compared.ids, -similarity)).tolist()
        if i != row and similarity[i] >= min_similarity
    ][:SIMILAR_CHALLENGES]
    close = {int(compared.ids[i]): float(similarity[i]) for i in ranked}
    score: dict[int, float] = defaultdict(float)
    via: dict[int, list[int]] = defaultdict(list)
    for challenge_id, value in close.items():  # most similar first
        for organisation_id in compared.involved.get(challenge_id, ()):
            if organisation_id in already:
                continue
            score[organisation_id] += value
            via[organisation_id].append(challenge_id)
    if not score:
        return []
    organisations = Organisation.objects.filter(is_active=True).in_bulk(list(score))
    best = sorted(
        (pk for pk in score if pk in organisations),
        key=lambda pk: (-score[pk], organisations[pk].name_th, pk),
    )[:limit]
    # Through the scope again: a lab turned members-only since the version
    # was read shows none of its challenges.
    shown = (
        Challenge.objects.filter(_public(scope, "lab__"))
        .select_related("lab")
        .in_bulk({challenge_id for pk in best for challenge_id in via[pk][:VIA]})
    )
    return [
        AgencySuggestion(
            organisation=organisations[pk],
            score=score[pk],
            via=[shown[challenge_id] for challenge_id in via[pk][:VIA] if challenge_id in shown],
        )
        for pk in best
    ]


def _challenge_matrix(scope: str) -> _ChallengeMatrix | None:
    """The in-scope challenges weighed, from Django's cache while nothing
    they depend on changed (one query to know), else weighed anew (five
    queries) and cached. None when no lab is in scope."""
    import hashlib

    from django.core.cache import cache

    version = _matrix_version(scope)
    if version is None:
        return None
    digest = hashlib.sha256(repr(version).encode()).hexdigest()[:32]
    key = f"network:challenge-matrix:{_MATRIX_FORMAT}:{scope}:{digest}"
    compared = cache.get(key)
    if not isinstance(compared, _ChallengeMatrix):
        compared = _weigh_challenges(scope)
        cache.set(key, compared, MATRIX_SECONDS)
    return compared


def _matrix_version(scope: str) -> tuple[Any, ...] | None:
    """What the in-scope matrix depends on, in one query: the labs in scope
    by id (a lab turning members-only changes the set, however it was
    saved), and, the same on each of their rows, the number and latest change
    of all challenges and the number, highest id and a checksum of the
    organisations of their agencies and stakeholders and of their provinces
    and districts: adding, removing or editing any moves one of them. None
    when no lab is in scope (nothing to compare)."""
    from django.db.models import Count, Max, Subquery, Sum, Value

    from labs.models import Challenge, ChallengeAgency, Lab, Stakeholder
    from network.models import Scope

    def total(model: Any, aggregate: Any) -> Subquery:
        # Grouped by a constant, which Django leaves out of GROUP BY: one
        # row over the whole table, as a scalar subquery.
        return Subquery(
            model.objects.order_by()
            .annotate(everything=Value(1))
            .values("everything")
            .annotate(value=aggregate)
            .values("value")
        )

    places = Challenge.provinces.through, Challenge.districts.through
    aggregates = {
        "version_challenge_count": total(Challenge, Count("pk")),
        "version_challenge_last_id": total(Challenge, Max("pk")),
        "version_challenge_changed": total(Challenge, Max("updated_at")),
        **{
            f"version_{model.__name__}_{name}": total(model, aggregate)
            for model in (ChallengeAgency, Stakeholder, *places)
            for name, aggregate in (
                ("count", Count("pk")),
                ("last_id", Max("pk")),
                ("sum", Sum(_related_id(model))),
            )
        },
    }
    labs = Lab.objects.order_by("pk")
    if scope != Scope.ALL:
        labs = labs.filter(visibility=Lab.Visibility.PUBLIC)
    rows = labs.annotate(**aggregates).values_list("pk", *aggregates)
    found = list(rows[:1] if scope == Scope.ALL else rows)
    if not found:
        return None
    return (scope, tuple(row[0] for row in found), found[0][1:])


def _related_id(model: Any) -> str:
    """The column whose sum tells that a row now points elsewhere."""
    from labs.models import ChallengeAgency, Stakeholder

    if model in (ChallengeAgency, Stakeholder):
        return "organisation_id"
    return "province_id" if hasattr(model, "province_id") else "district_id"


def _weigh_challenges(scope: str) -> _ChallengeMatrix:
    """Read and weigh every challenge in scope, with the organisations each
    involves. Four queries."""
    from boards.clustering import tfidf_rows
    from labs.models import ChallengeAgency, Stakeholder

    full, _ = _challenge_texts(scope)
    ids = sorted(full)
    matrix, vocabulary = tfidf_rows([list(words) for words in words_of([full[pk] for pk in ids])])
    # tfidf_rows's own idf, from the same document frequencies (every kept
    # weight is positive), to weigh an outside challenge alike.
    frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
    idf = np.log((1 + len(ids)) / (1 + frequency)) + 1.0
    visible = _public(scope, "challenge__lab__")
    named = (
        ChallengeAgency.objects.filter(visible)
        .order_by()
        .values_list("challenge_id", "organisation_id")
        .union(
            Stakeholder.objects.filter(visible, organisation__isnull=False)
            .order_by()
            .values_list("challenge_id", "organisation_id"),
            all=True,
        )
    )
    involved: dict[int, set[int]] = defaultdict(set)
    for challenge_id, organisation_id in named:
        involved[challenge_id].add(organisation_id)
    return _ChallengeMatrix(
        ids=np.asarray(ids, dtype=np.int64),
        matrix=matrix,
        vocabulary={word: column for column, word in enumerate(vocabulary)},
        idf=idf,
        involved={pk: tuple(sorted(found)) for pk, found in involved.items()},
    )


def _cached_words(text: str) -> tuple[str, ...]:
    """`words_of` one text, kept in Django's cache as well: a process that
    has not cut words yet would load the segmenter (seconds) for a
    members-only challenge's page although every other challenge's words
    are cached."""
    import hashlib

    from django.core.cache import cache

    key = f"network:words:{hashlib.sha256(text.encode()).hexdigest()[:32]}"
    words = cache.get(key)
    if not isinstance(words, tuple):
        words = words_of([text])[0]
        cache.set(key, words, MATRIX_SECONDS)
    return words


def _text_of(challenge: Challenge) -> str:
    """One challenge's full text, as `_challenge_texts` makes it. One query
    (its provinces and districts)."""
    from labs.models import Challenge

    areas = (
        Challenge.provinces.through.objects.filter(challenge_id=challenge.pk)
        .order_by()
        .values_list("province__name_th", flat=True)
        .union(
            Challenge.districts.through.objects.filter(challenge_id=challenge.pk)
            .order_by()
            .values_list("district__name_th", flat=True),
            all=True,
        )
    )
    return _challenge_text(
        challenge.title_th, challenge.problem, challenge.target_groups, challenge.goals, areas
    )


def _organisations_of(challenge_id: int) -> set[int]:
    """The organisations one challenge involves (agencies, stakeholders). One query."""
    from labs.models import ChallengeAgency, Stakeholder

    return set(
        ChallengeAgency.objects.filter(challenge_id=challenge_id)
        .order_by()
        .values_list("organisation_id", flat=True)
        .union(
            Stakeholder.objects.filter(challenge_id=challenge_id, organisation__isnull=False)
            .order_by()
            .values_list("organisation_id", flat=True),
            all=True,
        )
    )
