"""The network image for a report: drawn with matplotlib, without labels, as a PNG.

No organisation is named on the image (so it is the same in safe mode); nodes are coloured by
macro-sector with the dashboard's palette and sized by degree.
"""

from __future__ import annotations

import io
from typing import Any

import matplotlib
import numpy as np

matplotlib.use("Agg")

from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from coalitionlens.insights.palette import MACRO_COLOURS

__all__ = ["network_png"]


def network_png(view: Any) -> bytes:
    """A PNG of the network of an :class:`~coalitionlens.insights.networks.NetworkView`."""
    orgs = view.organisations
    ids = list(orgs.index)
    index = {pk: i for i, pk in enumerate(ids)}
    edges = [
        (index[s], index[t])
        for s, t in zip(view.ties["source"], view.ties["target"], strict=True)
        if s in index and t in index
    ]
    # Positions come from the server's layout (core.layout, cached with the analysis).
    xy = np.array([view.positions.get(pk, (500.0, 500.0)) for pk in ids], dtype=float).reshape(
        -1, 2
    )
    degree = np.zeros(len(ids), dtype=float)
    for s, t in edges:
        degree[s] += 1
        degree[t] += 1
    top = degree.max() if len(ids) and degree.max() > 0 else 1.0
    macro = orgs.get("macro_sector", None)
    colours = [
        MACRO_COLOURS.get(str(macro.iloc[i]) if macro is not None else "", "#7f7f7f")
        for i in range(len(ids))
    ]
    fig = Figure(figsize=(7, 7), dpi=110)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    if ids:
        if edges:
            segments = [(xy[s], xy[t]) for s, t in edges]
            ax.add_collection(LineCollection(segments, linewidths=0.3, colors="#9a9a9a", zorder=1))
        # Marker area in points²: the same 4–18 px diameters as before, by the square root of degree.
        diameters = 4 + 14 * np.sqrt(degree / top)
        ax.scatter(
            xy[:, 0],
            xy[:, 1],
            s=diameters**2,
            c=colours,
            edgecolors="black",
            linewidths=0.3,
            zorder=2,
        )
        ax.set_aspect("equal")
        ax.margins(0.04)
        ax.invert_yaxis()  # screen coordinates, as on the map
    out = io.BytesIO()
    fig.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
