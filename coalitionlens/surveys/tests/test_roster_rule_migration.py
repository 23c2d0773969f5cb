"""Migration 0003 decides who counts in rounds that closed before the roster rule, so an old
snapshot (format 1, which says nobody counts) becomes scorable again under the rule."""

from __future__ import annotations

import importlib

from django.apps import apps

from coalitionlens.surveys import services
from coalitionlens.surveys.answering import AnswerIn
from coalitionlens.surveys.models import Respondent, SurveyRound
from coalitionlens.surveys.published import published_results
from coalitionlens.surveys.tests.factories import (
    RespondentFactory,
    SurveyRoundFactory,
    counting_organisation,
)

forwards = importlib.import_module(
    "coalitionlens.surveys.migrations.0003_roster_rule_for_existing_rounds"
).forwards


def test_a_round_closed_before_the_rule_is_decided_by_it(cast):
    orgs = [counting_organisation(coalition=cast.lens, name=f"Old {i}") for i in range(5)]
    round_ = SurveyRoundFactory(coalition=cast.lens)
    target = counting_organisation(coalition=cast.lens, name="Target")
    for org in orgs:
        response = services.consent_give(
            respondent=RespondentFactory(round=round_, organisation=org)
        )
        services.answers_save(
            response=response,
            replace=[],
            answers=[
                AnswerIn("relationship", "partners", None, "", [target.pk]),
                AnswerIn("relationship", "level", target.pk, "", 3),
            ],
        )
    closed = services.round_close(round=round_, actor=cast.alice)
    # as it was stored before the rule: format 1, nobody decided
    snap = dict(closed.snapshot)
    snap["format"] = 1
    snap["invited"] = {c: snap["invited"][c] for c in ("respondent", "organisation", "responded")}
    SurveyRound.objects.filter(pk=closed.pk).update(snapshot=snap)
    Respondent.objects.filter(round=closed).update(counts=None, left_out="")
    closed.refresh_from_db()
    assert published_results(round=closed).results.table("network").get(("ALL",)) is None
    forwards(apps, None)
    closed.refresh_from_db()
    assert closed.snapshot["format"] == 2
    assert set(Respondent.objects.filter(round=closed).values_list("counts", flat=True)) == {True}
    assert not published_results(round=closed).results.table("network")[("ALL",)].hidden
