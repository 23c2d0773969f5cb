"""What each network measure means, in one sentence, for every page that shows it (the network
page, an organisation's place in the network, the dashboard, the diagnostics' evidence), with the
section of docs/metrics.md that says how it is computed. One place: a page that shows a measure
takes its sentence and its link from here. docs/metrics.md is served inside the app as the help
page (:mod:`coalitionlens.insights.metrics_doc`), each section under the anchor :func:`anchor` gives it."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

__all__ = ["CHART_DOCS", "DOCS", "EVIDENCE_DOCS", "MEASURE_HELP", "anchor", "explained"]

#: Where the full explanations are, in the repository; the app serves them as its help page.
DOCS = "docs/metrics.md"


def anchor(heading: str) -> str:
    """The stable anchor of a section of docs/metrics.md: its name (before " — " and the
    function's signature, which may change), in lower case, words joined by "-".

    >>> anchor("Betweenness — `betweenness(network, sample=None, seed=None, normalized=False)`")
    'betweenness'
    >>> anchor("Gould–Fernandez brokerage — `brokerage(network, by)`")
    'gould-fernandez-brokerage'
    """
    name = heading.split(" — ")[0].strip().lower()
    return "-".join(re.findall(r"[^\W_]+", name))


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


#: dashboard chart → the section of docs/metrics.md (its name) that says how it is counted
CHART_DOCS: dict[str, str] = {
    "macro": "Members, partners and counterparts",
    "composition": "Members, partners and counterparts",
    "modes": "Members, partners and counterparts",
}

#: evidence key of a finding → the section of docs/metrics.md (its name) of the measure it reports
EVIDENCE_DOCS: dict[str, str] = {
    "dependence_on_secretariat": "Dependence on the secretariat",
    "only_through_secretariat": "Dependence on the secretariat",
    "connected_before": "Fragility",
    "connected_after": "Fragility",
    "brokers_removed": "Fragility",
    "ei_index": "Krackhardt E-I index",
    "siloed_clusters": "Components, k-cores, communities",
    "clusters": "Components, k-cores, communities",
    "organisations_engaged": "Members, partners and counterparts",
    "membership": "Members, partners and counterparts",
    "partnership": "Members, partners and counterparts",
    "engagement_practice": "Members, partners and counterparts",
    # power and money (insights/money.py)
    "top_funder_share": "Top-funder dependence",
    "funding_flows": "Funding total",
    "funders": "Number of funders",
    "foreign_share": "Foreign funding share",
    "budget_ratio": "Resource asymmetry",
    "budget_banded": "Band coverage",
    "lowest_band_share": "Resource asymmetry",
}


def explained(names: list[str], labels: dict[str, Any]) -> list[dict[str, Any]]:
    """For the measures ``names`` (in that order): label, sentence and the anchor of the help
    page's section that explains it, for the ``insights/_measures_help.html`` partial."""
    return [
        {
            "name": n,
            "label": labels[n],
            "text": MEASURE_HELP[n][0],
            "anchor": anchor(MEASURE_HELP[n][1]),
        }
        for n in names
        if n in MEASURE_HELP
    ]
