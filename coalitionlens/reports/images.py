"""The network image for a report: igraph's matplotlib backend, drawn without labels as a PNG.

No organisation is named on the image (so it is the same in safe mode); nodes are coloured by
macro-sector with the dashboard's palette and sized by degree.
"""

from __future__ import annotations

import io
from typing import Any

import igraph as ig
import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

from coalitionlens.insights.charts import MACRO_COLOURS

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
    graph = ig.Graph(n=len(ids), edges=edges, directed=False)
    layout = ig.Layout([list(view.positions.get(pk, (500.0, 500.0))) for pk in ids])
    degree = graph.degree()
    top = max(degree, default=1) or 1
    macro = orgs.get("macro_sector", None)
    colours = [
        MACRO_COLOURS.get(str(macro.iloc[i]) if macro is not None else "", "#7f7f7f")
        for i in range(len(ids))
    ]
    fig = Figure(figsize=(7, 7), dpi=110)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    if ids:
        ig.plot(
            graph,
            target=ax,
            layout=layout,
            vertex_size=[4 + 14 * (d / top) ** 0.5 for d in degree],
            vertex_color=colours,
            vertex_frame_width=0.3,
            edge_width=0.3,
            edge_color="#9a9a9a",
        )
    out = io.BytesIO()
    fig.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
