"""The fonts the product ships (``static/fonts/``: Noto Sans, Noto Sans Khmer and Noto Sans Thai, regular
and bold, SIL OFL 1.1) and the one place that hands them to matplotlib and to WeasyPrint.

No chart or PDF depends on the system's fonts or on matplotlib's font cache: the files are added to
matplotlib's font manager by path before a chart is drawn (and any system copy of the same families is
set aside, so the shipped version is the one drawn), and a report's HTML carries them as ``@font-face``
rules with ``data:`` URIs, cut down to the characters the report uses, which WeasyPrint reads as it
reads the report's images. The web pages load the same files through ``static/css/fonts.css``.

>>> [f.file for f in FACES if f.family == "Noto Sans Khmer"]
['NotoSansKhmer-Regular.ttf', 'NotoSansKhmer-Bold.ttf']
>>> chart_families("km")[0], chart_families("fr")[0]
('Noto Sans Khmer', 'Noto Sans')
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import threading
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "FACES",
    "FONT_DIR",
    "chart_families",
    "font_face_css",
    "font_stamp",
    "register_matplotlib_fonts",
]

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"


@dataclass(frozen=True)
class Face:
    family: str  # the font's own family name (what matplotlib looks up)
    css_family: str  # the name the report's and the pages' CSS use (never a system font's)
    weight: int
    file: str

    @property
    def path(self) -> Path:
        return FONT_DIR / self.file


LATIN, KHMER, THAI = "Noto Sans", "Noto Sans Khmer", "Noto Sans Thai"
FACES = [
    Face(LATIN, "CL Noto Sans", 400, "NotoSans-Regular.ttf"),
    Face(LATIN, "CL Noto Sans", 700, "NotoSans-Bold.ttf"),
    Face(KHMER, "CL Noto Sans Khmer", 400, "NotoSansKhmer-Regular.ttf"),
    Face(KHMER, "CL Noto Sans Khmer", 700, "NotoSansKhmer-Bold.ttf"),
    Face(THAI, "CL Noto Sans Thai", 400, "NotoSansThai-Regular.ttf"),
    Face(THAI, "CL Noto Sans Thai", 700, "NotoSansThai-Bold.ttf"),
]
# The script a language writes in comes first; the others follow as fallbacks, glyph by glyph.
_PRIMARY = {"km": KHMER, "th": THAI}


def chart_families(language: str | None) -> list[str]:
    """matplotlib's ``font.family`` for charts in ``language``: its script's font first."""
    primary = _PRIMARY.get((language or "en").split("-")[0], LATIN)
    return [primary] + [f for f in (LATIN, KHMER, THAI) if f != primary]


@functools.cache
def font_stamp() -> str:
    """A digest of the shipped font set (file names and sizes): part of every chart's cache key, so
    a chart cached before a font changed (or was missing) is drawn again."""
    parts = sorted((f.file, f.path.stat().st_size) for f in FACES)
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:12]


_registered = False
_lock = threading.Lock()


def register_matplotlib_fonts() -> None:
    """Add the shipped fonts to matplotlib's font manager (once per process), and set aside any
    system font of the same families, so that a chart is drawn with the shipped files only."""
    global _registered
    with _lock:
        if _registered:
            return
        from matplotlib import font_manager

        manager = font_manager.fontManager
        ours = {str(f.path) for f in FACES}
        shipped = {f.family for f in FACES}
        manager.ttflist = [
            e for e in manager.ttflist if e.name not in shipped or str(e.fname) in ours
        ]
        for face in FACES:
            if not any(str(e.fname) == str(face.path) for e in manager.ttflist):
                manager.addfont(str(face.path))
        manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]
        _registered = True


@functools.lru_cache(maxsize=64)
def _subset_uri(file: str, codepoints: frozenset[int]) -> str:
    from fontTools import subset

    options = subset.Options()
    if "Khmer" in file or "Thai" in file:
        # Every shaping feature: Khmer and Thai need their reordering, stacking and marks. (Latin
        # keeps fontTools' default features: closing over all of Noto Sans's takes seconds.)
        options.layout_features = ["*"]
    options.name_IDs = ["*"]  # the copyright and licence records stay in the font
    options.notdef_outline = True
    options.hinting = False
    options.drop_tables += ["DSIG"]
    font = subset.load_font(str(FONT_DIR / file), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return "data:font/ttf;base64," + base64.b64encode(out.getvalue()).decode("ascii")


@functools.cache
def _cmap(file: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(FONT_DIR / file), lazy=True).getBestCmap())


#: Characters a stylesheet can draw that are not in the document's text: list bullets, counters
#: (page numbers, "2 / 9"), leaders.
_GENERATED = "•◦▪–—.…/:0123456789 "


def font_face_css(text: str) -> str:
    """``@font-face`` rules for a self-contained document whose text is ``text``: each shipped face
    that has a character of it, as a ``data:`` URI holding only those characters (and the glyphs
    their shaping needs)."""
    used = {ord(c) for c in text + _GENERATED}
    rules = []
    for face in FACES:
        codepoints = frozenset(used & _cmap(face.file))
        if not codepoints - {0x20, 0xA0, 0x2D, 0x200B, 0x200C, 0x200D}:
            continue
        rules.append(
            f'@font-face {{ font-family: "{face.css_family}"; font-weight: {face.weight}; '
            f'src: url("{_subset_uri(face.file, codepoints)}") format("truetype"); }}'
        )
    return "\n".join(rules)
