"""The network through the REST API (``/api/v1/coalitions/<slug>/network`` and its measures table)
is the network page's: the same ties the map draws and the same figures its table shows, for the
caller's role; never a tie the role's map leaves out; 404 for a stranger."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.urls import reverse

from coalitionlens.accounts.models import User
from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.demo.load import load_demo
from coalitionlens.insights.tests.helpers import grow
from coalitionlens.kit.templatetags.lens import count, num

SLUG = "marivo"
ROW = re.compile(
    r'<tr[^>]*><td><a href="[^"]+">(?P<name>[^<]*)</a></td><td>(?P<sector>[^<]*)</td>'
    r'<td class="text-end">(?P<degree>[^<]*)</td><td class="text-end">(?P<btw>[^<]*)</td>'
    r'<td class="text-end">(?P<ei>[^<]*)</td><td class="text-end">(?P<constraint>[^<]*)</td>'
    r'<td class="text-end">(?P<brokerage>[^<]*)</td>'
)


def _page_table(client: Any, slug: str, query: str = "") -> list[tuple[str, ...]]:
    """The network page's table as its reader sees it, row by row, every cell as written."""
    body = client.get(reverse("insights_network", args=[slug]) + query).content.decode()
    table = body.split('data-testid="network-table"', 1)[1].split("</table>", 1)[0]
    rows = [tuple(html.unescape(v) for v in m.groups()) for m in ROW.finditer(table)]
    assert len(rows) == table.count("<tr") - 1  # every row read (the head has one <tr>)
    return rows


def _api_table(client: Any, slug: str, query: str = "") -> list[tuple[str, ...]]:
    """The API's measures table, written as the page writes each figure."""
    url = f"/api/v1/coalitions/{slug}/network/measures?limit=500{query}"
    answer = client.get(url)
    assert answer.status_code == 200, answer.content[:300]
    body = answer.json()
    assert body["count"] == len(body["results"])
    return [
        (
            r["name"],
            r["sector"],
            count(r["degree"]),
            num(r["betweenness"]),
            num(r["ei_index"]),
            num(r["constraint"]),
            count(r["brokerage"]),
        )
        for r in body["results"]
    ]


@pytest.mark.slow
def test_an_analyst_reads_the_network_pages_ties_and_measures_through_the_api(
    client: Any, db: Any
) -> None:
    load_demo(only=[SLUG])
    client.force_login(User.objects.get(email=f"analyst@{SLUG}.demo"))
    drawn = client.get(reverse("insights_network_data", args=[SLUG])).json()
    answer = client.get(f"/api/v1/coalitions/{SLUG}/network")
    assert answer.status_code == 200
    network = answer.json()
    assert len(network["edges"]) > 100
    assert {(e["source"], e["target"], e["weight"]) for e in network["edges"]} == {
        (int(e["s"]), int(e["t"]), e["w"]) for e in drawn["edges"]
    }
    assert {n["id"]: n["measures"]["betweenness"] for n in network["nodes"]} == {
        int(n["id"]): n["betweenness"] for n in drawn["nodes"]
    }
    assert network["ties"] == len(drawn["edges"])
    page = _page_table(client, SLUG)
    assert len(page) > 30
    assert _api_table(client, SLUG) == page


def test_the_api_filters_the_network_as_the_page_does(client: Any, cast: Any) -> None:
    grow(cast.lens, 10)
    client.force_login(cast.carol)
    query = "&mode=ENGAGEMENT_PRACTICE&practice=POLICY_CONSULTATION"
    filtered = _api_table(client, "lens", query)
    assert filtered == _page_table(client, "lens", "?" + query.lstrip("&"))
    assert filtered != _api_table(client, "lens")  # the filter changed the figures


def test_a_member_gets_no_tie_the_members_map_leaves_out(client: Any, cast: Any) -> None:
    hidden = OrganisationFactory(
        coalition=cast.lens, name="Border unit X", sector=core_sector("LAW_ENFORCEMENT")
    )
    grow(cast.lens, 6, confidential_counterpart=hidden)

    def tied(user: Any) -> set[int]:
        client.force_login(user)
        edges = client.get("/api/v1/coalitions/lens/network").json()["edges"]
        return {e["source"] for e in edges} | {e["target"] for e in edges}

    assert hidden.pk in tied(cast.alice)
    assert hidden.pk not in tied(cast.bob)
    rows = client.get("/api/v1/coalitions/lens/network/measures").json()["results"]
    assert [r["degree"] for r in rows if r["id"] == hidden.pk] == [0]


def test_a_stranger_gets_404_for_the_network_and_its_measures(client: Any, cast: Any) -> None:
    client.force_login(cast.dave)
    for path in ("network", "network/measures"):
        answer = client.get(f"/api/v1/coalitions/lens/{path}")
        assert answer.status_code == 404
        assert answer["Content-Type"] == "application/problem+json"


def test_the_network_answers_304_to_its_etag_until_the_network_changes(
    client: Any, cast: Any
) -> None:
    grow(cast.lens, 4)
    client.force_login(cast.carol)
    first = client.get("/api/v1/coalitions/lens/network")
    again = client.get("/api/v1/coalitions/lens/network", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    grow(cast.lens, 1)
    changed = client.get("/api/v1/coalitions/lens/network", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed.json()["organisations"] > first.json()["organisations"]
