"""Every list page of every app, and the coalition's home page, open for every role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.engagements.tests.factories import EngagementFactory

LISTS = [
    "organisation_list",
    "membership_list",
    "partnership_list",
    "unit_list",
    "unitmember_list",
    "seat_list",
    "observation_list",
    "sector_list",
    "engagement_list",
    "strategy_list",
]


@pytest.mark.parametrize("role", ["coordinator", "member", "analyst", "viewer"])
def test_every_list_page_opens_for_every_role(client, cast, role):
    OrganisationFactory(coalition=cast.lens, name="Hill Shelter")
    EngagementFactory(coalition=cast.lens)
    client.force_login(cast.by_role()[role])
    for name in LISTS:
        response = client.get(reverse(name, args=["lens"]))
        assert response.status_code == 200, name
    assert client.get(reverse("coalition_home", args=["lens"])).status_code == 200
