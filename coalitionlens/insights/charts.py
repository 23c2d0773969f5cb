"""Dashboard charts: matplotlib SVG drawn on the server, text as paths.

Text is drawn as outlines (``svg.fonttype = 'path'``), so the SVG needs no font on the reader's side
and WeasyPrint cannot mis-shape Khmer inside it. The fonts are the product's own
(``insights/fonts.py``), registered by path before a drawing, so no chart depends on the system's
fonts or on matplotlib's font cache; the family follows the active language (its script first, the
others as fallbacks, glyph by glyph). The Agg backend draws without a display.

Legibility: a chart comes in two sizes, ``wide`` (desktop, tablet) and ``narrow`` (a phone: the
dashboard's ``<picture>`` shows it below 576 px). Each is drawn no wider than about the column that
shows it, with no text under :data:`MIN_PT` points, so that no text is smaller than 11 CSS px at a
390 px phone or a 1,366 px desktop (``insights/tests/test_chart_legibility.py`` measures it in a
browser).
"""

from __future__ import annotations

import io
import textwrap
import threading
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from django.utils.translation import get_language

from coalitionlens.insights.dashboard import Table
from coalitionlens.insights.fonts import chart_families, register_matplotlib_fonts

__all__ = ["MIN_PT", "SIZES", "render_chart"]

#: The smallest text on a chart, in points (at the figure's own size, 1 pt = 4/3 CSS px).
MIN_PT = 10.5
#: Figure width in inches for each size. 4 in = 384 px is shown at about 0.95 in a 390 px phone's
#: column; 7.5 in = 720 px at about 0.89 in the 641 px chart column of a 1,366 px desktop.
SIZES = {"wide": 7.5, "narrow": 4.0}

# The product's sector palette, also used by the network map (static/js/network-map.js reads it
# from the page).
SERIES = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
          "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd"]  # fmt: skip

_RC: dict[str, Any] = {
    "svg.fonttype": "path",
    "svg.hashsalt": "coalitionlens",  # stable ids: the same data draws the same bytes
    "axes.unicode_minus": False,  # Noto Sans has no U+2212 MINUS SIGN: a hyphen-minus, as pages write
    "font.size": MIN_PT,
    "legend.fontsize": MIN_PT,
    "axes.titlesize": MIN_PT + 0.5,
    "figure.titlesize": MIN_PT + 1.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
# pyplot's state is global: one chart at a time per process.
_LOCK = threading.Lock()


def _bars(ax: Any, table: Table, stacked: bool, narrow: bool) -> None:
    labels = [str(r[0]) for r in table.rows]
    series = [str(c) for c in table.columns[1:]]
    bottoms = [0.0] * len(labels)
    width = 0.8 if stacked else 0.8 / max(len(series), 1)
    for k, name in enumerate(series):
        values = [float(r[k + 1]) for r in table.rows]
        if stacked:
            ax.barh(labels, values, left=bottoms, label=name, color=SERIES[k % len(SERIES)])
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
        else:
            ys = [i + (k - (len(series) - 1) / 2) * width for i in range(len(labels))]
            ax.barh(ys, values, height=width, label=name, color=SERIES[k % len(SERIES)])
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    # Below the bars, never on them (the text is large enough for a phone).
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False,
              ncols=1 if narrow else min(len(series), 3))  # fmt: skip


def _lines(ax: Any, table: Table) -> None:
    years = [str(y) for y in table.columns[1:]]
    for k, row in enumerate(table.rows):
        if any(row[1:]):
            ax.plot(years, row[1:], marker="o", label=str(row[0]), color=SERIES[k % len(SERIES)])
    if ax.get_legend_handles_labels()[0]:  # an empty period draws no line, hence no legend
        ax.legend(loc="upper left", frameon=False, ncols=2)


def _modes(fig: Any, table: Table, narrow: bool) -> None:
    years = [str(y) for y in table.extra["years"]]
    macros = table.extra["macros"]
    # On a phone the macro-sectors stand one above the other, each as wide as the screen.
    if narrow:
        axes = fig.subplots(len(macros), 1, sharex=True)
    else:
        axes = fig.subplots(1, len(macros), sharey=True)
    n = len(years)
    for m, (ax, macro) in enumerate(zip(axes, macros, strict=True)):
        rows = table.rows[m * n : (m + 1) * n]
        for k, name in enumerate(table.columns[1:]):
            ax.plot(years, [r[k + 1] for r in rows], marker="o", label=str(name),
                    color=SERIES[k])  # fmt: skip
        ax.set_title(macro)
        ax.tick_params(axis="x", labelrotation=45)
    axes[0].legend(loc="upper left", frameon=False)


def render_chart(table: Table, size: str = "wide") -> bytes:
    """The SVG of one dashboard table, ``wide`` or ``narrow`` (:data:`SIZES`), in the active
    language's fonts."""
    width = SIZES[size]
    narrow = size == "narrow"
    register_matplotlib_fonts()
    rc = {**_RC, "font.family": chart_families(get_language())}
    with _LOCK, plt.rc_context(rc):  # type: ignore[arg-type]
        if table.name == "modes":
            macros = len(table.extra["macros"])
            fig = plt.figure(figsize=(width, 2.6 * macros + 0.8) if narrow else (width, 3.6))
            _modes(fig, table, narrow)
        else:
            if table.name == "composition":
                # Room for the legend below the bars: one line per series on a phone.
                legend = 0.3 * (len(table.columns) - 1) if narrow else 0.4
                height = max(3.0, 0.34 * len(table.rows) + 1.2) + legend
            else:
                height = 4.2 if narrow else 3.6
            fig, ax = plt.subplots(figsize=(width, height))
            if table.name in ("composition", "macro"):
                _bars(ax, table, stacked=False, narrow=narrow)
            else:
                _lines(ax, table)
        title = str(table.title)
        if narrow:
            # a phone's chart is narrower than its title on one line: wrapped, not cut at the edges
            per_line = int(width * 72 / (float(_RC["figure.titlesize"]) * 0.6))
            title = textwrap.fill(title, width=per_line)
        fig.suptitle(title)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
    return out.getvalue()
