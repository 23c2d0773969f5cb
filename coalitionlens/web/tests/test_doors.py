"""The every-door helper (doors.py) sees what it looks for: a hidden word at any door, a door of
the hidden record's own that answers, and nothing the asker's own query put there."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from coalitionlens.web.tests import doors


class _Client:
    """Answers each door (no URL of the site: this module requests no page) with a fixed status and body, as the test client would."""

    def __init__(self, pages: dict[str, tuple[int, str]]) -> None:
        self.pages = pages
        self.sent: list[dict[str, Any]] = []

    def get(self, url: str, **headers: Any) -> Any:
        self.sent.append(headers)
        status, body = self.pages[url]
        return SimpleNamespace(status_code=status, streaming=False, content=body.encode())


def test_a_hidden_word_at_any_door_fails_and_names_the_door() -> None:
    client = _Client({"door-a": (200, "nothing"), "door-b": (200, "the secret")})
    with pytest.raises(AssertionError, match="door-b shows 'secret' to viewer"):
        doors.assert_no_door_shows(client, ["door-a", "door-b"], ["secret"], who="viewer")
    report = doors.Door("the report", lambda: b"a secret")
    with pytest.raises(AssertionError, match="the report shows"):
        doors.assert_no_door_shows(client, [report], ["secret"], who="viewer")


def test_the_hidden_records_own_door_must_refuse() -> None:
    client = _Client({"x/fundings/1/": (200, "nothing"), "x/home/": (200, "nothing")})
    with pytest.raises(AssertionError, match="x/fundings/1/ answers 200"):
        doors.assert_no_door_shows(
            client, ["x/home/", "x/fundings/1/"], ["x"], who="m", refused_at="/fundings/"
        )
    client.pages["x/fundings/1/"] = (403, "nothing")
    assert (
        doors.assert_no_door_shows(
            client, ["x/home/", "x/fundings/1/"], ["x"], who="m", refused_at="/fundings/"
        )
        == 2
    )


def test_only_the_askers_own_query_is_taken_out_and_the_headers_are_sent() -> None:
    client = _Client({"x/?q=secret": (200, 'value="secret" and secret')})
    with pytest.raises(AssertionError):
        doors.assert_no_door_shows(
            client, ["x/?q=secret"], ["secret"], who="m", echoed=['value="secret"']
        )
    client.pages["x/?q=secret"] = (200, '<input value="secret">')
    headers = {"HTTP_AUTHORIZATION": "Bearer t"}
    doors.assert_no_door_shows(
        client, ["x/?q=secret"], ["secret"], who="m", echoed=['value="secret"'], headers=headers
    )
    assert client.sent[-1] == headers
