"""The REST API's memberships (``/api/v1/coalitions/{slug}/memberships``): the list page's rows,
written through the membership form (its rules answer 422 at the field) and audited."""

from __future__ import annotations

import json
from typing import Any

from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.coalitions.models import Membership
from coalitionlens.coalitions.tests.factories import MembershipFactory, OrganisationFactory
from coalitionlens.conftest import Cast

LIST = "/api/v1/coalitions/lens/memberships"


def _post(client: Any, body: dict[str, Any]) -> Any:
    return client.post(LIST, json.dumps(body), content_type="application/json")


def test_every_role_reads_the_memberships_the_list_page_lists(client: Any, cast: Cast) -> None:
    org = OrganisationFactory(coalition=cast.lens, name="Alder Shelter")
    MembershipFactory(coalition=cast.lens, organisation=org, tier="FULL")
    MembershipFactory(coalition=cast.other, organisation__coalition=cast.other)
    client.force_login(cast.vic)
    page = client.get("/c/lens/memberships/").content.decode()
    rows = client.get(LIST).json()["results"]
    assert [(r["organisation"], r["organisation_name"], r["tier"]) for r in rows] == [
        (org.pk, "Alder Shelter", "FULL")
    ]
    assert "Alder Shelter" in page
    one = client.get(f"{LIST}/{rows[0]['id']}").json()
    assert one == rows[0]


def test_a_coordinator_adds_a_membership_and_the_forms_rules_apply(client: Any, cast: Cast) -> None:
    org = OrganisationFactory(coalition=cast.lens, name="Alder Shelter")
    client.force_login(cast.alice)
    lapsed = _post(client, {"organisation": org.pk, "status": "LAPSED"})
    assert lapsed.status_code == 422
    assert [e["loc"] for e in lapsed.json()["errors"]] == [["body", "ended_on"]]
    foreign = OrganisationFactory(coalition=cast.other, name="Elsewhere Trust")
    assert _post(client, {"organisation": foreign.pk}).json()["errors"][0]["loc"] == [
        "body",
        "organisation",
    ]
    made = _post(client, {"organisation": org.pk, "joined_on": "2024-05-01"})
    assert made.status_code == 201, made.content
    m = Membership.objects.get(coalition=cast.lens)
    assert str(m.joined_on) == "2024-05-01"
    assert AuditEntry.objects.filter(action=Action.CREATE, object_id=str(m.pk)).count() == 1
    client.force_login(cast.bob)
    assert _post(client, {"organisation": org.pk}).status_code == 403
    assert Membership.objects.filter(coalition=cast.lens).count() == 1
