"""The insight pages answer each role as its permissions say, and read as that role may see."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.insights.tests.helpers import grow
from coalitionlens.tensions.models import Strategy, Tension

PAGES = ["insights_dashboard", "insights_network", "insights_exercises", "insights_compare"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["coordinator", "member", "analyst", "viewer"])
def test_every_role_sees_the_insight_pages(client, cast, page, role):
    grow(cast.lens, 6)
    client.force_login(cast.by_role()[role])
    response = client.get(reverse(page, args=["lens"]))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("role", "status"), [("coordinator", 200), ("analyst", 200), ("member", 403), ("viewer", 403)]
)
def test_diagnostics_are_for_coordinators_and_analysts(client, cast, role, status):
    grow(cast.lens, 6)
    client.force_login(cast.by_role()[role])
    assert client.get(reverse("insights_diagnostics", args=["lens"])).status_code == status


def test_a_chart_is_an_svg_with_text_as_paths_and_its_own_policy(client, cast):
    grow(cast.lens, 6)
    client.force_login(cast.bob)
    response = client.get(reverse("insights_chart", args=["lens"]) + "?name=macro")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content
    assert b"<text" not in response.content  # text drawn as outlines
    assert "script-src" not in response["Content-Security-Policy"]
    assert client.get(reverse("insights_chart", args=["lens"]) + "?name=nope").status_code == 404


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


def test_a_coordinator_turns_a_finding_into_a_tension_and_a_strategy(client, cast):
    grow(cast.lens, 12)
    client.force_login(cast.alice)
    page = client.get(reverse("insights_diagnostics", args=["lens"]))
    items = page.context["items"]
    assert items
    finding = items[0]["finding"]
    response = client.post(
        reverse("insights_adopt", args=["lens"]),
        {
            "rule": finding.rule,
            "key": finding.key,
            "title": "From the diagnostics",
            "strategy": finding.strategies[0],
        },
    )
    assert response.status_code == 302
    tension = Tension.objects.get(coalition=cast.lens, title="From the diagnostics")
    assert tension.category == finding.category
    assert tension.level == finding.level
    strategy = Strategy.objects.get(coalition=cast.lens, tensions=tension)
    assert strategy.category == finding.strategies[0]


def test_an_analyst_cannot_record_a_finding(client, cast):
    grow(cast.lens, 12)
    client.force_login(cast.carol)
    response = client.post(
        reverse("insights_adopt", args=["lens"]), {"rule": "QUIET_MEMBERS", "title": "x"}
    )
    assert response.status_code == 403
    assert not Tension.objects.filter(coalition=cast.lens).exists()


def test_a_finding_that_does_not_hold_is_not_recorded(client, cast):
    client.force_login(cast.alice)
    response = client.post(
        reverse("insights_adopt", args=["lens"]), {"rule": "QUIET_MEMBERS", "title": "x"}
    )
    assert response.status_code == 302
    assert not Tension.objects.filter(coalition=cast.lens).exists()


def test_the_organisation_partial_shows_its_place_in_the_network(client, cast):
    orgs = grow(cast.lens, 6)
    client.force_login(cast.bob)
    response = client.get(reverse("organisation_network", args=["lens", orgs[0].pk]))
    assert response.status_code == 200
    assert b"organisation-network" in response.content
    detail = client.get(reverse("organisation_detail", args=["lens", orgs[0].pk]))
    assert b"organisation-network-loader" in detail.content


def test_comparison_shows_only_coalitions_where_the_user_has_a_role(client, cast):
    from coalitionlens.accounts.tests.factories import RoleFactory

    grow(cast.lens, 5)
    grow(cast.other, 5)
    client.force_login(cast.carol)
    page = client.get(reverse("insights_compare", args=["lens"]) + "?with=other")
    assert page.context["table"].columns == ["Lens Coalition"]
    RoleFactory(user=cast.carol, coalition=cast.other, role="analyst")
    page = client.get(reverse("insights_compare", args=["lens"]) + "?with=other")
    assert page.context["table"].columns == ["Lens Coalition", "Other Coalition"]
