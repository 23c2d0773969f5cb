"""A report for a past day shows that day's survey rounds: its survey chapter and its change since
the last round read the rounds closed by the report's day, as its findings do
(:func:`coalitionlens.surveys.published.closed_rounds` with ``as_of``); the coverage chapter, whose
services carry no dates, says that it shows today's pathway."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.pathways.tests.factories import ServiceFactory
from coalitionlens.reports.selectors import report_data
from coalitionlens.surveys import services
from coalitionlens.surveys.change import latest_change
from coalitionlens.surveys.models import SurveyRound
from coalitionlens.surveys.published import latest_closed_round
from coalitionlens.surveys.tests.factories import SurveyRoundFactory

pytestmark = pytest.mark.django_db


def _three_rounds(cast):
    """Rounds A, B and C, closed 60 and 30 days ago and today."""
    closed = []
    for title, days_ago in (("Round A", 60), ("Round B", 30), ("Round C", 0)):
        round_ = services.round_close(
            round=SurveyRoundFactory(coalition=cast.lens, title=title), actor=cast.alice
        )
        if days_ago:
            SurveyRound.objects.filter(pk=round_.pk).update(
                closed_at=timezone.now() - dt.timedelta(days=days_ago)
            )
        closed.append(round_)
    return closed


def _sections(cast, day):
    data = report_data(coalition=cast.lens, role="COORDINATOR", lang="en", today=day)
    return {s.anchor: s for s in data.sections}


def test_a_past_reports_survey_chapters_read_the_rounds_closed_by_its_day(cast):
    _three_rounds(cast)
    today = timezone.localdate()
    then = today - dt.timedelta(days=10)
    past = _sections(cast, then)
    assert past["survey"].note.startswith(
        f"Results of “Round B”, the last round closed by {then.isoformat()}."
    )
    change = past["round-change"]
    assert [t["columns"][1:3] for t in change.tables][:1] == [["Round A", "Round B"]]
    now = _sections(cast, today)
    assert now["survey"].note.startswith("Results of “Round C”, the last closed round.")
    assert [t["columns"][1:3] for t in now["round-change"].tables][:1] == [["Round B", "Round C"]]
    before_any = _sections(cast, today - dt.timedelta(days=90))
    assert before_any["survey"].note == "No survey round has closed yet."
    assert before_any["round-change"].note == "Fewer than two survey rounds have closed."


def test_the_python_functions_take_the_same_day(cast):
    _three_rounds(cast)
    day = timezone.localdate() - dt.timedelta(days=45)
    shown = latest_closed_round(coalition=cast.lens, as_of=day)
    assert shown is not None
    assert shown.title == "Round A"
    assert latest_change(coalition=cast.lens, as_of=day) is None
    change = latest_change(coalition=cast.lens, as_of=day + dt.timedelta(days=20))
    assert change is not None
    assert (change.before_title, change.after_title) == ("Round A", "Round B")


def test_a_past_reports_coverage_chapter_says_it_shows_todays_pathway(cast):
    ServiceFactory(organisation=OrganisationFactory(coalition=cast.lens))
    note = "Services are not dated: this chapter shows the pathway as recorded today."
    assert note in _sections(cast, timezone.localdate() - dt.timedelta(days=10))["coverage"].note
    assert note not in _sections(cast, timezone.localdate())["coverage"].note
