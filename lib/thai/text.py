"""Normalisation and word segmentation of Thai (and mixed Thai/English) text."""

from __future__ import annotations

import functools
import re
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

_DATA = Path(__file__).parent / "data"

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)
_TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)

# Zero-width characters that Thai word processors and web pages leave in
# text (ZWSP is used as an invisible word break in Thai), plus the BOM.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")
# Characters dropped from a "compact" key: dots of abbreviations (ก.พ.ร.),
# spaces, hyphens and similar separators.
_COMPACT_DROP = re.compile(r"[\s.\-_/·•,()\"'’‘“”]+")
_PUNCT_TOKEN = re.compile(r"^[\W_]+$", re.UNICODE)

# Common mis-typings of Thai vowel and tone-mark order. Thai keyboards let
# people type a following vowel or tone mark in either order; both render the
# same but compare differently, so fold to the canonical order:
#   - sara am written as nikhahit + sara aa (ํ + า) -> ำ
#   - tone mark typed before an upper/lower vowel -> vowel first, tone after
#   - a doubled vowel or tone mark typed twice -> once
_TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"
_ABOVE_BELOW_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39"
_TONE_BEFORE_VOWEL = re.compile(f"([{_TONE_MARKS}])([{_ABOVE_BELOW_VOWELS}])")
_DOUBLED_MARK = re.compile(f"([{_TONE_MARKS}{_ABOVE_BELOW_VOWELS}\u0e47\u0e4c])\\1+")
_TONE_BEFORE_SARA_AM = re.compile(f"\u0e32([{_TONE_MARKS}])\u0e4d|\u0e4d([{_TONE_MARKS}])\u0e32")


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    return text.translate(_TO_THAI)


def fold_vowel_order(text: str) -> str:
    text = _TONE_BEFORE_SARA_AM.sub(lambda m: (m.group(1) or m.group(2)) + "\u0e33", text)
    text = text.replace("\u0e4d\u0e32", "\u0e33")
    text = _TONE_BEFORE_VOWEL.sub(r"\2\1", text)
    text = _DOUBLED_MARK.sub(r"\1", text)
    return text


def clean(text: str | None) -> str:
    """Tidy text for storage without changing what it means: NFC, no
    zero-width characters, single spaces, stripped. Keeps case and digits."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    text = _ZERO_WIDTH.sub("", text)
    text = fold_vowel_order(text)
    return _SPACES.sub(" ", text).strip()


def normalize(text: str | None) -> str:
    """The form used to compare text: clean(), Arabic digits, Latin case-folded."""
    return to_arabic_digits(clean(text)).casefold()


def compact(text: str | None) -> str:
    """normalize() without dots, spaces and separators: ก.พ.ร. and กพร meet here."""
    return _COMPACT_DROP.sub("", normalize(text))


# --- Segmentation -------------------------------------------------------------


def abbreviations() -> list[str]:
    """Agency abbreviations kept whole by segmentation, with their dotless forms."""
    return list(_abbreviations())


@functools.cache
def _abbreviations() -> tuple[str, ...]:
    words: list[str] = []
    for line in (_DATA / "abbreviations.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words.append(line)
        dotless = line.replace(".", "").replace(" ", "")
        if len(dotless) > 1:
            words.append(dotless)
    return tuple(dict.fromkeys(words))


@functools.cache
def _dictionary_words() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words()) | frozenset(_abbreviations())


@functools.cache
def _trie():  # type: ignore[no-untyped-def]
    from pythainlp.util import dict_trie

    return dict_trie(_dictionary_words())


_nlpo3_lock = threading.Lock()
_NLPO3_DICT = "saphan"


@functools.cache
def _nlpo3_ready() -> bool:
    """Load the same dictionary into nlpo3 (Rust newmm) once per process."""
    import nlpo3

    with _nlpo3_lock:
        path = Path(tempfile.gettempdir()) / f"saphan-newmm-{len(_dictionary_words())}.txt"
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            tmp.write_text("\n".join(sorted(_dictionary_words())), encoding="utf-8")
            tmp.replace(path)
        nlpo3.load_dict(str(path), _NLPO3_DICT)
    return True


# Dotted abbreviations are protected before segmentation: newmm's character
# clusters would otherwise split "ก.พ.ร." into "ก.พ." + "ร.".
_DOTTED = re.compile(r"(?:[\u0e01-\u0e2e]{1,4}\.){2,}|[\u0e01-\u0e2e]{2,4}\.")


def _keep(token: str) -> bool:
    return bool(token.strip()) and not _PUNCT_TOKEN.match(token)


def _split_protected(text: str) -> list[tuple[str, bool]]:
    """Split text into (piece, is_abbreviation) around known dotted abbreviations."""
    known = set(_abbreviations())
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for match in _DOTTED.finditer(text):
        if match.group(0) not in known:
            continue
        if match.start() > pos:
            pieces.append((text[pos : match.start()], False))
        pieces.append((match.group(0), True))
        pos = match.end()
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces


def segment(text: str | None) -> list[str]:
    """Words of a text (PyThaiNLP newmm with Saphan's dictionary), cleaned,
    without spaces and punctuation. Latin words are split on spaces."""
    from pythainlp.tokenize import word_tokenize

    text = clean(text)
    if not text:
        return []
    tokens: list[str] = []
    for piece, is_abbreviation in _split_protected(text):
        if is_abbreviation:
            tokens.append(piece)
            continue
        tokens.extend(word_tokenize(piece, custom_dict=_trie(), engine="newmm", keep_whitespace=False))
    return [t.strip() for t in tokens if _keep(t)]


def segment_many(texts: Sequence[str | None]) -> list[list[str]]:
    """segment() for many texts at once, through nlpo3 (Rust) for bulk indexing."""
    import nlpo3

    _nlpo3_ready()
    result: list[list[str]] = []
    for text in texts:
        cleaned = clean(text)
        tokens: list[str] = []
        for piece, is_abbreviation in _split_protected(cleaned):
            if is_abbreviation:
                tokens.append(piece)
            else:
                tokens.extend(nlpo3.segment(piece, _NLPO3_DICT, safe=True))
        result.append([t.strip() for t in tokens if _keep(t)])
    return result


def terms_from_tokens(tokens: Iterable[str]) -> list[str]:
    """Search terms from segmented tokens: normalised, and dotless for abbreviations."""
    terms: list[str] = []
    for token in tokens:
        term = normalize(token)
        if "." in term:
            term = compact(term)
        if term:
            terms.append(term)
    return list(dict.fromkeys(terms))


def search_terms(text: str | None) -> list[str]:
    """The terms under which a text is indexed or a query is looked up."""
    return terms_from_tokens(segment(text))
