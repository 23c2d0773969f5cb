"""Numbers read once for each language: counts as whole numbers, measures with two decimals and the
language's decimal mark (coalitionlens/kit/numbers.py), on the pages of the demo coalition Marivo."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from coalitionlens.kit.numbers import count, number

COUNT_EN = re.compile(r"^(—|\d{1,3}(,\d{3})*)$")
COUNT_FR = re.compile(r"^(—|\d{1,3}(\xa0\d{3})*)$")
MEASURE_FR = re.compile(r"^(—|-?\d{1,3}(\xa0\d{3})*,\d\d)$")
_CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
_ROW = re.compile(r"<tr(?:\s[^>]*)?>(.*?)</tr>", re.S)


@pytest.fixture(scope="module")
def marivo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    """Marivo loaded once for the module (rolled back after it), and its coordinator."""
    from coalitionlens.accounts.tests.factories import RoleFactory, UserFactory
    from coalitionlens.coalitions.models import Coalition
    from coalitionlens.conftest import _ensure_core_sectors
    from coalitionlens.demo.load import load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        _ensure_core_sectors()
        load_demo(only=["marivo"])
        coalition = Coalition.objects.get(slug="marivo")
        user = UserFactory(email="numbers@example.org")
        RoleFactory(user=user, coalition=coalition, role="coordinator")
        yield coalition, user
        transaction.set_rollback(True)


def _get(client: Any, marivo: Any, name: str, lang: str, *args: Any) -> str:
    coalition, user = marivo
    client.force_login(user)
    response = client.get(reverse(name, args=[coalition.slug, *args]), HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return response.content.decode()


def _table(html: str, testid: str) -> list[list[str]]:
    body = html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    return [[c.strip() for c in _CELL.findall(row)] for row in _ROW.findall(body)]


def _network_rows(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = [
        [re.sub(r"<[^>]+>", "", c).strip() for c in _CELL.findall(r)] for r in _ROW.findall(body)
    ]
    assert len(rows) > 10
    return rows


def test_the_one_function_writes_counts_whole_and_measures_with_the_languages_decimal_mark():
    from django.utils import translation

    with translation.override("fr"):
        assert [number(0.2), number(0.19666), count(44.0), count(17), number(1234.5)] == [
            "0,20",
            "0,20",
            "44",
            "17",
            "1\xa0234,50",
        ]
    with translation.override("en"):
        assert [number(0.2), count(44.0), number(17), number(1234567)] == [
            "0.20",
            "44",
            "17",
            "1,234,567",
        ]
    with translation.override("km"):  # as Django's Khmer formats write it
        assert [number(0.25), count(1234)] == ["0,25", "1234"]  # no grouping in km


@pytest.mark.django_db
def test_the_network_table_in_french_has_decimal_commas_and_whole_counts(client, marivo):
    rows = _network_rows(_get(client, marivo, "insights_network", "fr"))
    for _, _, degree, betweenness, ei, constraint, brokerage, *_ in rows:
        assert COUNT_FR.match(degree), degree
        assert COUNT_FR.match(brokerage), brokerage
        for measure in (betweenness, ei, constraint):
            assert MEASURE_FR.match(measure), measure
    assert any("," in r[5] for r in rows)  # constraint is a real measure: "0,20"-style


@pytest.mark.django_db
def test_the_dashboard_and_diagnostics_in_french_write_numbers_the_french_way(client, marivo):
    html = _get(client, marivo, "insights_dashboard", "fr")
    cells = [
        c
        for name in ("macro", "composition", "practices")
        for r in _table(html, f"table-{name}")
        for c in r
    ]
    assert cells
    assert all(COUNT_FR.match(c) or MEASURE_FR.match(c) for c in cells), cells
    days = [r[-1] for r in _table(html, "overdue") if len(r) == 4]
    assert all(COUNT_FR.match(d) for d in days), days

    diagnostics = _get(client, marivo, "insights_diagnostics", "fr")
    facts = [c for r in _table(diagnostics, "facts-modes") for c in r]
    assert facts
    assert all(COUNT_FR.match(c) or MEASURE_FR.match(c) for c in facts), facts
    # No number anywhere in the findings' evidence written with an English decimal point.
    evidence = re.findall(r'<td class="text-end">([^<]*)</td>', diagnostics)
    assert not [e for e in evidence if re.fullmatch(r"-?\d+\.\d+", e)]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "fr", "km"])
def test_no_page_shows_a_count_with_a_decimal_part(client, marivo, lang):
    whole = (
        COUNT_FR if lang == "fr" else COUNT_EN if lang == "en" else re.compile(r"^(—|\d[\d.]*)$")
    )
    network = _network_rows(_get(client, marivo, "insights_network", lang))
    counts = [r[2] for r in network] + [r[6] for r in network]
    dashboard = _get(client, marivo, "insights_dashboard", lang)
    for name in ("macro", "composition", "practices", "counterparts", "initiators"):
        counts += [c for r in _table(dashboard, f"table-{name}") for c in r]
    counts += [r[-1] for r in _table(dashboard, "overdue") if len(r) == 4]
    if lang != "km":  # "50 organisations, 120 ties."
        page = _get(client, marivo, "insights_network", lang)
        summary = re.search(r"([\d.,\xa0]+) organisations, ([\d.,\xa0]+) (ties|liens)", page)
        assert summary is not None
        counts += [summary.group(1), summary.group(2)]

    coalition, _ = marivo
    org = coalition.organisations.order_by("pk").first()
    place = _get(client, marivo, "organisation_network", lang, org.pk)
    measures = place.split("</table>", 1)[0]
    rows = re.findall(
        r"<tr><th scope=\"row\">[^<]*</th><td class=\"text-end\">([^<]*)</td>", measures
    )
    counts += [rows[0], *rows[4:]]  # degree, then each brokerage role
    # The change table: degree a year before and in the last 12 months.
    change = re.search(
        r"<tbody><tr><th scope=\"row\">[^<]*</th>" + r'<td class="text-end">([^<]*)</td>' * 2, place
    )
    assert change is not None
    counts += list(change.groups())
    assert len(counts) > 40
    assert [c for c in counts if not whole.match(c)] == []
