"""The REST API's partnerships (``/api/v1/coalitions/{slug}/partnerships``), written through the
partnership form: purposes from the vocabulary, dates in order."""

from __future__ import annotations

import json
from typing import Any

from coalitionlens.coalitions.models import Partnership
from coalitionlens.coalitions.tests.factories import OrganisationFactory, PartnershipFactory
from coalitionlens.conftest import Cast

LIST = "/api/v1/coalitions/lens/partnerships"


def test_partnerships_are_read_and_changed_as_their_pages_do(client: Any, cast: Cast) -> None:
    org = OrganisationFactory(coalition=cast.lens, name="Alder Shelter")
    p = PartnershipFactory(coalition=cast.lens, organisation=org)
    client.force_login(cast.carol)
    page = client.get("/c/lens/partnerships/").content.decode()
    assert "Alder Shelter" in page
    rows = client.get(LIST).json()["results"]
    assert [r["id"] for r in rows] == [p.pk]
    client.force_login(cast.alice)
    url = f"{LIST}/{p.pk}"
    backwards = client.patch(
        url,
        json.dumps({"started_on": "2025-01-01", "ended_on": "2024-01-01"}),
        content_type="application/json",
    )
    assert backwards.status_code == 422
    assert [e["loc"] for e in backwards.json()["errors"]] == [["body", "ended_on"]]
    unknown = client.patch(url, json.dumps({"purposes": ["NOPE"]}), content_type="application/json")
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["loc"][:2] == ["body", "purposes"]
    ok = client.patch(
        url, json.dumps({"purposes": ["PREVENTION"], "level": 3}), content_type="application/json"
    )
    assert ok.status_code == 200, ok.content
    p.refresh_from_db()
    assert (p.purposes, p.level, p.organisation_id) == (["PREVENTION"], 3, org.pk)
    assert ok.json()["purposes"] == ["PREVENTION"]


def test_a_coordinator_adds_a_partnership(client: Any, cast: Cast) -> None:
    org = OrganisationFactory(coalition=cast.lens, name="Alder Shelter")
    client.force_login(cast.alice)
    made = client.post(
        LIST,
        json.dumps({"organisation": org.pk, "partnership_type": "FUNDING"}),
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["formality"] == "INFORMAL"  # the model's default, as the form leaves it
    assert Partnership.objects.filter(coalition=cast.lens, organisation=org).count() == 1
