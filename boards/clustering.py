"""Themes from a board's sticky notes: Thai-aware grouping with a label each.

Pure: nothing here touches the database, so services call it with the notes
of a board and the benchmark with generated ones.

How, and why this way
---------------------
Words. Notes are normalised (`lib.thai.normalize`: NFC, vowel order folded,
Arabic digits, Latin case-folded) and segmented with `lib.thai`'s
dictionary, which keeps agency abbreviations whole (ก.พ.ร. and กพร count as
one word). Thai stopwords (PyThaiNLP's list, shipped with the package), a
short English list, words people put on any sticky note ("ควร", "ปัญหา"),
punctuation, numbers and one-letter tokens are dropped.

Vectors. A note is a TF-IDF vector (sublinear tf, smoothed idf, l2) of its
words, beside a lighter block of character 4-grams of its longer Thai
words. The 4-grams are there because Thai is written without spaces between
words and the dictionary does not always cut a phrase the same way:
"ผู้ติดยาเสพติด" and "ยาเสพติด", "ขาดทักษะ" and "ทักษะ", "ท่อระบายน้ำ" and
"ระบาย" share no word but share 4-grams. (3-grams are too short for Thai:
"ระบ" joins ระบบ, ระบาย and ระบาด.) Notes are compared by cosine.

Themes: spectral clustering. Sticky notes are short, so two notes on one
topic often share no word: each note is linked to its closest notes, and
the leading eigenvectors of that graph (normalised as in Ng, Jordan and
Weiss) place notes by the company they keep, so "ผู้สูงอายุติดเตียง" and
"ไม่มีคนดูแลตอนกลางวัน" meet through the notes that say both. For each
number of themes k from 2 to the cap, spherical k-means (k-means++ from a
fixed seed, the best of eight starts) groups the first k eigenvector
coordinates; the k kept scores best on the eigengap and the silhouette
together (see _partition). The cap is `max_themes`, or min(12, sqrt(n) + 1):
a facilitator reads a dozen themes on a wall, not thirty.

Measured on generated boards of 100 to 1,000 notes on ten topics and on
the labelled board of the tests (adjusted Rand index against the topics):
k-means or average-linkage clustering of TF-IDF reduced by LSA reached
0.6-0.86 on the 1,000-note boards, where this reaches 0.96-0.99; choosing k
by the eigengap alone fell to 0.06 on some 150-200-note boards (2 themes),
by the silhouette alone it split the topics of the large boards (0.92-0.96);
both together average 0.74 over all the boards against 0.63 and 0.72.

"Other". Notes left with no word, and notes that share nothing but a stray
word piece with any other note (cosine below 0.05 to every note), go to
one last theme, "Other": placing such a note anywhere else would be the
arithmetic's guess, not a theme. A note that k-means leaves alone in a
theme joins the theme of its closest note: one note is not a theme.

Labels. A theme's words are ranked by the TF-IDF mass they have in the
theme times the share of their board-wide mass that falls in the theme:
distinctive of the theme, not merely frequent on the board (every note on a
community board says "ชุมชน"). The label is the top two words, or three
when the third weighs nearly as much as the first, joined with " · "; a
word inside another chosen word (น้ำ in น้ำท่วม) is skipped. Latin words
are shown as a note wrote them (Open Data), abbreviations with their dots.

Determinism and cost. Seeds are fixed and the linear algebra runs on one
thread, so the same notes always give the same themes. One thread is also
what keeps it fast on a busy two-core server: OpenBLAS's threads, competing
with other processes for the cores, made a 0.5 s call take up to 12 s.
bench/clustering.py measures 1,000 notes (under half a second warm); the
n x n matrices grow with the square of the board and the eigen-
decomposition with its cube, so 3,000 notes take about 4 s.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import linalg, sparse
from threadpoolctl import ThreadpoolController

from lib.thai import clean, normalize, segment, segment_many, subwords

__all__ = ["Theme", "cluster_notes", "default_max_themes"]


@dataclass(frozen=True)
class Theme:
    label: str  # suggested label from the theme's most distinctive words
    note_ids: list[int]  # in the order given
    words: list[str]  # the top words (3-5) the label came from


def default_max_themes(count: int) -> int:
    """At most this many themes for `count` notes (besides "Other")."""
    return min(12, int(math.sqrt(count)) + 1)


def cluster_notes(
    notes: Sequence[tuple[int, str]], *, max_themes: int | None = None
) -> list[Theme]:
    """Group notes (id, text) into themes, largest first. Notes with no usable
    words (empty, punctuation, only stopwords), and notes that share no word
    with any other note, go to one last theme labelled "Other" (translated).
    `max_themes` caps the themes besides "Other". Every id appears in exactly
    one theme. 0 notes -> []. 1 note -> one theme. The same notes always give
    the same themes."""
    from django.utils.translation import gettext

    if not notes:
        return []
    ids = [note_id for note_id, _ in notes]
    texts = [text or "" for _, text in notes]
    tokens = segment_texts(texts)
    words = [content_words(note) for note in tokens]
    usable = [i for i, note in enumerate(words) if note]
    other = [i for i, note in enumerate(words) if not note]
    themes: list[Theme] = []
    if usable:
        docs = [words[i] for i in usable]
        word_matrix, vocabulary = tfidf_rows(docs)
        gram_matrix, _ = tfidf_rows([_grams(doc) for doc in docs])
        features = _normalise_rows(
            sparse.hstack([word_matrix, _GRAM_WEIGHT * gram_matrix], format="csr")
        )
        cap = max_themes if max_themes is not None else default_max_themes(len(usable))
        with _blas().limit(limits=1):
            labels = _partition(features, max(cap, 1))
        other = sorted(other + [usable[i] for i in np.flatnonzero(labels < 0)])
        board_mass = np.asarray(word_matrix.sum(axis=0)).ravel()
        dotted = _dotted_forms(tokens)
        found: list[tuple[int, int, Theme]] = []
        for number in np.unique(labels[labels >= 0]):
            members = np.flatnonzero(labels == number)
            top = _top_words(word_matrix, vocabulary, members, board_mass)
            shown = [
                _as_written(word, dotted, [texts[usable[m]] for m in members]) for word, _ in top
            ]
            label_size = _LABEL_WORDS
            if len(top) > _LABEL_WORDS and top[_LABEL_WORDS][1] >= _THIRD_WORD * top[0][1]:
                label_size += 1
            theme = Theme(
                label=" · ".join(shown[:label_size]),
                note_ids=[ids[usable[m]] for m in members],
                words=shown,
            )
            found.append((-len(members), int(members[0]), theme))
        themes = [theme for *_, theme in sorted(found, key=lambda item: item[:2])]
    if other:
        themes.append(Theme(label=gettext("Other"), note_ids=[ids[i] for i in other], words=[]))
    return themes


@functools.cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


# --- Words --------------------------------------------------------------------

# Words that appear on sticky notes whatever the topic: modal verbs,
# "problem", "more", "area", and the replies people stick under a note
# ("เห็นด้วย", "เหมือนข้างบน", "ขอบคุณครับ"). PyThaiNLP's stopword list keeps
# them because they carry meaning in prose; on a board they only join
# unrelated notes into themes of their own.
_BOARD_FILLER = frozenset(
    """
    ควร ควรมี ต้อง ต้องมี อยาก อยากให้ เสนอ ข้อเสนอ ปัญหา แก้ แก้ไข แก้ปัญหา
    ไม่มี ไม่ได้ ไม่ต้อง ไม่พอ มากขึ้น เพิ่มขึ้น เยอะ ด่วน เร่งด่วน เรื่อง พื้นที่ ตอน คน
    เห็นด้วย ขอบคุณ เหมือน ข้างบน ครับ ค่ะ คะ นะ จ้ะ จ้า 555 ok okay
    """.split()
)

_ENGLISH_STOPWORDS = frozenset(
    """
    a about after all also an and any are as at be been but by can could do
    does for from had has have how if in into is it its more most no not of
    on or our should so some such than that the their them then there these
    they this to too very was we were what when where which who will with
    would you your
    """.split()
)

# lib.thai.segment_many runs nlpo3 in its "safe" mode, whose pieces stop
# adding up to the text once a text reaches 140 characters. Longer notes go
# through lib.thai.segment (PyThaiNLP's newmm, same dictionary) instead;
# nearly every note of a board is short and keeps the fast path.
_BULK_SEGMENT_MAX = 120

_LETTER = re.compile(r"[^\W\d_]")
_THAI = re.compile("[\u0e01-\u0e4e]")
_CONSONANT = re.compile("[\u0e01-\u0e2e]")
_LATIN = re.compile("[a-z]")


@functools.cache
def _stopwords() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords()) | _ENGLISH_STOPWORDS | _BOARD_FILLER


def segment_texts(texts: Sequence[str]) -> list[list[str]]:
    """Each text normalised and segmented, without spaces or punctuation."""
    normalised = [normalize(text) for text in texts]
    short = [i for i, text in enumerate(normalised) if len(text) <= _BULK_SEGMENT_MAX]
    result = [segment(text) if len(text) > _BULK_SEGMENT_MAX else [] for text in normalised]
    for i, tokens in zip(short, segment_many([normalised[i] for i in short]), strict=True):
        result[i] = tokens
    return [_glue(tokens) for tokens in result]


def _glue(tokens: list[str]) -> list[str]:
    """Join a lone Thai consonant to the Thai word before it: the dictionary
    lacks some loanwords and cuts them short (แอป -> แอ + ป)."""
    glued: list[str] = []
    for token in tokens:
        if glued and len(token) == 1 and _CONSONANT.match(token) and _THAI.match(glued[-1][-1]):
            glued[-1] += token
        else:
            glued.append(token)
    return glued


def _key(token: str) -> str:
    """The form a word is counted under: ก.พ.ร. and กพร are one word."""
    return token.replace(".", "") if "." in token else token


def content_words(tokens: list[str]) -> list[str]:
    stop = _stopwords()
    keys = [key for key in map(_key, tokens) if _LETTER.search(key)]
    # Parts of long compounds count too (ข้อมูลส่วนบุคคล -> ข้อมูล), as in search.
    keys += subwords(keys)
    return [key for key in keys if len(key) > 1 and key not in stop]


def _dotted_forms(tokens: list[list[str]]) -> dict[str, str]:
    """Abbreviations as written with their dots, by the word they count as."""
    return {_key(token): token for note in tokens for token in note if "." in token}


def _as_written(word: str, dotted: dict[str, str], texts: list[str]) -> str:
    """A counted word as the theme's notes wrote it: ก.พ.ร., Open Data."""
    if word in dotted:
        return dotted[word]
    if _LATIN.search(word):
        pattern = re.compile(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", re.IGNORECASE)
        for text in texts:
            match = pattern.search(clean(text))
            if match:
                return match.group(0)
    return word


# --- Vectors ------------------------------------------------------------------

_GRAM = 4
_GRAM_WEIGHT = 0.6


def _grams(words: list[str]) -> list[str]:
    """Character 4-grams of the Thai words longer than four characters."""
    grams: list[str] = []
    for word in words:
        if len(word) > _GRAM and _THAI.search(word):
            grams.extend(word[i : i + _GRAM] for i in range(len(word) - _GRAM + 1))
    return grams


def tfidf_rows(docs: list[list[str]]) -> tuple[sparse.csr_matrix, list[str]]:
    """Sublinear TF-IDF rows, l2-normalised, and the vocabulary."""
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for row, doc in enumerate(docs):
        for term, count in Counter(doc).items():
            rows.append(row)
            columns.append(vocabulary.setdefault(term, len(vocabulary)))
            values.append(1.0 + math.log(count))
    matrix = sparse.csr_matrix(
        (values, (rows, columns)), shape=(len(docs), len(vocabulary)), dtype=np.float64
    )
    document_frequency = np.bincount(matrix.indices, minlength=len(vocabulary))
    idf = np.log((1 + len(docs)) / (1 + document_frequency)) + 1.0
    return _normalise_rows(matrix @ sparse.diags(idf)), list(vocabulary)


def _normalise_rows(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


# --- Themes -------------------------------------------------------------------

_SEED = 20250101
_STARTS = 8
_ITERATIONS = 40
# A note whose closest note is further than this shares no more than a stray
# word piece with the board.
_LONELY = 0.05
# How much the eigengap counts beside the silhouette when choosing k.
_GAP_WEIGHT = 0.5


def _partition(features: sparse.csr_matrix, cap: int) -> NDArray[np.intp]:
    """Theme numbers for the notes (rows of l2-normalised features), -1 for
    notes close to no other note."""
    n = features.shape[0]
    if n == 1:
        return np.zeros(1, dtype=np.intp)
    similarity = np.asarray((features @ features.T).toarray())
    np.fill_diagonal(similarity, 0.0)
    result = np.full(n, -1, dtype=np.intp)
    kept = np.flatnonzero(similarity.max(axis=1) >= _LONELY)
    similarity = similarity[np.ix_(kept, kept)]
    # No more themes than distinct notes: identical notes (cosine 1) stay
    # together instead of being split at random.
    repeats = np.tril(similarity >= 1.0 - 1e-9, -1).any(axis=1)
    cap = min(cap, len(kept) - 1, len(kept) - int(repeats.sum()))
    if cap < 2:
        result[kept] = 0
        return result
    values, vectors = _spectral(_neighbour_graph(similarity), cap + 1)
    # How many themes: k groups of notes that barely touch give k eigenvalues
    # near 1 and then a drop (the "eigengap"), and k themes whose notes sit
    # closer to their own theme than to the next give a high silhouette. Each
    # k from 2 to the cap is scored by both, each relative to the best k. The
    # gap alone finds the topics of a large board and the silhouette alone
    # splits them; on a small board, whose eigenvalues fall evenly, the gap
    # alone may settle on 2 themes, and the silhouette keeps it from that.
    gaps = values[1:cap] - values[2 : cap + 1]
    candidates = []
    for k in range(2, cap + 1):
        embedded = vectors[:, :k]
        norms = np.linalg.norm(embedded, axis=1, keepdims=True)
        labels = _kmeans(embedded / np.where(norms > 0, norms, 1.0), k)
        candidates.append((_silhouette(similarity, labels, k), labels))
    silhouettes = np.array([score for score, _ in candidates])
    score = _relative(silhouettes) + _GAP_WEIGHT * _relative(gaps)
    labels = candidates[int(np.argmax(score))][1].copy()
    # One note is not a theme: a note left alone joins its closest note.
    for i in np.flatnonzero(np.bincount(labels)[labels] == 1):
        labels[i] = labels[int(np.argmax(similarity[i]))]
    result[kept] = labels
    return result


def _relative(values: NDArray[np.float64]) -> NDArray[np.float64]:
    top = float(values.max())
    return values / top if top > 0 else np.zeros_like(values)


def _neighbour_graph(similarity: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each note linked to its closest notes, weighted by cosine, both ways."""
    n = similarity.shape[0]
    m = min(n - 1, max(5, min(15, round(math.sqrt(n) / 2))))
    nearest = np.argpartition(-similarity, m - 1, axis=1)[:, :m]
    rows = np.repeat(np.arange(n), m)
    graph = np.zeros_like(similarity)
    graph[rows, nearest.ravel()] = similarity[rows, nearest.ravel()]
    return np.maximum(graph, graph.T)


def _spectral(
    graph: NDArray[np.float64], count: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The `count` leading eigenvalues and eigenvectors of D^-1/2 W D^-1/2,
    largest first."""
    n = graph.shape[0]
    degree = graph.sum(axis=1)
    scale = 1.0 / np.sqrt(np.where(degree > 0, degree, 1.0))
    normalised = graph * scale[:, None] * scale[None, :]
    values, vectors = linalg.eigh(normalised, subset_by_index=[n - count, n - 1])
    return (
        np.asarray(values[::-1], dtype=np.float64),
        np.asarray(vectors[:, ::-1], dtype=np.float64),
    )


def _kmeans(points: NDArray[np.float64], k: int) -> NDArray[np.intp]:
    """Spherical k-means on unit rows: the labels of the best of a few starts."""
    rng = np.random.default_rng(_SEED)
    n = points.shape[0]
    best_labels = np.zeros(n, dtype=np.intp)
    best_cost = math.inf
    for _ in range(_STARTS):
        # k-means++ seeding, on cosine distance.
        centres = np.empty((k, points.shape[1]))
        centres[0] = points[rng.integers(n)]
        closest = np.clip(1.0 - points @ centres[0], 0.0, None)
        for c in range(1, k):
            total = closest.sum()
            pick = rng.choice(n, p=closest / total) if total > 0 else rng.integers(n)
            centres[c] = points[pick]
            closest = np.minimum(closest, np.clip(1.0 - points @ centres[c], 0.0, None))
        labels = np.full(n, -1, dtype=np.intp)
        for _ in range(_ITERATIONS):
            fit = points @ centres.T
            new_labels = np.argmax(fit, axis=1)
            if np.array_equal(new_labels, labels):
                break
            labels = new_labels
            for c in range(k):
                members = labels == c
                if not members.any():
                    # An emptied centre restarts at the worst-served note.
                    centres[c] = points[int(np.argmin(fit[np.arange(n), labels]))]
                    continue
                total_vector = points[members].sum(axis=0)
                norm = np.linalg.norm(total_vector)
                centres[c] = total_vector / norm if norm > 0 else points[members][0]
        cost = float(np.sum(1.0 - np.max(points @ centres.T, axis=1)))
        if cost < best_cost - 1e-9:
            best_cost, best_labels = cost, labels
    return best_labels


def _silhouette(similarity: NDArray[np.float64], labels: NDArray[np.intp], k: int) -> float:
    """Mean silhouette on cosine distance (1 - similarity, whose diagonal is
    0 here), 0 for a note alone in its theme."""
    n = len(labels)
    members = np.zeros((n, k))
    members[np.arange(n), labels] = 1.0
    sizes = members.sum(axis=0)
    # Distances summed per theme without building the distance matrix:
    # sum over j in c of (1 - s_ij), the note itself (distance 0) excepted.
    own = labels[:, None] == np.arange(k)[None, :]
    counts = sizes[None, :] - own
    sums = counts - similarity @ members
    mean = sums / np.maximum(counts, 1)
    a = mean[np.arange(n), labels]
    mean[own] = np.inf
    mean[:, sizes == 0] = np.inf
    b = mean.min(axis=1)
    b = np.where(np.isfinite(b), b, a)  # every other theme empty: no contrast
    alone = sizes[labels] <= 1
    scores = np.where(alone, 0.0, (b - a) / np.maximum(np.maximum(a, b), 1e-12))
    return float(scores.mean())


# --- Labels -------------------------------------------------------------------

_LABEL_WORDS = 2
_TOP_WORDS = 5
# The third word joins the label when it weighs this much of the first.
_THIRD_WORD = 0.6


def _top_words(
    word_matrix: sparse.csr_matrix,
    vocabulary: list[str],
    members: NDArray[np.intp],
    board_mass: NDArray[np.float64],
) -> list[tuple[str, float]]:
    """The theme's most distinctive words with their scores, best first."""
    mass = np.asarray(word_matrix[members].sum(axis=0)).ravel()
    score = mass * mass / np.where(board_mass > 0, board_mass, 1.0)
    # Ties broken by the word itself, so that a label never depends on the
    # order the notes came in.
    order = sorted(np.flatnonzero(score > 0), key=lambda j: (-score[j], vocabulary[j]))
    chosen: list[tuple[str, float]] = []
    for j in order:
        word = vocabulary[j]
        if any(word in other or other in word for other, _ in chosen):
            continue
        chosen.append((word, float(score[j])))
        if len(chosen) == _TOP_WORDS:
            break
    return chosen
