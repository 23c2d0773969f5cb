"""The network's dates as a person gives them: *From* and *Until* are both days the window holds.
An engagement dated on the Until day is on the network page, in the map's data (the filtered
network the page downloads) and in the API's network; one dated the day after is not; the From day
is in too and the day before it is not. The page shows back the day the person chose."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.urls import reverse

from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.engagements.models import Participation
from coalitionlens.engagements.tests.factories import EngagementFactory
from coalitionlens.insights.forms import NetworkFilterForm

FROM, UNTIL = dt.date(2025, 6, 1), dt.date(2025, 6, 30)
DAYS = {
    "Day-before shelter": FROM - dt.timedelta(days=1),
    "From-day shelter": FROM,
    "Until-day shelter": UNTIL,
    "Day-after shelter": UNTIL + dt.timedelta(days=1),
}
IN_WINDOW = {"From-day shelter", "Until-day shelter"}
QUERY = {"start": FROM.isoformat(), "end": UNTIL.isoformat(), "mode": "ENGAGEMENT_PRACTICE"}
ROW = re.compile(
    r'<tr data-node="\d+"><td><a href="[^"]+">(?P<name>[^<]*)</a></td><td>[^<]*</td>'
    r'<td class="text-end">(?P<degree>[^<]*)</td>'
)


@pytest.fixture
def dated(cast: Any) -> dict[int, str]:
    """One engagement a day around the window, each with its own counterpart: id → name."""
    names = {}
    for name, day in DAYS.items():
        org = OrganisationFactory(
            coalition=cast.lens, name=name, sector=core_sector("CIVIL_SOCIETY")
        )
        e = EngagementFactory(coalition=cast.lens, date=day)
        Participation.objects.create(
            coalition=cast.lens, engagement=e, organisation=org, role="COUNTERPART"
        )
        names[org.pk] = name
    return names


def test_the_form_reads_until_as_the_last_day_in_and_shows_that_day_back() -> None:
    form = NetworkFilterForm(QUERY)
    filters = form.filters()
    assert (filters.start, filters.end) == (FROM, UNTIL + dt.timedelta(days=1))
    assert f'value="{UNTIL.isoformat()}"' in str(form["end"])
    assert NetworkFilterForm({}).filters().end is None


def test_the_last_day_a_date_can_be_leaves_the_window_open_instead_of_overflowing(
    client: Any, cast: Any
) -> None:
    assert NetworkFilterForm({"end": "9999-12-31"}).filters().end is None
    client.force_login(cast.carol)
    answer = client.get(reverse("insights_network", args=["lens"]), {"end": "9999-12-31"})
    assert answer.status_code == 200


def test_the_network_page_holds_the_until_day_and_the_from_day(
    client: Any, cast: Any, dated: dict[int, str]
) -> None:
    client.force_login(cast.carol)
    body = client.get(reverse("insights_network", args=["lens"]), QUERY).content.decode()
    degree = {html.unescape(m["name"]): m["degree"] for m in ROW.finditer(body)}
    assert set(DAYS) <= set(degree)  # every one of the four is a row of the table
    assert {name for name in DAYS if degree[name] != "0"} == IN_WINDOW
    # the filters show the day chosen, not the first day out
    assert f'name="end" value="{UNTIL.isoformat()}"' in body
    assert f'name="start" value="{FROM.isoformat()}"' in body


def test_the_maps_data_holds_the_until_day_and_the_from_day(
    client: Any, cast: Any, dated: dict[int, str]
) -> None:
    client.force_login(cast.carol)
    data = client.get(reverse("insights_network_data", args=["lens"]), QUERY).json()
    tied = {int(e["s"]) for e in data["edges"]} | {int(e["t"]) for e in data["edges"]}
    assert {dated[pk] for pk in tied if pk in dated} == IN_WINDOW


def test_the_api_network_holds_the_until_day_and_the_from_day(
    client: Any, cast: Any, dated: dict[int, str]
) -> None:
    client.force_login(cast.carol)
    answer = client.get("/api/v1/coalitions/lens/network", QUERY)
    assert answer.status_code == 200, answer.content[:300]
    edges = answer.json()["edges"]
    tied = {e["source"] for e in edges} | {e["target"] for e in edges}
    assert {dated[pk] for pk in tied if pk in dated} == IN_WINDOW
    table = client.get("/api/v1/coalitions/lens/network/measures", {**QUERY, "limit": 500})
    assert table.status_code == 200, table.content[:300]
    degree = {r["name"]: r["degree"] for r in table.json()["results"]}
    assert {name for name in DAYS if degree.get(name)} == IN_WINDOW


def test_the_api_describes_until_as_inclusive(client: Any, db: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    params = {
        p["name"]: p
        for p in schema["paths"]["/api/v1/coalitions/{slug}/network"]["get"]["parameters"]
    }
    assert params["end"]["description"] == "Engagements up to and including this date."


def test_an_until_before_from_is_refused_where_it_was_typed(
    client: Any, cast: Any, dated: dict[int, str]
) -> None:
    """A reversed window is not silently an empty network: the page marks the Until field, says
    no filter is applied and shows the whole network; the API answers 422 at ``query.end``."""
    reversed_ = {"start": UNTIL.isoformat(), "end": FROM.isoformat()}
    assert not NetworkFilterForm(reversed_).is_valid()
    client.force_login(cast.carol)
    page = client.get(reverse("insights_network", args=["lens"]), reversed_)
    assert page.status_code == 200
    text = html.unescape(page.content.decode())
    assert "“Until” is before “From”." in text
    assert 'id="filters-not-applied"' in text
    degree = {m["name"]: m["degree"] for m in ROW.finditer(text)}
    assert {name for name in DAYS if degree[name] != "0"} == set(DAYS)  # every day's tie
    api = client.get("/api/v1/coalitions/lens/network", reversed_)
    assert api.status_code == 422
    body = api.json()
    assert [e["loc"] for e in body["errors"]] == [["query", "end"]]
