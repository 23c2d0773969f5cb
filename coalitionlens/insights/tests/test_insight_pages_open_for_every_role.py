"""Every insight page opens for every role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitionlens.insights.tests.helpers import grow

PAGES = [
    "insights_dashboard",
    "insights_network",
    "insights_exercises",
    "insights_compare",
    "insights_timeline",
]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["coordinator", "member", "analyst", "viewer"])
def test_every_role_sees_the_insight_pages(client, cast, page, role):
    grow(cast.lens, 6)
    client.force_login(cast.by_role()[role])
    response = client.get(reverse(page, args=["lens"]))
    assert response.status_code == 200
