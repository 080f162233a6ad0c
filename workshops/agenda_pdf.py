"""The printable agenda as a PDF (WeasyPrint), with Thai text that stays text.

Fonts. The PDF embeds Sarabun, the typeface of Thai government documents,
from the same files the site serves (static/vendor/fonts/sarabun, copied from
@fontsource/sarabun by scripts/build_assets.py). Those files are subsets:
Thai glyphs in one file, Latin in another. Declared as one family with
unicode-range, WeasyPrint mixes their glyph tables up (Latin letters come
out as Thai ones), so each file gets a family of its own and the stylesheet
lists them in turn. Without the files (assets not built) the PDF uses the
system's TLWG fonts (fonts-thai-tlwg), which cover Thai and Latin.

Copyable text. A PDF maps each glyph to the characters it stands for (the
ToUnicode map); WeasyPrint fills it from the first cluster a glyph is drawn
in. Thai shaping always splits sara am (ำ) into nikhahit and sara aa, so
after the first ำ every plain า would be extracted as ำ, and tone marks a
font merges or lowers (น้ำ, ผู้) would vanish. `_fix_to_unicode` rewrites the
map from the font itself: a glyph stands for the character the font's cmap
gives it, and an alternate or ligature glyph for what it was substituted
from (the font's GSUB). An ำ is then extracted as ํ + า, which is how it
is drawn and which lib.thai.text.clean() folds back to ำ.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pydyf
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override
from fontTools.ttLib import TTFont, TTLibError
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from workshops.calendar import absolute_url
from workshops.models import Workshop
from workshops.selectors import workshop_detail

logger = logging.getLogger(__name__)

TEMPLATE = "workshops/print/agenda_pdf.html"
TLWG = Path("/usr/share/fonts/truetype/tlwg")
TLWG_REGULAR, TLWG_BOLD = "Loma.ttf", "Loma-Bold.ttf"
PUA = range(0xE000, 0xF900)


@dataclass(frozen=True)
class FontFile:
    family: str
    weight: int
    path: Path


def _sarabun_files() -> list[FontFile]:
    files = []
    for subset, family in (
        ("thai", "SaphanThai"),
        ("latin", "SaphanLatin"),
        ("latin-ext", "SaphanLatinExt"),
    ):
        for weight in (400, 700):
            found = finders.find(f"vendor/fonts/sarabun/sarabun-{subset}-{weight}-normal.woff2")
            if not found:
                return []
            files.append(FontFile(family, weight, Path(str(found))))
    return files


def _tlwg_files() -> list[FontFile]:
    return [
        FontFile("SaphanThai", weight, TLWG / name)
        for weight, name in ((400, TLWG_REGULAR), (700, TLWG_BOLD))
        if (TLWG / name).exists()
    ]


def font_files() -> list[FontFile]:
    return _sarabun_files() or _tlwg_files()


@lru_cache(maxsize=32)
def _as_truetype(path: Path, stamp: tuple[int, int]) -> Path:
    """A woff2 file decoded once to TrueType in the temporary directory.

    WeasyPrint would decode the woff2 (Brotli, then the glyph tables) on
    every PDF: a third of the time of a short agenda. `stamp` (size, mtime)
    makes a rebuilt font a new file."""
    if path.suffix != ".woff2":
        return path
    folder = Path(tempfile.gettempdir()) / f"saphan-pdf-fonts-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder.stat().st_uid != os.getuid():  # someone else's folder in a shared /tmp
        raise OSError(f"{folder} belongs to another user")
    target = folder / f"{path.stem}-{stamp[0]}-{stamp[1]}.ttf"
    if not target.exists():
        font = TTFont(str(path))
        font.flavor = None
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        font.save(str(partial))
        os.replace(partial, target)  # atomic: another worker may be writing too
    return target


def _embeddable(path: Path) -> Path:
    try:
        info = path.stat()
        return _as_truetype(path, (info.st_size, int(info.st_mtime)))
    except (OSError, TTLibError):
        logger.warning("Cannot prepare the font %s for PDFs; WeasyPrint will read it as is", path)
        return path


def font_face_css(files: list[FontFile]) -> str:
    faces = [
        f"@font-face {{ font-family: '{f.family}'; font-weight: {f.weight}; "
        f"src: url('{_embeddable(f.path).resolve().as_uri()}'); }}"
        for f in files
    ]
    families = []
    for f in files:
        if f.family not in families:
            families.append(f.family)
    # System Thai fonts last, for characters none of the files cover.
    stack = ", ".join([*(f"'{name}'" for name in families), "'Loma'", "'Garuda'", "sans-serif"])
    return "\n".join([*faces, f"html {{ font-family: {stack}; }}"])


# --- The ToUnicode repair -------------------------------------------------------


@lru_cache(maxsize=16)
def glyph_texts(path: str) -> dict[int, str]:
    """What each glyph of a font file stands for: the character the cmap
    maps to it (private-use code points excluded: TLWG fonts list their
    lowered tone marks there), then, through the GSUB substitutions,
    alternates stand for their source and ligatures for their components."""
    font = TTFont(path, lazy=True)
    ids = {name: index for index, name in enumerate(font.getGlyphOrder())}
    texts: dict[int, str] = {}
    for code, name in sorted(font.getBestCmap().items()):
        if code not in PUA:
            texts.setdefault(ids[name], chr(code))
    # Production glyph names say what a ligature is made of, in the order
    # it is drawn (uni0E4D0E49 is nikhahit then mai tho), which the GSUB
    # may list both ways round.
    for name, index in ids.items():
        if index not in texts and (text := _text_of_glyph_name(name)):
            texts[index] = text
    if "GSUB" not in font:
        return texts
    singles: list[tuple[str, str]] = []
    ligatures: list[tuple[list[str], str]] = []
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            kind = lookup.LookupType
            if kind == 7:  # extension: the real subtable is inside
                kind, table = table.ExtensionLookupType, table.ExtSubTable
            if kind == 1:
                singles.extend(table.mapping.items())
            elif kind == 3:
                singles.extend((src, alt) for src, alts in table.alternates.items() for alt in alts)
            elif kind == 4:
                for first, ligs in table.ligatures.items():
                    ligatures.extend(([first, *lig.Component], lig.LigGlyph) for lig in ligs)
    for _pass in range(4):  # substitutions of substitutions; a few passes reach all
        changed = False
        for src, dst in singles:
            if ids[dst] not in texts and ids[src] in texts:
                texts[ids[dst]] = texts[ids[src]]
                changed = True
        for parts, lig in ligatures:
            if ids[lig] not in texts and all(ids[p] in texts for p in parts):
                texts[ids[lig]] = "".join(texts[ids[p]] for p in parts)
                changed = True
        if not changed:
            break
    return texts


_GLYPH_NAME = re.compile(r"^uni((?:[0-9A-F]{4})+)(?:\.\w+)?$")


def _text_of_glyph_name(name: str) -> str:
    match = _GLYPH_NAME.match(name)
    if not match:
        return ""
    codes = [int(match.group(1)[i : i + 4], 16) for i in range(0, len(match.group(1)), 4)]
    if any(code in PUA or 0xD800 <= code <= 0xDFFF for code in codes):
        return ""
    return "".join(map(chr, codes))


_TO_UNICODE_LINE = re.compile(rb"^<([0-9a-f]{4})> <([0-9a-f]*)>$")


def _fix_to_unicode(document: Any, pdf: pydyf.PDF, files: list[FontFile]) -> None:
    by_key: dict[tuple[Any, Any], str] = {(f.family, f.weight): str(f.path) for f in files}
    paths = {}
    for font in document.fonts.values():
        path = by_key.get((getattr(font, "family", None), getattr(font, "weight", None)))
        if path:
            paths[bytes(font.name)] = path
    by_reference = {obj.reference: obj for obj in pdf.objects if isinstance(obj, pydyf.Object)}
    for obj in pdf.objects:
        if not isinstance(obj, pydyf.Dictionary) or obj.get("Subtype") != "/Type0":
            continue
        base_font = obj.get("BaseFont")
        path = paths.get(base_font if isinstance(base_font, bytes) else str(base_font).encode())
        to_unicode = by_reference.get(obj.get("ToUnicode"))
        if path is None or not isinstance(to_unicode, pydyf.Stream):
            continue
        texts = glyph_texts(path)
        for index, line in enumerate(to_unicode.stream):
            match = _TO_UNICODE_LINE.match(line) if isinstance(line, bytes) else None
            if not match:
                continue
            glyph = int(match.group(1), 16)
            text = texts.get(glyph)
            if text is not None:
                to_unicode.stream[index] = (
                    f"<{glyph:04x}> <{text.encode('utf-16-be').hex()}>".encode()
                )


# --- Rendering -----------------------------------------------------------------


def agenda_context(workshop: Workshop, *, viewer_zone: str) -> dict[str, Any]:
    detail = workshop_detail(workshop, viewer_zone=zoneinfo.ZoneInfo(viewer_zone))
    return {
        "workshop": workshop,
        "detail": detail,
        "hosts": list(workshop.lab.hosts.order_by("name_th")),
        "generated_at": timezone.now(),
        "page_url": absolute_url(workshop.get_absolute_url()),
    }


def agenda_html(workshop: Workshop, *, language: str, viewer_zone: str) -> str:
    with override(language):
        return render_to_string(TEMPLATE, agenda_context(workshop, viewer_zone=viewer_zone))


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    files = font_files()
    font_config = FontConfiguration()
    fonts = CSS(string=font_face_css(files), font_config=font_config)
    return HTML(string=html, base_url=base_url).write_pdf(  # type: ignore[no-any-return]
        stylesheets=[fonts],
        font_config=font_config,
        finisher=lambda document, pdf: _fix_to_unicode(document, pdf, files),
    )


def agenda_pdf(workshop: Workshop, *, language: str, viewer_zone: str) -> bytes:
    """The agenda of `workshop` (from get_workshop_for_user) as PDF bytes."""
    return render_pdf(agenda_html(workshop, language=language, viewer_zone=viewer_zone))
