"""The funding pages (``/c/<slug>/fundings/``): coordinators and analysts read the flows, filtered
by funder, recipient, band and the day they run on, and sorted; coordinators write them through the
form (once-key, audit); members and viewers are refused every page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

from coalitionlens.audit.models import AuditEntry
from coalitionlens.coalitions.models import Funding
from coalitionlens.coalitions.tests.factories import FundingFactory, OrganisationFactory
from coalitionlens.conftest import Cast

LIST = reverse("funding_list", args=["lens"])


@pytest.fixture
def flows(cast: Cast) -> dict[str, Any]:
    donor = OrganisationFactory(coalition=cast.lens, name="Fictional Kapok Trust", origin="FOREIGN")
    bank = OrganisationFactory(coalition=cast.lens, name="Fictional Lotus Bank")
    shelter = OrganisationFactory(coalition=cast.lens, name="Fictional Mango Shelter")
    return {
        "donor": donor,
        "shelter": shelter,
        "old": FundingFactory(
            funder=donor,
            recipient=shelter,
            amount_band="F_OVER_1M",
            started_on=dt.date(2020, 1, 1),
            ended_on=dt.date(2021, 12, 31),
        ),
        "current": FundingFactory(
            funder=bank, recipient=None, amount_band="F_10K_50K", started_on=dt.date(2024, 1, 1)
        ),
    }


def _names(response: Any) -> list[str]:
    """The funders the list's rows name, in order (not the filter's choices)."""
    rows = response.content.decode().split("<tbody>", 1)[1]
    return re.findall(r"Fictional (?:Kapok Trust|Lotus Bank)", rows)


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_coordinators_and_analysts_filter_and_sort_the_funding_list(
    client: Any, cast: Cast, flows: dict[str, Any], who: str
) -> None:
    client.force_login(getattr(cast, who))
    assert _names(client.get(LIST)) == ["Fictional Kapok Trust", "Fictional Lotus Bank"]
    assert _names(client.get(LIST, {"funder": flows["donor"].pk})) == ["Fictional Kapok Trust"]
    assert _names(client.get(LIST, {"recipient": "coalition"})) == ["Fictional Lotus Bank"]
    assert _names(client.get(LIST, {"recipient": flows["shelter"].pk})) == ["Fictional Kapok Trust"]
    assert _names(client.get(LIST, {"band": "F_10K_50K"})) == ["Fictional Lotus Bank"]
    assert _names(client.get(LIST, {"active_on": "2021-06-01"})) == ["Fictional Kapok Trust"]
    assert _names(client.get(LIST, {"active_on": "2025-06-01"})) == ["Fictional Lotus Bank"]
    assert _names(client.get(LIST, {"sort": "-started_on"})) == [
        "Fictional Lotus Bank",
        "Fictional Kapok Trust",
    ]
    detail = client.get(reverse("funding_detail", args=["lens", flows["old"].pk]))
    assert detail.status_code == 200
    assert "Fictional Mango Shelter" in detail.content.decode()


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_members_and_viewers_are_refused_every_funding_page(
    client: Any, cast: Cast, flows: dict[str, Any], role: str
) -> None:
    client.force_login(cast.by_role()[role])
    pk = flows["old"].pk
    for url in [
        LIST,
        LIST + f"?funder={flows['donor'].pk}&sort=band",
        reverse("funding_detail", args=["lens", pk]),
        reverse("funding_create", args=["lens"]),
        reverse("funding_edit", args=["lens", pk]),
        reverse("funding_delete", args=["lens", pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 403, (role, url)
        assert "Kapok" not in response.content.decode(), (role, url)
    assert client.post(reverse("funding_delete", args=["lens", pk])).status_code == 403
    assert Funding.objects.filter(pk=pk).exists()


def test_an_analyst_reads_but_cannot_write_funding(
    client: Any, cast: Cast, flows: dict[str, Any]
) -> None:
    client.force_login(cast.carol)
    pk = flows["old"].pk
    assert client.get(reverse("funding_edit", args=["lens", pk])).status_code == 403
    assert client.post(reverse("funding_delete", args=["lens", pk])).status_code == 403
    assert 'data-testid="create"' not in client.get(LIST).content.decode()


def test_a_coordinator_records_a_funding_flow_with_its_band(
    client: Any, cast: Cast, flows: dict[str, Any]
) -> None:
    client.force_login(cast.alice)
    url = reverse("funding_create", args=["lens"])
    form = client.get(url).content.decode()
    assert "The coalition itself" in form
    key = re.search(r'name="once_key" value="([0-9a-f]{32})"', form).group(1)
    data = {
        "once_key": key,
        "funder": flows["donor"].pk,
        "recipient": flows["donor"].pk,
        "amount_band": "F_50K_250K",
        "amount": "120000",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "cannot fund itself" in refused.content.decode()
    no_currency = client.post(url, {**data, "recipient": ""})
    assert "needs a currency" in no_currency.content.decode()
    not_a_code = client.post(url, {**data, "recipient": "", "currency": "us$"})
    assert not_a_code.status_code == 400
    assert "three-letter code (ISO 4217)" in not_a_code.content.decode()
    outside = client.post(url, {**data, "recipient": "", "currency": "usd", "amount": "5000000"})
    assert outside.status_code == 400
    assert "USD is outside the band chosen" in outside.content.decode()
    response = client.post(url, {**data, "recipient": "", "currency": "usd"})
    assert response.status_code == 302
    made = Funding.objects.get(coalition=cast.lens, amount_band="F_50K_250K")
    assert (made.recipient, made.currency, made.amount) == (None, "USD", 120000)
    assert AuditEntry.objects.filter(coalition_id=cast.lens.pk, summary__contains="Kapok").exists()
    # in another currency the amount is not checked against the dollar bands (a new form: a new key)
    key = re.search(r'name="once_key" value="([0-9a-f]{32})"', client.get(url).content.decode())
    baht = {**data, "once_key": key.group(1), "recipient": "", "currency": "THB", "amount": "5e6"}
    assert client.post(url, baht).status_code == 302
    assert Funding.objects.filter(coalition=cast.lens, currency="THB").exists()
