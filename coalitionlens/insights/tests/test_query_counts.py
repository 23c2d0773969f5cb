"""Dashboard, network and comparison pages run a constant number of queries whatever the data size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalitionlens.insights.tests.helpers import grow

PAGES = [
    "insights_dashboard",
    "insights_network",
    "insights_network_data",
    "insights_diagnostics",
    "insights_compare",
    "insights_timeline",
]


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_an_insight_page_costs_the_same_queries_at_two_sizes(client, cast, page):
    client.force_login(cast.alice)
    url = reverse(page, args=["lens"])
    grow(cast.lens, 5)
    client.get(url)  # the first request of a session also writes the session
    grow(cast.lens, 1)
    small = _count(client, url)
    grow(cast.lens, 40)
    large = _count(client, url)
    assert large == small, f"{page}: {small} queries at 6 organisations, {large} at 46"
