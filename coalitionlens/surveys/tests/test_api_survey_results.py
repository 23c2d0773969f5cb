"""A closed round's results through the REST API are its results page's: the same published cells,
the same hidden ones (null where the page shows "—"), the per-organisation table only for the roles
the page shows it to, never a respondent or an answer; audited like the page; 404 for a stranger
and for a round that has not closed."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.urls import reverse

from coalitionlens.accounts.models import User
from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.demo.load import load_demo
from coalitionlens.surveys.models import Respondent, RoundStatus, SurveyRound

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SLUG = "marivo"
CELL = re.compile(r"<t([hd])[^>]*>(.*?)</t[hd]>", re.S)
TAG = re.compile(r"<[^>]+>")
HIDDEN = "—"


def _page_cells(body: str, testid: str) -> list[list[str]]:
    """The body rows of the page's table ``testid``, each cell's text as shown."""
    if f'data-testid="{testid}"' not in body:
        return []
    table = body.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    rows = table.split("<tbody>", 1)[1].split("<tr")[1:]
    return [
        [" ".join(html.unescape(TAG.sub(" ", text)).split()) for _kind, text in CELL.findall(row)]
        for row in rows
    ]


def _t(figure: dict[str, Any]) -> str:
    return HIDDEN if figure["text"] is None else figure["text"]


def _fold(rows: list[tuple[str, list[str], list[bool], list[str]]]) -> list[list[str]]:
    """Rows of (label, cell texts, whether each cell shows a figure, trailing texts) as the page
    shows them: the rows and columns in which every figure is hidden folded away (the page says
    how many in one line)."""
    kept = [r for r in rows if any(r[2])]
    width = len(rows[0][1]) if rows else 0
    cols = [j for j in range(width) if any(r[2][j] for r in rows)]
    return [[label, *(cells[j] for j in cols), *tail] for label, cells, _shown, tail in kept]


def _folded(matrix: list[dict[str, Any]]) -> list[list[str]]:
    """The API's whole sector matrix as the page shows it."""
    return _fold(
        [
            (
                row["label"],
                [_t(c) for c in row["cells"]],
                [c["text"] is not None for c in row["cells"]],
                [],
            )
            for row in matrix
        ]
    )


def _api_cells(results: dict[str, Any]) -> dict[str, list[list[str]]]:
    """The same tables from the API's answer, written as the page writes them."""
    rel = results["relationship"]
    net = rel["network"]
    return {
        "response-rates": [
            [
                r["label"],
                str(r["invited"]),
                HIDDEN if r["responded"] is None else str(r["responded"]),
                _t(r["rate"]),
            ]
            for r in results["rates"]
        ],
        "network": [[label, _t(net[k])] for label, k in _NETWORK_ROWS],
        "macro-matrix": _fold(
            [
                (
                    row["label"],
                    [f"{_t(c['trust'])} / {_t(c['value'])}" for c in row["cells"]],
                    [
                        c["trust"]["text"] is not None or c["value"]["text"] is not None
                        for c in row["cells"]
                    ],
                    [],
                )
                for row in rel["macro_matrix"]
            ]
        ),
        "sector-matrix": _folded(rel["sector_matrix"]),
        "targets": [
            [t["name"], _t(t["trust"]), _t(t["value"]), _t(t["level"])] for t in rel["targets"]
        ],
        "factors": _fold(
            [
                (
                    f"{r['label']} {r['tensions']}".strip(),
                    [_t(f) for f in r["figures"]],
                    [f["text"] is not None for f in r["figures"]],
                    [r["gap"] or ""],
                )
                for r in results["factors"]["rows"]
            ]
        ),
    }


_NETWORK_ROWS = [("Trust", "trust"), ("Value", "value"), ("Level of collaboration", "level")]


def _read(client: Any, role: str) -> tuple[str, dict[str, Any], SurveyRound]:
    client.force_login(User.objects.get(email=f"{role}@{SLUG}.demo"))
    round_ = SurveyRound.objects.filter(coalition__slug=SLUG, status=RoundStatus.CLOSED).latest(
        "closed_at"
    )
    page = client.get(reverse("survey_round_results", args=[SLUG, round_.pk])).content.decode()
    answer = client.get(f"/api/v1/coalitions/{SLUG}/surveys/rounds/{round_.pk}/results")
    assert answer.status_code == 200, answer.content[:300]
    return page, answer.json(), round_


@pytest.fixture
def demo() -> None:
    from coalitionlens.conftest import _ensure_core_sectors

    _ensure_core_sectors()
    load_demo(only=[SLUG])


@pytest.mark.parametrize(("role", "targets"), [("analyst", True), ("member", False)])
def test_the_api_shows_the_results_pages_cells_and_hides_what_it_hides(
    client: Any, demo: None, role: str, targets: bool
) -> None:
    page, results, round_ = _read(client, role)
    api = _api_cells(results)
    shown = {testid: _page_cells(page, testid) for testid in api}
    assert shown == api
    assert any(HIDDEN in row for row in shown["response-rates"])  # suppression is at work
    # the per-organisation table is there for the roles that may see it (its fully hidden rows
    # folded into one line), and not at all for the others
    assert ('data-testid="targets"' in page) is targets
    assert ('data-testid="targets-folded"' in page) is targets
    assert results["organisations_responding"] is not None
    total = next(r for r in results["rates"] if r["total"])["responded"]
    orgs = results["organisations_responding"]
    assert f"{total} people answered, from {orgs} organisations." in page
    assert sorted(tuple(t) for t in results["relationship"]["ties"]) == sorted(
        tuple(html.unescape(li).split(" — "))
        for li in re.findall(
            r"<li>([^<]*)</li>", page.split('data-testid="ties"', 1)[1].split("</ul>", 1)[0]
        )
    )
    assert AuditEntry.objects.filter(
        action=Action.VIEW_CONFIDENTIAL,
        object_id=str(round_.pk),
        summary=f"viewed the results of {round_.title} through the API",
    ).exists()


def test_no_respondent_of_the_round_appears_in_its_results(client: Any, demo: None) -> None:
    round_ = SurveyRound.objects.filter(coalition__slug=SLUG, status=RoundStatus.CLOSED).latest(
        "closed_at"
    )
    people = list(Respondent.objects.filter(round=round_))
    assert len(people) > 5
    for person in people:  # sentinels: a name and an address no figure can contain
        Respondent.objects.filter(pk=person.pk).update(
            name=f"Sentinel Person {person.pk}", email=f"sentinel{person.pk}@example.org"
        )
    _page, _results, _round = _read(client, "coordinator")
    answer = client.get(f"/api/v1/coalitions/{SLUG}/surveys/rounds/{round_.pk}/results")
    content = answer.content.decode()
    assert "Sentinel Person" not in content
    assert "sentinel" not in content.lower()


def test_an_open_round_has_no_results_and_a_stranger_finds_none(
    client: Any, demo: None, cast: Any
) -> None:
    open_round = SurveyRound.objects.get(coalition__slug=SLUG, status=RoundStatus.OPEN)
    closed = SurveyRound.objects.filter(coalition__slug=SLUG, status=RoundStatus.CLOSED).first()
    assert closed is not None
    client.force_login(User.objects.get(email=f"coordinator@{SLUG}.demo"))
    url = f"/api/v1/coalitions/{SLUG}/surveys/rounds/{open_round.pk}/results"
    assert client.get(url).status_code == 404
    client.force_login(cast.dave)
    answer = client.get(f"/api/v1/coalitions/{SLUG}/surveys/rounds/{closed.pk}/results")
    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/problem+json"
