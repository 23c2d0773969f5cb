"""The comparison through the REST API is the comparison page's: the same coalitions side by side
(only those where the caller holds a role, each read as that role), the same figures."""

from __future__ import annotations

import html
import re
from typing import Any

from django.urls import reverse

from coalitionlens.accounts.tests.factories import RoleFactory
from coalitionlens.insights.tests.helpers import grow
from coalitionlens.kit.templatetags.lens import num

COMPARISON = "/api/v1/coalitions/lens/comparison"
CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)


def _page_table(client: Any, query: str, testid: str) -> list[list[str]]:
    """The page's table ``testid``: its rows of measures (label, then each column as written)."""
    body = client.get(reverse("insights_compare", args=["lens"]) + query).content.decode()
    table = body.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    rows = []
    for row in table.split("<tbody>", 1)[1].split("<tr")[1:]:
        if 'scope="rowgroup"' in row:
            continue  # a section's heading
        rows.append([html.unescape(c).strip() for c in CELL.findall(row)])
    return rows


def _api_table(table: dict[str, Any]) -> list[list[str]]:
    return [[r["measure"], *(num(v) for v in r["values"]), r["source"]] for r in table["rows"]]


def test_the_api_compares_the_coalitions_the_page_compares_with_the_same_figures(
    client: Any, cast: Any
) -> None:
    grow(cast.lens, 6)
    grow(cast.other, 8)
    RoleFactory(user=cast.carol, coalition=cast.other, role="analyst")
    client.force_login(cast.carol)
    answer = client.get(COMPARISON + "?with=other")
    assert answer.status_code == 200
    body = answer.json()
    assert body["compared"] == ["other"]
    assert body["available"] == [{"slug": "other", "name": "Other Coalition"}]
    assert body["coalitions"]["columns"] == ["Lens Coalition", "Other Coalition"]
    side = _page_table(client, "?with=other", "compare-coalitions")
    assert len(side) > 20
    assert _api_table(body["coalitions"]) == side
    assert _api_table(body["periods"]) == _page_table(client, "?with=other", "compare-periods")


def test_a_coalition_where_the_caller_has_no_role_is_never_compared(client: Any, cast: Any) -> None:
    grow(cast.other, 3)
    client.force_login(cast.carol)
    body = client.get(COMPARISON + "?with=other").json()
    assert body["available"] == []
    assert body["compared"] == []
    assert body["coalitions"]["columns"] == ["Lens Coalition"]


def test_a_stranger_gets_404_for_the_comparison(client: Any, cast: Any) -> None:
    client.force_login(cast.dave)
    assert client.get(COMPARISON).status_code == 404
