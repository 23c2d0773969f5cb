"""The REST API's structural units (``/api/v1/coalitions/{slug}/units``): read only, as listed on
the units page, each with its member count."""

from __future__ import annotations

from typing import Any

from coalitionlens.coalitions.tests.factories import UnitFactory, UnitMemberFactory
from coalitionlens.conftest import Cast

LIST = "/api/v1/coalitions/lens/units"


def test_units_are_listed_with_their_member_counts_as_on_the_page(client: Any, cast: Cast) -> None:
    board = UnitFactory(coalition=cast.lens, name="Board")
    UnitMemberFactory(unit=board)
    UnitMemberFactory(unit=board)
    UnitFactory(coalition=cast.other, name="Their board")
    client.force_login(cast.bob)
    page = client.get("/c/lens/units/").content.decode()
    assert "Board" in page
    rows = client.get(LIST).json()["results"]
    assert [(r["name"], r["members"]) for r in rows] == [("Board", 2)]
    assert client.get(f"{LIST}/{board.pk}").json() == rows[0]
    refused = client.post(LIST, {}, content_type="application/json")  # read only
    assert refused.status_code == 405
    assert refused["Content-Type"] == "application/problem+json"
    assert refused["Allow"] == "GET"
    client.force_login(cast.dave)
    assert client.get(f"{LIST}/{board.pk}").status_code == 404
