"""The demo ships two closed rounds and one open round per coalition, deterministically."""

from __future__ import annotations

from coalitionlens.demo.load import load_demo
from coalitionlens.surveys.models import Answer, RoundStatus, SurveyRound
from coalitionlens.surveys.published import published_results, round_counting


def _fingerprint() -> list:
    return sorted(
        (
            a.response.round.title,
            a.response.respondent.organisation.name,
            a.key.split(":")[1],
            str(a.value),
        )
        for a in Answer.objects.select_related(
            "response__round", "response__respondent__organisation"
        )
        if a.target_id is None
    )


def test_each_demo_coalition_has_two_closed_rounds_and_one_open(db):
    from coalitionlens.conftest import _ensure_core_sectors

    _ensure_core_sectors()
    load_demo(only=["marivo"])
    rounds = SurveyRound.objects.filter(coalition__slug="marivo").order_by("opens_on")
    assert [r.status for r in rounds] == [RoundStatus.CLOSED, RoundStatus.CLOSED, RoundStatus.OPEN]
    for r in rounds[:2]:
        shown = published_results(round=r)
        assert shown is not None
        assert shown.results.k == 5
        assert shown.results.organisations_responding
        assert not shown.results.table("network")[("ALL",)].hidden
    # the roster rule (default days) leaves out some members who joined just before a round, and
    # still most count: the demo shows both
    counting = [round_counting(round=r) for r in rounds]
    assert all(c.decided and c.counted > 3 * c.left_out_total for c in counting)
    assert any(c.left_out_total for c in counting)
    first = _fingerprint()
    load_demo(only=["marivo"])
    assert SurveyRound.objects.filter(coalition__slug="marivo").count() == 3
    assert _fingerprint() == first
