"""The network map's data reads as the role may see."""

from __future__ import annotations

from django.urls import reverse

from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.insights.tests.helpers import grow


def test_the_network_data_hides_a_counterpart_the_role_may_not_read(client, cast):
    hidden = OrganisationFactory(
        coalition=cast.lens, name="Border unit X", sector=core_sector("LAW_ENFORCEMENT")
    )
    grow(cast.lens, 6, confidential_counterpart=hidden)
    url = reverse("insights_network_data", args=["lens"])
    client.force_login(cast.alice)
    data = client.get(url).json()
    tied = {e["s"] for e in data["edges"]} | {e["t"] for e in data["edges"]}
    assert str(hidden.pk) in tied
    client.force_login(cast.bob)
    data = client.get(url).json()
    tied = {e["s"] for e in data["edges"]} | {e["t"] for e in data["edges"]}
    assert str(hidden.pk) not in tied
