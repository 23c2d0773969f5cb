"""Members, partners and counterparts, counted by hand on the Harbour coalition (core/examples.py).

On 30 June 2026, counterparts of the last 12 months, the secretariat left out:

==============  ==========  ===========  ===================  =====================
macro-sector    members     partners     counterparts         engaged in any mode
==============  ==========  ===========  ===================  =====================
PUBLIC          0           1 ministry   2 police, ministry   2
PRIVATE         0           0            1 hotel              1
CIVIL           1 shelter   0            0                    1
INTERNATIONAL   0           1 unodc      0                    1
==============  ==========  ===========  ===================  =====================
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from coalitionlens.core.errors import InputError
from coalitionlens.core.examples import harbour
from coalitionlens.core.modes import MODES, Window, mode_counts

JUNE_30 = dt.date(2026, 6, 30)


def counts(
    *, as_of: dt.date = JUNE_30, months: int | None = 12, **kwargs: object
) -> dict[str, dict[str, int]]:
    m, p, e, s = harbour()
    window = Window.last_months(as_of, months) if months else Window(as_of)
    return mode_counts(m, p, e, window=window, secretariat=s, **kwargs).as_dict()  # type: ignore[arg-type]


def test_the_harbour_coalition_on_30_june_2026_matches_the_hand_count() -> None:
    m, p, e, s = harbour()
    result = mode_counts(m, p, e, window=Window.last_months(JUNE_30, 12), secretariat=s)
    assert result.as_dict() == {
        "PUBLIC": {"MEMBERSHIP": 0, "PARTNERSHIP": 1, "ENGAGEMENT_PRACTICE": 2},
        "PRIVATE": {"MEMBERSHIP": 0, "PARTNERSHIP": 0, "ENGAGEMENT_PRACTICE": 1},
        "CIVIL": {"MEMBERSHIP": 1, "PARTNERSHIP": 0, "ENGAGEMENT_PRACTICE": 0},
        "INTERNATIONAL": {"MEMBERSHIP": 0, "PARTNERSHIP": 1, "ENGAGEMENT_PRACTICE": 0},
    }
    assert result.table["ANY"].to_dict() == {
        "PUBLIC": 2,
        "PRIVATE": 1,
        "CIVIL": 1,
        "INTERNATIONAL": 1,
    }
    assert dict(result.totals) == {
        "MEMBERSHIP": 1,
        "PARTNERSHIP": 2,
        "ENGAGEMENT_PRACTICE": 3,
        "ANY": 5,
    }
    assert result.organisations["ENGAGEMENT_PRACTICE"] == {"police", "ministry", "hotel"}
    assert result.engagements.to_dict() == {
        "PUBLIC": 2,
        "PRIVATE": 1,
        "CIVIL": 0,
        "INTERNATIONAL": 0,
    }
    assert result.secretariat_left_out


def test_a_membership_that_ended_today_is_not_counted_today_but_was_yesterday() -> None:
    assert counts()["CIVIL"]["MEMBERSHIP"] == 1  # the shelter; the church withdrew on 30 June
    assert counts(as_of=dt.date(2026, 6, 29))["CIVIL"]["MEMBERSHIP"] == 2


def test_a_partnership_ending_in_the_future_is_current_and_one_ending_today_is_not() -> None:
    today = counts()
    assert today["PUBLIC"]["PARTNERSHIP"] == 1  # the ministry's runs to the end of 2027
    assert today["PRIVATE"]["PARTNERSHIP"] == 0  # the hotel's ended on 30 June
    assert counts(as_of=dt.date(2026, 6, 29))["PRIVATE"]["PARTNERSHIP"] == 1


def test_an_organisation_with_two_partnerships_is_one_partner() -> None:
    assert counts(as_of=dt.date(2020, 6, 1), months=None)["PUBLIC"]["PARTNERSHIP"] == 1


def test_a_suspended_member_and_an_applicant_are_not_active_members() -> None:
    m, p, e, s = harbour()
    result = mode_counts(m, p, e, window=Window(JUNE_30), secretariat=s)
    assert "hotel" not in result.organisations["MEMBERSHIP"]  # suspended
    assert "bank" not in result.organisations["MEMBERSHIP"]  # applicant
    assert result.as_dict()["PRIVATE"]["MEMBERSHIP"] == 0


def test_the_secretariat_as_member_partner_and_counterpart_is_left_out_unless_asked_for() -> None:
    assert counts()["CIVIL"] == {"MEMBERSHIP": 1, "PARTNERSHIP": 0, "ENGAGEMENT_PRACTICE": 0}
    assert counts(include_secretariat=True)["CIVIL"] == {
        "MEMBERSHIP": 2,
        "PARTNERSHIP": 1,
        "ENGAGEMENT_PRACTICE": 1,
    }
    m, p, e, _s = harbour()
    unnamed = mode_counts(m, p, e, window=Window(JUNE_30))
    assert not unnamed.secretariat_left_out
    assert unnamed.totals["MEMBERSHIP"] == 2


def test_counterparts_count_within_the_window_and_never_after_its_last_day() -> None:
    assert counts()["PRIVATE"]["ENGAGEMENT_PRACTICE"] == 1  # the hotel; the bank's was in 2023
    assert counts(months=None)["PRIVATE"]["ENGAGEMENT_PRACTICE"] == 2  # all time: the bank too
    # UNODC's engagement is planned for August 2026: never a counterpart on 30 June.
    assert counts(months=None)["INTERNATIONAL"]["ENGAGEMENT_PRACTICE"] == 0
    assert counts(as_of=dt.date(2026, 8, 1))["INTERNATIONAL"]["ENGAGEMENT_PRACTICE"] == 1


def test_the_window_includes_its_first_and_last_days() -> None:
    m, p, e, s = harbour()
    may_10 = dt.date(2026, 5, 10)  # e1: the police and the hotel
    for window, expected in (
        (Window(may_10, since=may_10), 2),
        (Window(JUNE_30, since=dt.date(2026, 5, 11)), 0),
        (Window(dt.date(2026, 5, 9), since=dt.date(2026, 5, 1)), 0),
    ):
        result = mode_counts(m, p, e, window=window, secretariat=s)
        assert result.totals["ENGAGEMENT_PRACTICE"] == expected, window


def test_a_membership_not_yet_begun_and_an_ended_status_without_an_end_date_are_not_counted() -> (
    None
):
    m, p, e, s = harbour()
    m.loc[m["organisation"] == "shelter", "joined_on"] = dt.date(2026, 7, 1)
    m.loc[m["organisation"] == "church", "ended_on"] = None  # invalid: withdrawn, no end date
    result = mode_counts(m, p, e, window=Window(JUNE_30), secretariat=s)
    assert result.totals["MEMBERSHIP"] == 0


def test_grouping_by_sector_splits_the_macro_sectors() -> None:
    m, p, e, s = harbour()
    result = mode_counts(
        m, p, e, window=Window.last_months(JUNE_30, 12), secretariat=s, by="sector"
    )
    assert result.table.loc["GOVERNMENT", "ENGAGEMENT_PRACTICE"] == 1
    assert result.table.loc["LAW_ENFORCEMENT", "ENGAGEMENT_PRACTICE"] == 1
    assert result.table.loc["FAITH_BASED"].sum() == 0
    assert result.table.index[0] == "GOVERNMENT"  # every core sector, in the taxonomy's order


def test_an_organisation_without_a_sector_counts_in_the_totals_only() -> None:
    m, p, e, s = harbour()
    m.loc[m["organisation"] == "shelter", ["sector", "macro_sector"]] = None
    result = mode_counts(m, p, e, window=Window(JUNE_30), secretariat=s)
    assert result.table["MEMBERSHIP"].sum() == 0
    assert result.totals["MEMBERSHIP"] == 1


def test_a_coalition_with_no_records_counts_zero_everywhere() -> None:
    m, p, e, _s = harbour()
    empty = mode_counts(m.iloc[0:0], p.iloc[0:0], e.iloc[0:0], window=Window(JUNE_30))
    assert empty.table.to_numpy().sum() == 0
    assert set(empty.totals.values()) == {0}
    assert list(empty.table.index) == ["PUBLIC", "PRIVATE", "CIVIL", "INTERNATIONAL"]


def test_the_order_of_the_rows_changes_no_figure() -> None:
    m, p, e, s = harbour()
    window = Window.last_months(JUNE_30, 12)
    before = mode_counts(m, p, e, window=window, secretariat=s)
    shuffled = [f.sample(frac=1, random_state=7).reset_index(drop=True) for f in (m, p, e)]
    after = mode_counts(*shuffled, window=window, secretariat=s)
    pd.testing.assert_frame_equal(before.table, after.table)


def test_each_mode_is_at_most_the_organisations_engaged_in_any() -> None:
    m, p, e, s = harbour()
    result = mode_counts(m, p, e, window=Window(JUNE_30), secretariat=s, include_secretariat=True)
    for mode in MODES:
        assert (result.table[mode] <= result.table["ANY"]).all()
    assert result.table["ANY"].sum() <= result.table[list(MODES)].to_numpy().sum()


def test_last_months_counts_whole_calendar_months_back() -> None:
    assert Window.last_months(dt.date(2026, 3, 31), 12).since == dt.date(2025, 4, 1)
    assert Window.last_months(dt.date(2026, 12, 1), 24).since == dt.date(2024, 12, 2)
    assert Window.last_months(dt.date(2024, 2, 29), 12).since == dt.date(2023, 3, 1)
    for months in (1, 12, 24, 36):
        assert Window.last_months(dt.date(2026, 5, 31), months).months == months
    assert Window(JUNE_30, since=dt.date(2026, 6, 17)).months is None


def test_a_window_that_starts_after_it_ends_or_counts_no_month_is_refused() -> None:
    with pytest.raises(InputError, match="since"):
        Window(JUNE_30, since=dt.date(2026, 7, 1))
    with pytest.raises(InputError, match="months"):
        Window.last_months(JUNE_30, 0)


def test_a_table_without_a_needed_column_is_refused_by_name() -> None:
    m, p, e, _s = harbour()
    with pytest.raises(InputError, match="'ended_on'"):
        mode_counts(m.drop(columns="ended_on"), p, e, window=Window(JUNE_30))
    with pytest.raises(InputError, match="'macro_sector'"):
        mode_counts(m, p, e.drop(columns="macro_sector"), window=Window(JUNE_30))
