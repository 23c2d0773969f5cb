"""The macro-sector colours, one set for the charts, the network map and the report's image."""

from __future__ import annotations

__all__ = ["MACRO_COLOURS"]

MACRO_COLOURS = {
    "PUBLIC": "#1f77b4",
    "PRIVATE": "#ff7f0e",
    "CIVIL": "#2ca02c",
    "INTERNATIONAL": "#9467bd",
}
