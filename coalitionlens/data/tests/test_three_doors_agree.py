"""Three doors, one truth (issue 14): the demo coalition zembora read by an analyst's personal access
token through the REST API and by ``coalitionlens.data.load`` for the analyst role gives the rows
and measures of the analyst's own pages: the same organisations as the directory, the same ties,
the same network table (to the digit the page writes)."""

from __future__ import annotations

from typing import Any

import pytest

import coalitionlens.data as cld
from coalitionlens.accounts.models import User
from coalitionlens.accounts.tokens import token_create
from coalitionlens.coalitions.models import Coalition
from coalitionlens.data.tests.test_load import (
    SLUG,
    as_page_writes,
    directory_names,
    network_page,
    zembora,
)
from coalitionlens.kit.templatetags.lens import count, num

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
__all__ = ["zembora"]  # the fixture, loaded once from the data tests


def _all(client: Any, url: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    """Every item of a paged API list, following its ``next`` links."""
    items: list[dict[str, Any]] = []
    next_url: str | None = f"{url}?limit=500"
    while next_url:
        answer = client.get(next_url, **headers)
        assert answer.status_code == 200, (next_url, answer.content[:300])
        page = answer.json()
        items += page["results"]
        next_url = page["next"]
    return items


def _api_row(r: dict[str, Any]) -> tuple[str, ...]:
    """An API measures row written as the page writes its row."""
    return (
        r["name"],
        r["sector"],
        count(r["degree"]),
        num(r["betweenness"]),
        num(r["ei_index"]),
        num(r["constraint"]),
        count(r["brokerage"]),
    )


def _ties(pairs: Any) -> set[tuple[int, int, float]]:
    return {(min(s, t), max(s, t), round(float(w), 6)) for s, t, w in pairs}


def test_the_api_the_python_api_and_the_analyst_pages_give_the_same_coalition(
    client, zembora: Coalition, settings
):
    settings.COALITIONLENS_TOKEN_REQUESTS_PER_MINUTE = 100_000
    analyst = User.objects.get(email=f"analyst@{SLUG}.demo")
    _t, raw = token_create(user=analyst, coalition=zembora, role="analyst")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    base = f"/api/v1/coalitions/{SLUG}"

    api_orgs = _all(client, f"{base}/organisations", bearer)
    api_rows = _all(client, f"{base}/network/measures", bearer)
    api_map = client.get(f"{base}/network", **bearer).json()
    data = cld.load(SLUG, role="analyst")
    page_rows = network_page(client, "analyst")  # signs the analyst in for the page
    page_names = directory_names(client)

    # the same organisations: the directory's, the API's list, the frames', the map's
    assert len(api_orgs) > 30
    assert {o["name"] for o in api_orgs} == page_names == set(data.organisations["name"])
    assert {o["id"] for o in api_orgs} == set(data.organisations["id"])
    assert {n["id"] for n in api_map["nodes"]} == set(data.measures.index)
    # the same ties: the API's map and the frame's
    assert api_map["ties"] == len(api_map["edges"]) == len(data.ties) > 0
    api_ties = _ties((e["source"], e["target"], e["weight"]) for e in api_map["edges"])
    frame_ties = _ties(
        zip(data.ties["source"], data.ties["target"], data.ties["weight"], strict=True)
    )
    assert api_ties == frame_ties
    # the same measures, as the page writes them
    assert sorted(_api_row(r) for r in api_rows) == sorted(page_rows)
    assert sorted(as_page_writes(data)) == sorted(page_rows)
