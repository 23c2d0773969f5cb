"""The diagnostics page's "record this finding": a coordinator turns a finding into a tension and a strategy; no one else may, and a finding that does not hold is not recorded."""

from __future__ import annotations

from django.urls import reverse

from coalitionlens.insights.tests.helpers import grow
from coalitionlens.tensions.models import Strategy, Tension


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
