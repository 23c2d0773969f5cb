"""The report's action-plans chapter: each strategy's owner, review date and actions, and the actions
overdue or due — the home page's selector — with organisation names replaced in safe mode."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.reports.selectors import report_data
from coalitionlens.tensions.tests.factories import StrategyActionFactory, StrategyFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 15)


def _chapter(cast: Any, *, safe: bool) -> Any:
    with translation.override("en"):
        data = report_data(
            coalition=cast.lens, role="coordinator", lang="en", safe=safe, today=TODAY
        )
    return next(s for s in data.sections if s.anchor == "plans")


def test_the_chapter_lists_the_plans_and_the_actions_overdue_or_due(cast: Any) -> None:
    owner = OrganisationFactory(coalition=cast.lens, name="Kestrel Aid")
    strategy = StrategyFactory(
        coalition=cast.lens, title="Share the chair", owner=owner, review_on=dt.date(2026, 9, 1),
        status="ACTIVE",
    )  # fmt: skip
    StrategyActionFactory(coalition=cast.lens, strategy=strategy, text="Send the minutes",
                          due_on=TODAY - dt.timedelta(days=4))  # fmt: skip
    StrategyActionFactory(coalition=cast.lens, strategy=strategy, text="Book the hall",
                          due_on=TODAY + dt.timedelta(days=4))  # fmt: skip
    StrategyActionFactory(coalition=cast.lens, strategy=strategy, text="Old step",
                          due_on=TODAY - dt.timedelta(days=40), status="DONE",
                          done_on=TODAY - dt.timedelta(days=41))  # fmt: skip
    section = _chapter(cast, safe=False)
    plans, due = section.tables
    assert plans["rows"] == [
        ["Share the chair", "In use", "Kestrel Aid", "2026-09-01", "3", "1", "1"]
    ]
    assert [(r[1], r[3]) for r in due["rows"]] == [
        ("Send the minutes", "overdue"), ("Book the hall", "due")
    ]  # fmt: skip
    safe = _chapter(cast, safe=True)
    assert "Kestrel Aid" not in repr(safe.tables)


def test_a_coalition_without_strategies_says_so(cast: Any) -> None:
    section = _chapter(cast, safe=False)
    assert section.tables == []
    assert section.note
