"""What each network measure means, in one sentence, for every page that shows it (the network
page and an organisation's place in the network), with the section of docs/metrics.md that says
how it is computed. One place: a page that shows a measure takes its sentence from here."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

__all__ = ["DOCS", "MEASURE_HELP", "anchor", "explained"]

#: Where the full explanations are, in the repository (they are not served by the app).
DOCS = "docs/metrics.md"


def anchor(heading: str) -> str:
    """The anchor a Markdown renderer (GitHub's) gives a heading of docs/metrics.md."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


#: measure name → (sentence, the heading in docs/metrics.md that explains it)
MEASURE_HELP: dict[str, tuple[Any, str]] = {
    "degree": (
        _("How many organisations it works with."),
        "Degree and strength — `degree(network)`",
    ),
    "strength": (
        _("How much it works with them: the sum of its ties' weights (shared engagements)."),
        "Degree and strength — `degree(network)`",
    ),
    "betweenness": (
        _(
            "How often it lies on the shortest route between two other organisations: high for "
            "those who connect parts of the coalition that would otherwise be far apart."
        ),
        "Betweenness — `betweenness(network, sample=None, seed=None, normalized=False)`",
    ),
    "closeness": (
        _("How near it is to every other organisation, on average (0 to 1)."),
        "Harmonic closeness — `harmonic_closeness(network, sample=None, seed=None)`",
    ),
    "eigenvector": (
        _("High when it works with organisations that are themselves well connected."),
        "Eigenvector centrality — `eigenvector(network)`",
    ),
    "ei_index": (
        _("From −1 (all its partners are in its own sector) to +1 (all are in other sectors)."),
        "Krackhardt E-I index — `ei_index(network, by, permutations=0, seed=None)`",
    ),
    "constraint": (
        _(
            "High when its partners all know each other: it depends on one closed circle and "
            "brings nothing new between them."
        ),
        "Structural holes — `structural_holes(network)`",
    ),
    "effective_size": (
        _("Its partners less their overlap: the contacts that do not already know each other."),
        "Structural holes — `structural_holes(network)`",
    ),
    "brokerage_total": (
        _(
            "How often it stands between two organisations that have no tie of their own, in "
            "any of the five brokerage roles (coordinator, gatekeeper, representative, "
            "consultant, liaison)."
        ),
        "Gould–Fernandez brokerage — `brokerage(network, by)`",
    ),
}


def explained(names: list[str], labels: dict[str, Any]) -> list[dict[str, Any]]:
    """For the measures ``names`` (in that order): label, sentence and where docs/metrics.md
    explains it, for the ``insights/_measures_help.html`` partial."""
    return [
        {
            "name": n,
            "label": labels[n],
            "text": MEASURE_HELP[n][0],
            "where": f"{DOCS}#{anchor(MEASURE_HELP[n][1])}",
        }
        for n in names
        if n in MEASURE_HELP
    ]
