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


def test_the_start_page_sends_a_one_coalition_user_to_it(client, cast):
    client.force_login(cast.alice)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("coalition_home", args=["lens"])


def test_a_stranger_is_sent_to_sign_in(client, cast):
    response = client.get(reverse("organisation_list", args=["lens"]))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
