"""``actions_due``: the open and in-progress actions of a coalition that are overdue or fall due soon."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from coalitionlens.tensions.selectors import actions_due
from coalitionlens.tensions.services import action_save
from coalitionlens.tensions.tests.factories import StrategyActionFactory, StrategyFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 15)


def test_overdue_and_due_soon_are_told_apart_and_finished_or_far_ones_left_out(cast: Any) -> None:
    s = StrategyFactory(coalition=cast.lens)

    def make(text: str, days: int, status: str = "OPEN", done: bool = False) -> Any:
        due = TODAY + dt.timedelta(days=days)
        return StrategyActionFactory(
            coalition=cast.lens, strategy=s, text=text, due_on=due, status=status,
            done_on=due if done else None,
        )  # fmt: skip

    late = make("late", -3, "IN_PROGRESS")
    today = make("today", 0)
    soon = make("soon", 14)
    make("later", 15)
    make("done", -5, "DONE", done=True)
    make("dropped", -5, "DROPPED")
    StrategyActionFactory(coalition=cast.other, due_on=TODAY - dt.timedelta(days=1))
    due = actions_due(cast.lens, today=TODAY)
    assert due.overdue == [late]
    assert due.due == [today, soon]
    assert not actions_due(cast.lens, today=TODAY - dt.timedelta(days=100))


def test_the_service_refuses_another_coalitions_strategy(cast: Any) -> None:
    from django.core.exceptions import ValidationError

    theirs = StrategyFactory(coalition=cast.other)
    with pytest.raises(ValidationError):
        action_save(coalition=cast.lens, strategy=theirs, text="x", due_on=TODAY, actor=cast.alice)
    with pytest.raises(ValidationError):
        action_save(
            coalition=cast.lens,
            strategy=StrategyFactory(coalition=cast.lens),
            text="x",
            due_on=TODAY,
            status="OPEN",
            done_on=TODAY,
            actor=cast.alice,
        )
