"""The REST API's fundings (``/api/v1/coalitions/{slug}/fundings``): read by coordinators and
analysts, written by coordinators through the funding form; refused to members and viewers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from coalitionlens.coalitions.models import Funding
from coalitionlens.coalitions.tests.factories import FundingFactory, OrganisationFactory
from coalitionlens.conftest import Cast

LIST = "/api/v1/coalitions/lens/fundings"


def test_fundings_are_read_filtered_and_changed_as_their_pages_do(client: Any, cast: Cast) -> None:
    donor = OrganisationFactory(coalition=cast.lens, name="Fictional Kapok Trust")
    f = FundingFactory(funder=donor, amount_band="F_OVER_1M", amount=1500000, currency="EUR")
    FundingFactory(funder=OrganisationFactory(coalition=cast.lens), amount_band="F_UNDER_10K")
    client.force_login(cast.carol)
    rows = client.get(LIST, {"band": "F_OVER_1M"}).json()["results"]
    assert [(r["id"], r["funder_name"], r["amount"], r["recipient"]) for r in rows] == [
        (f.pk, "Fictional Kapok Trust", 1500000.0, None)
    ]
    assert client.get(LIST, {"band": "NOPE"}).status_code == 422
    assert client.patch(f"{LIST}/{f.pk}", "{}", content_type="application/json").status_code == 403
    client.force_login(cast.alice)
    no_currency = client.patch(
        f"{LIST}/{f.pk}", json.dumps({"currency": ""}), content_type="application/json"
    )
    assert no_currency.status_code == 422
    assert [e["loc"] for e in no_currency.json()["errors"]] == [["body", "currency"]]
    ok = client.patch(
        f"{LIST}/{f.pk}", json.dumps({"amount_band": "F_250K_1M"}), content_type="application/json"
    )
    assert ok.status_code == 200, ok.content
    f.refresh_from_db()
    assert (f.amount_band, f.currency) == ("F_250K_1M", "EUR")


def test_a_coordinator_adds_a_funding_flow_to_the_coalition(client: Any, cast: Cast) -> None:
    donor = OrganisationFactory(coalition=cast.lens)
    client.force_login(cast.alice)
    made = client.post(
        LIST,
        json.dumps({"funder": donor.pk, "amount_band": "F_10K_50K"}),
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert Funding.objects.get(coalition=cast.lens).recipient is None


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_members_and_viewers_read_no_funding(client: Any, cast: Cast, role: str) -> None:
    f = FundingFactory(funder=OrganisationFactory(coalition=cast.lens, name="Fictional Kapok"))
    client.force_login(cast.by_role()[role])
    for url in (LIST, f"{LIST}/{f.pk}", f"{LIST}?funder={f.funder_id}&sort=band"):
        response = client.get(url)
        assert response.status_code == 403, (role, url)
        assert "Kapok" not in response.content.decode()
    made = client.post(
        LIST,
        json.dumps({"funder": f.funder_id, "amount_band": "F_10K_50K"}),
        content_type="application/json",
    )
    assert made.status_code == 403
    assert Funding.objects.count() == 1
