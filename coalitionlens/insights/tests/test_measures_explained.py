"""Every measure the network page shows is explained there, in one sentence from
insights/measures.py, and each sentence points at a section docs/metrics.md has."""

from __future__ import annotations

from pathlib import Path

from django.urls import reverse

from coalitionlens.insights.measures import MEASURE_HELP, anchor, explained
from coalitionlens.insights.selectors import MEASURES
from coalitionlens.insights.tests.helpers import grow

DOC = Path(__file__).resolve().parents[3] / "docs" / "metrics.md"


def test_every_explanation_points_at_a_section_of_docs_metrics():
    headings = {anchor(line[3:]) for line in DOC.read_text().splitlines() if line.startswith("## ")}
    for name, (_text, heading) in MEASURE_HELP.items():
        assert anchor(heading) in headings, name
    # every measure the map can be sized by is explained
    assert set(MEASURES) <= set(MEASURE_HELP)
    assert {m["name"] for m in explained(list(MEASURES), MEASURES)} == set(MEASURES)


def test_the_network_page_explains_each_column(client, cast):
    grow(cast.lens, 6)
    client.force_login(cast.bob)
    html = client.get(reverse("insights_network", args=["lens"])).content.decode()
    for name in ("degree", "betweenness", "ei_index", "constraint", "brokerage_total"):
        assert f'id="measure-{name}"' in html, name
        assert str(MEASURE_HELP[name][0]).replace("'", "&#x27;") in html, name
