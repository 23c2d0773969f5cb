"""The REST API's seats on government bodies (``/api/v1/coalitions/{slug}/seats``): read only."""

from __future__ import annotations

from typing import Any

from coalitionlens.coalitions.tests.factories import GovernmentSeatFactory
from coalitionlens.conftest import Cast

LIST = "/api/v1/coalitions/lens/seats"


def test_seats_are_listed_as_on_the_page_and_hidden_from_strangers(client: Any, cast: Cast) -> None:
    seat = GovernmentSeatFactory(coalition=cast.lens)
    client.force_login(cast.vic)
    page = client.get("/c/lens/seats/").content.decode()
    assert seat.body.name in page
    rows = client.get(LIST).json()["results"]
    assert [(r["id"], r["body"], r["body_name"]) for r in rows] == [
        (seat.pk, seat.body_id, seat.body.name)
    ]
    client.force_login(cast.dave)
    assert client.get(LIST).status_code == 404
    assert client.get(f"{LIST}/{seat.pk}").status_code == 404
