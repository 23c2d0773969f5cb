"""The findings through the REST API are the diagnostics page's, for the roles that page serves."""

from __future__ import annotations

import html
import re
from typing import Any

from django.urls import reverse

from coalitionlens.insights.tests.helpers import grow

FINDINGS = "/api/v1/coalitions/lens/findings"
CARD = re.compile(
    r'<article class="card mb-3 finding" data-rule="(?P<rule>[^"]+)"[^>]*>.*?</span> (?P<title>[^<]*)</h2>'
    r'\s*<p class="mb-2">(?P<signal>[^<]*)</p>',
    re.S,
)


def _page(client: Any) -> list[tuple[str, str, str]]:
    body = client.get(reverse("insights_diagnostics", args=["lens"])).content.decode()
    return [tuple(html.unescape(v) for v in m.groups()) for m in CARD.finditer(body)]  # type: ignore[misc]


def test_an_analyst_reads_the_diagnostics_pages_findings_through_the_api(
    client: Any, cast: Any
) -> None:
    grow(cast.lens, 12)
    client.force_login(cast.carol)
    answer = client.get(FINDINGS)
    assert answer.status_code == 200
    found = answer.json()["results"]
    assert found, "the fixture raises findings"
    shown = _page(client)
    assert [(f["rule"], f["title"], f["signal"]) for f in found] == shown
    for f in found:
        assert f["tension_category"]["label"]
        assert f["strategies"]
        assert all(e["title"] for e in f["exercises"])


def test_members_and_viewers_are_refused_the_findings_as_the_page_refuses_them(
    client: Any, cast: Any
) -> None:
    grow(cast.lens, 4)
    for user in (cast.bob, cast.vic):
        client.force_login(user)
        assert client.get(reverse("insights_diagnostics", args=["lens"])).status_code == 403
        answer = client.get(FINDINGS)
        assert answer.status_code == 403
        assert answer["Content-Type"] == "application/problem+json"


def test_a_stranger_gets_404_for_the_findings(client: Any, cast: Any) -> None:
    client.force_login(cast.dave)
    assert client.get(FINDINGS).status_code == 404
