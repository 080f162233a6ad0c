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
#   - two sara e (เ + เ) typed for sara ae (แ), common on old keyboards and in PDFs
#   - sara am typed before its tone mark (นำ้ for น้ำ)
_TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"
_ABOVE_BELOW_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39"
_TONE_BEFORE_VOWEL = re.compile(f"([{_TONE_MARKS}])([{_ABOVE_BELOW_VOWELS}])")
_DOUBLED_MARK = re.compile(f"([{_TONE_MARKS}{_ABOVE_BELOW_VOWELS}\u0e47\u0e4c])\\1+")
_TONE_BEFORE_SARA_AM = re.compile(f"\u0e32([{_TONE_MARKS}])\u0e4d|\u0e4d([{_TONE_MARKS}])\u0e32")
_SARA_AM_BEFORE_TONE = re.compile(f"\u0e33([{_TONE_MARKS}])")


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    return text.translate(_TO_THAI)


def fold_vowel_order(text: str) -> str:
    text = _TONE_BEFORE_SARA_AM.sub(lambda m: (m.group(1) or m.group(2)) + "\u0e33", text)
    text = text.replace("\u0e4d\u0e32", "\u0e33")
    text = _SARA_AM_BEFORE_TONE.sub("\\1\u0e33", text)
    text = text.replace("\u0e40\u0e40", "\u0e41")
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


# newmm leaves brackets and quotes stuck to Latin words ("(Public"); the
# dot stays, it belongs to abbreviations (สศช.).
_STRIP = " \t\n()[]{}<>\"'“”‘’,;:!?—–…"


def _keep(token: str) -> bool:
    return bool(token.strip()) and not _PUNCT_TOKEN.match(token)


def _tidy(tokens: Iterable[str]) -> list[str]:
    return [t for t in (token.strip(_STRIP) for token in tokens) if _keep(t)]


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
        tokens.extend(
            word_tokenize(piece, custom_dict=_trie(), engine="newmm", keep_whitespace=False)
        )
    return _tidy(tokens)


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
                tokens.extend(nlpo3.segment(piece, _NLPO3_DICT, safe=False))
        result.append(_tidy(tokens))
    return result


# Tokens at least this long get their parts indexed too. PyThaiNLP's word
# list holds whole agency names as single words ("สำนักงานคณะกรรมการข้าราชการ
# พลเรือน", "กระทรวงมหาดไทย"), so without this a search for a part of the
# name ("ข้าราชการพลเรือน", "มหาดไทย") would never meet them.
SUBWORD_MIN_LENGTH = 12
_NLPO3_SHORT_DICT = "saphan-short"
_THAI_CHAR = re.compile("[\u0e01-\u0e4e]")


@functools.cache
def _nlpo3_short_ready() -> bool:
    """A second nlpo3 dictionary without the long compound words."""
    import nlpo3

    with _nlpo3_lock:
        short = sorted(
            w for w in _dictionary_words() if len(w) < SUBWORD_MIN_LENGTH and " " not in w
        )
        path = Path(tempfile.gettempdir()) / f"saphan-newmm-short-{len(short)}.txt"
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            tmp.write_text("\n".join(short), encoding="utf-8")
            tmp.replace(path)
        nlpo3.load_dict(str(path), _NLPO3_SHORT_DICT)
    return True


def subwords(tokens: Iterable[str]) -> list[str]:
    """The parts of long Thai compound tokens (กระทรวงมหาดไทย -> กระทรวง,
    มหาดไทย), for indexing beside the tokens themselves. Parts shorter than
    three characters are dropped: they match too much to be worth a term."""
    long_tokens = [
        t for t in tokens if len(t) >= SUBWORD_MIN_LENGTH and " " not in t and _THAI_CHAR.search(t)
    ]
    if not long_tokens:
        return []
    import nlpo3

    _nlpo3_short_ready()
    parts: list[str] = []
    for token in long_tokens:
        pieces = nlpo3.segment(token, _NLPO3_SHORT_DICT, safe=True)
        if len(pieces) > 1:
            parts.extend(p for p in pieces if len(p) >= 3 and _keep(p))
    return list(dict.fromkeys(parts))


def terms_from_tokens(tokens: Iterable[str]) -> list[str]:
    """Search terms from segmented tokens: normalised, and dotless for abbreviations."""
    terms = [term for term in map(_term, tokens) if term]
    return list(dict.fromkeys(terms))


# Bulk indexing meets the same few thousand words millions of times.
@functools.lru_cache(maxsize=200_000)
def _term(token: str) -> str:
    term = normalize(token)
    return compact(term) if "." in term else term


def search_terms(text: str | None) -> list[str]:
    """The terms under which a text is indexed or a query is looked up."""
    return terms_from_tokens(segment(text))
