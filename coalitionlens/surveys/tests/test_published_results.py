"""One way to a round's published results (surveys/published.py), and the differencing attack
between two rounds through every door that shows survey figures: results page, report, insights."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.urls import reverse

from coalitionlens.surveys import services
from coalitionlens.surveys.published import closed_rounds, published_results
from coalitionlens.surveys.tests.factories import SurveyRoundFactory, rate, shelters_and_ministry

ROOT = Path(__file__).resolve().parents[2]
#: Names that turn a snapshot into figures; only these modules may use them.
SCORING = {"score_round", "score_rounds", "from_snapshot", "families", "_score"}
ALLOWED = {"surveys/scoring.py", "surveys/published.py"}


def test_no_module_but_the_one_function_scores_a_snapshot():
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if "/tests/" in rel or rel in ALLOWED or "/migrations/" in rel:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            name = (
                node.attr
                if isinstance(node, ast.Attribute)
                else node.id
                if isinstance(node, ast.Name)
                else None
            )
            if name in SCORING:
                offenders.append(f"{rel}:{node.lineno} {name}")
            if isinstance(node, ast.alias) and node.name in SCORING:
                offenders.append(f"{rel}:{node.lineno} imports {node.name}")
    assert offenders == [], "score rounds only through surveys.published: " + ", ".join(offenders)


def test_a_second_round_with_one_more_respondent_gives_nothing_away_anywhere(client, cast):
    """Round A: five shelters rate the ministry. Round B: the same five, answering the same, and
    one more. Every figure of B about the ministry would be A's plus the sixth shelter's answer."""
    shelters, ministry = shelters_and_ministry(cast.lens, shelters=6)
    levels = [2, 3, 3, 4, 2, 1]  # the sixth: 1
    a = SurveyRoundFactory(coalition=cast.lens, title="Round A")
    for org, level in zip(shelters[:5], levels, strict=False):
        rate(a, org, ministry, level)
    a = services.round_close(round=a, actor=cast.alice)
    before = published_results(round=a)
    assert before is not None
    assert not before.results.table("target")[(str(ministry.pk),)].hidden
    b = SurveyRoundFactory(coalition=cast.lens, title="Round B")
    for org, level in zip(shelters, levels, strict=True):
        rate(b, org, ministry, level)
    b = services.round_close(round=b, actor=cast.alice)
    after = published_results(round=b)
    assert after is not None
    visible = [c for c in after.results.cells() if not c.hidden and c.key[0] != "response"]
    shown = {(c.key, round(v, 6)) for c in visible for v in (c.values or {}).values()}
    assert not [c.key for c in after.results.cells() if not c.hidden and c.n == 6], shown
    # round A is what it was: a later round never changes what was published
    assert repr(published_results(round=a)) == repr(before)  # repr: NaN equals NaN
    assert repr([r.results for r in closed_rounds(coalition=cast.lens)]) == repr(
        [after.results, before.results]
    )
    # every door shows B with nothing about the ministry that A does not already say
    client.force_login(cast.alice)
    page = client.get(reverse("survey_round_results", args=["lens", b.pk])).content.decode()
    # every figure about the ministry is hidden: its row is folded into the line that counts them
    assert re.search(r"<tr><td>Ministry M</td>", page) is None
    assert "1 organisation not listed: every figure about it is hidden" in page
    from coalitionlens.reports.selectors import _survey_section

    report = _survey_section(cast.lens)
    numbers = {
        c for t in report.tables for r in t["rows"] for c in r if re.fullmatch(r"\d\.\d\d", str(c))
    }
    assert not numbers, f"the report shows figures of round B: {numbers}"
    from coalitionlens.insights.facts import survey_facts

    assert survey_facts(cast.lens)["trust_pairs"] == {}


def test_the_rounds_closed_by_a_past_day_are_those_it_knew(cast):
    """A report for a past day reads the rounds closed by then (its findings' survey facts): the
    later round is not among them, and the earlier one has the figures it was published with."""
    import datetime as dt

    from django.utils import timezone

    from coalitionlens.surveys.models import SurveyRound

    shelters, ministry = shelters_and_ministry(cast.lens)
    closed = []
    for title, level in (("Round A", 2), ("Round B", 4)):
        round_ = SurveyRoundFactory(coalition=cast.lens, title=title)
        for org in shelters:
            rate(round_, org, ministry, level)
        closed.append(services.round_close(round=round_, actor=cast.alice))
    a, _b = closed
    SurveyRound.objects.filter(pk=a.pk).update(closed_at=timezone.now() - dt.timedelta(days=30))
    past = timezone.localdate() - dt.timedelta(days=10)
    then = closed_rounds(coalition=cast.lens, as_of=past)
    assert [r.title for r in then] == ["Round A"]
    assert repr(then[0].results) == repr(published_results(round=a).results)
    assert [r.title for r in closed_rounds(coalition=cast.lens)] == ["Round B", "Round A"]
    assert closed_rounds(coalition=cast.lens, as_of=past - dt.timedelta(days=30)) == []
