"""Dashboard charts: matplotlib SVG drawn on the server, text as paths.

Text is drawn as outlines (``svg.fonttype = 'path'``), so the SVG needs no font on the reader's side
and WeasyPrint cannot mis-shape Khmer inside it; the fonts come from Debian's packages, never from
another host. The Agg backend draws without a display.
"""

from __future__ import annotations

import io
import threading
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from coalitionlens.insights.dashboard import Table

__all__ = ["render_chart"]

# The product's sector palette, also used by the network map (static/js/network-map.js reads it
# from the page).
SERIES = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
          "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd"]  # fmt: skip

_RC: dict[str, Any] = {
    "svg.fonttype": "path",
    "svg.hashsalt": "coalitionlens",  # stable ids: the same data draws the same bytes
    "font.family": ["DejaVu Sans", "Noto Sans Khmer", "Khmer OS", "Noto Sans"],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
# pyplot's state is global: one chart at a time per process.
_LOCK = threading.Lock()


def _bars(ax: Any, table: Table, stacked: bool) -> None:
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
    ax.legend(loc="lower right", frameon=False)


def _lines(ax: Any, table: Table) -> None:
    years = [str(y) for y in table.columns[1:]]
    for k, row in enumerate(table.rows):
        if any(row[1:]):
            ax.plot(years, row[1:], marker="o", label=str(row[0]), color=SERIES[k % len(SERIES)])
    if ax.get_legend_handles_labels()[0]:  # an empty period draws no line, hence no legend
        ax.legend(loc="upper left", frameon=False, fontsize=7, ncols=2)


def _modes(fig: Any, table: Table) -> None:
    years = [str(y) for y in table.extra["years"]]
    macros = table.extra["macros"]
    axes = fig.subplots(1, len(macros), sharey=True)
    n = len(years)
    for m, (ax, macro) in enumerate(zip(axes, macros, strict=True)):
        rows = table.rows[m * n : (m + 1) * n]
        for k, name in enumerate(table.columns[1:]):
            ax.plot(years, [r[k + 1] for r in rows], marker="o", label=str(name),
                    color=SERIES[k])  # fmt: skip
        ax.set_title(macro, fontsize=9)
        ax.tick_params(axis="x", labelrotation=45)
    axes[0].legend(loc="upper left", frameon=False, fontsize=7)


def render_chart(table: Table) -> bytes:
    """The SVG of one dashboard table."""
    with _LOCK, plt.rc_context(_RC):  # type: ignore[arg-type]
        if table.name == "modes":
            fig = plt.figure(figsize=(9, 3.2))
            _modes(fig, table)
        else:
            height = (
                3.2 if table.name not in ("composition",) else max(3.0, 0.3 * len(table.rows) + 1)
            )
            fig, ax = plt.subplots(figsize=(7.5, height))
            if table.name in ("composition", "macro"):
                _bars(ax, table, stacked=False)
            else:
                _lines(ax, table)
        fig.suptitle(str(table.title), fontsize=10)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
    return out.getvalue()
