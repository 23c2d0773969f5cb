"""The timeline (insights/timeline.py) on a coalition worked out by hand
(:func:`~coalitionlens.insights.tests.helpers.timeline_coalition`): joins and leaves, ties gained and
lost, measures per organisation and sector, and what a member's timeline leaves out."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from coalitionlens.insights.networks import NetworkFilters, network_view
from coalitionlens.insights.tests.helpers import timeline_coalition
from coalitionlens.insights.timeline import (
    coalition_timeline,
    organisation_rows,
    periods,
    timeline_bytes,
)

Y = dt.date.today().year


def _by_label(timeline):
    return {p["label"]: p for p in timeline.periods}


def test_periods_are_calendar_years_or_quarters_ending_with_todays():
    assert [p.label for p in periods("year", 3, dt.date(2026, 5, 2))] == ["2024", "2025", "2026"]
    quarters = periods("quarter", 3, dt.date(2026, 2, 2))
    assert [(p.start, p.end) for p in quarters] == [
        (dt.date(2025, 7, 1), dt.date(2025, 10, 1)),
        (dt.date(2025, 10, 1), dt.date(2026, 1, 1)),
        (dt.date(2026, 1, 1), dt.date(2026, 4, 1)),
    ]
    with pytest.raises(ValueError):
        periods("month", 3, dt.date(2026, 2, 2))


def test_the_analysts_timeline_counts_joins_leaves_gains_and_losses(cast):
    timeline_coalition(cast.lens)
    shown = _by_label(coalition_timeline(cast.lens, "analyst"))
    assert list(shown) == [str(y) for y in range(Y - 4, Y + 1)]
    two_ago, last, this = shown[str(Y - 2)], shown[str(Y - 1)], shown[str(Y)]
    assert (two_ago["members_joined"], two_ago["ties"], two_ago["ties_gained"]) == (1, 1, 1)
    assert (last["members_joined"], last["members_left"], last["partners_joined"]) == (1, 1, 1)
    assert (last["ties"], last["ties_gained"], last["ties_lost"]) == (3, 2, 0)
    assert (this["ties"], this["ties_gained"], this["ties_lost"]) == (3, 1, 1)
    assert this["members_joined"] == this["members_left"] == 0


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_a_tie_the_network_page_hides_from_a_role_is_neither_gained_nor_counted(cast, role):
    orgs = timeline_coalition(cast.lens)
    this = _by_label(coalition_timeline(cast.lens, role))[str(Y)]
    assert (this["ties"], this["ties_gained"], this["ties_lost"]) == (2, 0, 1)
    # the same figures as that role's network page for the year
    page = network_view(
        cast.lens, role, NetworkFilters(start=dt.date(Y, 1, 1), end=dt.date(Y + 1, 1, 1))
    )
    assert this["ties"] == page.summary["ties"]
    rows = {
        name: values
        for _pk, name, values, _c in organisation_rows(
            coalition_timeline(cast.lens, role), "degree"
        )
    }
    assert rows[orgs["B"].name][-1] == 1  # tied to the secretariat only
    analyst = {
        name: values
        for _pk, name, values, _c in organisation_rows(
            coalition_timeline(cast.lens, "analyst"), "degree"
        )
    }
    assert analyst[orgs["B"].name][-1] == 2


def test_measures_per_organisation_and_sector_carry_their_change(cast):
    orgs = timeline_coalition(cast.lens)
    timeline = coalition_timeline(cast.lens, "analyst")
    o = timeline.organisations
    ministry = o[(o["id"] == orgs["A"].pk) & (o["period"] == str(Y))].iloc[0]
    assert (ministry["degree"], ministry["degree_change"]) == (2.0, 1.0)
    s = timeline.sectors
    business = s[(s["sector"] == "BUSINESS") & (s["period"] == str(Y))].iloc[0]
    assert (business["external"], business["external_change"]) == (2.0, 1.0)


def test_the_quarterly_timeline_cuts_the_same_records_finer(cast):
    timeline_coalition(cast.lens)
    shown = coalition_timeline(cast.lens, "analyst", freq="quarter", count=30)
    assert sum(p["members_joined"] for p in shown.periods) == 2
    assert sum(p["members_left"] for p in shown.periods) == 1
    assert sum(p["partners_joined"] for p in shown.periods) == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_holds_the_three_tables_and_a_safe_one_no_name(cast, fmt):
    orgs = timeline_coalition(cast.lens)
    data = timeline_bytes(coalition=cast.lens, role="analyst", freq="year", fmt=fmt)
    safe = timeline_bytes(coalition=cast.lens, role="analyst", freq="year", fmt=fmt, safe=True)
    if fmt == "csv":
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert names == [
            "timeline-periods.csv",
            "timeline-sectors.csv",
            "timeline-organisations.csv",
        ]
        text = zipfile.ZipFile(io.BytesIO(data)).read("timeline-organisations.csv").decode()
        assert orgs["B"].name in text
        for name in zipfile.ZipFile(io.BytesIO(safe)).namelist():
            body = zipfile.ZipFile(io.BytesIO(safe)).read(name).decode()
            assert not any(o.name in body for o in orgs.values())
    else:
        book = load_workbook(io.BytesIO(data))
        assert book.sheetnames == ["periods", "sectors", "organisations"]
        rows = list(book["periods"].values)
        assert rows[0][:4] == ("label", "start", "end", "members_joined")
        assert [r[0] for r in rows[1:]] == [str(y) for y in range(Y - 4, Y + 1)]
        cells = [
            str(v) for sheet in load_workbook(io.BytesIO(safe)) for r in sheet.values for v in r
        ]
        assert not any(o.name in c for o in orgs.values() for c in cells)


def test_the_demo_timeline_shows_joins_and_leaves_across_years(db):
    from coalitionlens.coalitions.models import Coalition
    from coalitionlens.demo.load import load_demo

    load_demo(only=["marivo"])
    marivo = Coalition.objects.get(slug="marivo")
    shown = coalition_timeline(marivo, "coordinator", freq="year")
    joined = [p["label"] for p in shown.periods if p["members_joined"] or p["partners_joined"]]
    left = [p["label"] for p in shown.periods if p["members_left"] or p["partners_left"]]
    assert len(joined) >= 2, shown.periods
    assert len(left) >= 2, shown.periods
    assert sum(p["ties_gained"] for p in shown.periods) > 0
    assert sum(p["ties_lost"] for p in shown.periods) > 0
