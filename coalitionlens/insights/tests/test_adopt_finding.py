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


def test_recording_the_same_finding_again_opens_the_tension_already_recorded(client, cast):
    grow(cast.lens, 12)
    client.force_login(cast.alice)
    finding = client.get(reverse("insights_diagnostics", args=["lens"])).context["items"][0][
        "finding"
    ]
    data = {"rule": finding.rule, "key": finding.key, "title": "First", "strategy": ""}
    first = client.post(reverse("insights_adopt", args=["lens"]), data)
    again = client.post(reverse("insights_adopt", args=["lens"]), {**data, "title": "Second"})
    tension = Tension.objects.get(coalition=cast.lens)
    assert tension.title == "First"
    assert tension.finding_rule == finding.rule
    assert tension.finding_key == finding.key
    assert tension.finding_evidence == dict(finding.evidence)
    assert first.status_code == again.status_code == 302
    url = first["Location"]
    assert again["Location"] == url
    assert url.endswith(f"/{tension.pk}/")
    page = client.get(reverse("insights_diagnostics", args=["lens"]))
    item = next(i for i in page.context["items"] if i["finding"].rule == finding.rule)
    assert item["recorded"] == tension
    assert url in page.content.decode()


def test_the_service_itself_never_records_a_finding_twice(cast):
    import datetime as dt

    from coalitionlens.insights.facts import coalition_findings
    from coalitionlens.insights.services import finding_adopt

    grow(cast.lens, 12)
    finding = coalition_findings(cast.lens, "coordinator")[0]
    kwargs = {
        "coalition": cast.lens,
        "finding": finding,
        "observed_on": dt.date(2026, 1, 1),
        "actor": cast.alice,
    }
    first, _s = finding_adopt(title="One", strategy_category=finding.strategies[0], **kwargs)
    second, strategy = finding_adopt(title="Two", strategy_category=finding.strategies[0], **kwargs)
    assert second == first
    assert strategy is None
    assert Tension.objects.filter(coalition=cast.lens).count() == 1
    assert Strategy.objects.filter(coalition=cast.lens).count() == 1
