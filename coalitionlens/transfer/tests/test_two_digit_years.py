"""Dates with two-digit years (3/4/19): read with the column's order and a stated century rule,
or refused naming the file, sheet, row and column when the year's place is unknown (19-04-03)."""

from __future__ import annotations

import datetime as dt

import pytest

from coalitionlens.coalitions.models import Membership
from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.transfer.parse import ImportOptions, _date, full_year
from coalitionlens.transfer.services import ImportFile, import_apply, import_preview
from coalitionlens.transfer.tests.helpers import xlsx

pytestmark = pytest.mark.django_db


def _orgs(cast, *names):
    for name in names:
        OrganisationFactory(coalition=cast.lens, name=name)


def test_the_century_rule_puts_00_to_69_in_the_2000s_and_70_to_99_in_the_1900s():
    assert [full_year(y) for y in (0, 19, 69, 70, 99)] == [2000, 2019, 2069, 1970, 1999]
    assert _date("3/4/19") == dt.date(2019, 4, 3)
    assert _date("3/4/19", "mdy") == dt.date(2019, 3, 4)
    assert _date("31.12.85") == dt.date(1985, 12, 31)
    assert _date("19-04-03") is None  # 2019-04-03 or 19 April 2003: not guessed


def test_two_digit_years_follow_the_order_the_column_decides(cast):
    _orgs(cast, "Shelter", "Port")
    rows = [["organisation", "joined_on"], ["Shelter", "3/4/19"], ["Port", "12/31/21"]]
    report = import_apply(
        coalition=cast.lens, file=ImportFile("m.xlsx", xlsx({"memberships": rows})), actor=None
    )
    assert report.ok, [str(e) for e in report.errors]
    joined = dict(Membership.objects.values_list("organisation__name", "joined_on"))
    assert joined == {"Shelter": dt.date(2019, 3, 4), "Port": dt.date(2021, 12, 31)}


def test_a_column_of_two_digit_years_no_value_decides_asks_its_order(cast):
    _orgs(cast, "Shelter", "Port")
    rows = [["organisation", "joined_on"], ["Shelter", "3/4/19"], ["Port", "5/6/98"]]
    data = xlsx({"memberships": rows})
    report = import_preview(coalition=cast.lens, file=ImportFile("m.xlsx", data))
    (error,) = report.errors
    assert (error.file, error.sheet, error.column, error.ask) == (
        "m.xlsx",
        "memberships",
        "joined_on",
        "date_order",
    )
    assert "3/4/19" in error.value
    options = ImportOptions(date_orders={"joined_on": "dmy"})
    report = import_apply(
        coalition=cast.lens, file=ImportFile("m.xlsx", data, options=options), actor=None
    )
    assert report.ok, [str(e) for e in report.errors]
    joined = dict(Membership.objects.values_list("organisation__name", "joined_on"))
    assert joined == {"Shelter": dt.date(2019, 4, 3), "Port": dt.date(1998, 6, 5)}


def test_a_date_whose_year_could_be_first_or_last_is_refused_where_it_is(cast):
    _orgs(cast, "Shelter", "Port")
    rows = [["organisation", "joined_on"], ["Shelter", "2019-04-03"], ["Port", "19-04-03"]]
    report = import_apply(
        coalition=cast.lens,
        file=ImportFile("m.xlsx", xlsx({"memberships": rows})),
        actor=None,
    )
    (error,) = report.errors
    assert (error.file, error.sheet, error.row, error.column) == (
        "m.xlsx",
        "memberships",
        3,
        "joined_on",
    )
    assert "four digits" in error.message
    assert "four digits" in error.expected
    assert not Membership.objects.exists()
