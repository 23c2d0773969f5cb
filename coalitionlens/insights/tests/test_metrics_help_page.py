"""docs/metrics.md is served inside the app as the help page, for every signed-in role, in the
site's layout and from no other host; every link a page gives to a measure's explanation lands on
a section the help page has."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coalitionlens.insights.measures import CHART_DOCS, EVIDENCE_DOCS, MEASURE_HELP, anchor
from coalitionlens.insights.metrics_doc import metrics_doc
from coalitionlens.insights.tests.helpers import grow

HELP = reverse("help_metrics")


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def _links_to_help(html: str) -> set[str]:
    return set(re.findall(rf'href="{re.escape(HELP)}#([^"]+)"', html))


@pytest.mark.parametrize("role", ["coordinator", "member", "analyst", "viewer"])
def test_the_help_page_renders_for_every_role_in_the_site_layout(client, cast, role):
    client.force_login(cast.by_role()[role])
    response = client.get(HELP)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-label="Main navigation"' in html  # base.html's layout
    assert "<h1" in html
    assert "What the measures mean" in html
    for where, _title in metrics_doc().sections:
        assert f'id="{where}"' in html
    # nothing from another host: no link or asset outside the app
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, db):
    response = client.get(HELP)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_every_measure_section_a_page_can_link_to_is_on_the_help_page():
    sections = {where for where, _title in metrics_doc().sections}
    named = [h for _text, h in MEASURE_HELP.values()] + [*CHART_DOCS.values()]
    named += [*EVIDENCE_DOCS.values()]
    assert {anchor(h) for h in named} <= sections


def test_every_link_from_the_pages_lands_on_a_section_of_the_help_page(client, cast):
    orgs = grow(cast.lens, 8)
    client.force_login(cast.alice)
    ids = _ids(client.get(HELP).content.decode())
    pages = {
        "network": reverse("insights_network", args=["lens"]),
        "place": reverse("organisation_network", args=["lens", orgs[0].pk]),
        "dashboard": reverse("insights_dashboard", args=["lens"]),
        "diagnostics": reverse("insights_diagnostics", args=["lens"]),
    }
    for name, url in pages.items():
        html = client.get(url).content.decode()
        links = _links_to_help(html)
        if name != "diagnostics":  # whether a finding names a measure depends on the data
            assert links, name
        assert links <= ids, (name, links - ids)
    network = client.get(pages["network"]).content.decode()
    for measure in ("degree", "betweenness", "ei_index", "constraint", "brokerage_total"):
        assert f"#{anchor(MEASURE_HELP[measure][1])}" in network, measure
