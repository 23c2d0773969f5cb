"""The timeline page and its chart: for every role of the coalition, per year or quarter, with the
figures that role's network page would give, numbers in the reader's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coalitionlens.insights.tests.helpers import timeline_coalition

pytestmark = pytest.mark.django_db

Y = dt.date.today().year
PAGE = "insights_timeline"
CHART = "insights_timeline_chart"


def _figures(response):
    return dict(response.context["periods"])


@pytest.mark.parametrize("who", ["alice", "bob", "carol", "vic"])
def test_every_role_reads_the_timeline_and_its_chart_and_finds_it_in_the_menu(client, cast, who):
    timeline_coalition(cast.lens)
    client.force_login(getattr(cast, who))
    response = client.get(reverse(PAGE, args=["lens"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Timeline" in html
    assert f'href="{reverse(PAGE, args=["lens"])}"' in html  # the Insights menu
    assert f'src="{reverse(CHART, args=["lens"])}?period=year"' in html
    for size in ("wide", "narrow"):
        chart = client.get(reverse(CHART, args=["lens"]), {"period": "year", "size": size})
        assert chart.status_code == 200
        assert chart["Content-Type"] == "image/svg+xml"
        assert chart.content.startswith(b"<?xml")


def test_someone_of_another_coalition_gets_nothing(client, cast):
    timeline_coalition(cast.lens)
    client.force_login(cast.dave)
    assert client.get(reverse(PAGE, args=["lens"])).status_code == 404
    assert client.get(reverse(CHART, args=["lens"])).status_code == 404


def test_a_period_or_measure_that_does_not_exist_is_not_found(client, cast):
    client.force_login(cast.carol)
    assert client.get(reverse(PAGE, args=["lens"]), {"period": "month"}).status_code == 404
    assert client.get(reverse(PAGE, args=["lens"]), {"measure": "name"}).status_code == 404
    assert client.get(reverse(CHART, args=["lens"]), {"size": "huge"}).status_code == 404


def test_the_page_shows_joins_leaves_and_ties_per_year_and_per_quarter(client, cast):
    timeline_coalition(cast.lens)
    client.force_login(cast.carol)
    figures = _figures(client.get(reverse(PAGE, args=["lens"])))
    assert response_labels(client, cast) == [str(y) for y in range(Y - 4, Y + 1)]
    assert figures["Members who joined"][-3:] == [1, 1, 0]
    assert figures["Members who left"][-3:] == [0, 1, 0]
    assert figures["Ties gained"][-2:] == [2, 1]
    assert figures["Ties lost"][-2:] == [0, 1]
    quarters = client.get(reverse(PAGE, args=["lens"]), {"period": "quarter"})
    assert len(quarters.context["labels"]) == 8
    assert quarters.context["labels"][-1].endswith(str(Y))


def response_labels(client, cast):
    return client.get(reverse(PAGE, args=["lens"])).context["labels"]


@pytest.mark.parametrize("who", ["bob", "vic"])
def test_a_tie_hidden_from_a_role_is_not_on_its_page_nor_in_its_chart(client, cast, who):
    orgs = timeline_coalition(cast.lens)
    client.force_login(cast.carol)
    analyst = client.get(reverse(PAGE, args=["lens"]))
    analyst_chart = client.get(reverse(CHART, args=["lens"])).content
    client.force_login(getattr(cast, who))
    mine = client.get(reverse(PAGE, args=["lens"]))
    assert _figures(analyst)["Ties gained"][-1] == 1
    assert _figures(mine)["Ties gained"][-1] == 0
    assert _figures(mine)["Ties"][-1] == 2
    degree = {name: values for _pk, name, values, _c in mine.context["organisations"]}
    assert degree[orgs["B"].name][-1] == 1
    sectors = {(s, label): v for s, label, v, _c in mine.context["sectors"]}
    assert sectors[("Business", "Ties with other sectors")][-1] == 1
    assert client.get(reverse(CHART, args=["lens"])).content != analyst_chart


def test_numbers_read_in_french_with_the_decimal_comma(client, cast):
    timeline_coalition(cast.lens)
    client.force_login(cast.carol)
    html = client.get(
        reverse(PAGE, args=["lens"]), {"measure": "constraint"}, HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Chronologie" in html
    assert "1,00" in html
    assert "1.00" not in html
