"""Round against round everywhere: the report's chapter "Change since the last round" and the
Python API's ``round_change`` give the "Compare rounds" page's figures, figure by figure, and hide
what it hides (a cell published in neither or only one round)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

import coalitionlens.data as cld
from coalitionlens.coalitions.tests.factories import core_sector
from coalitionlens.reports.selectors import report_data
from coalitionlens.surveys import services
from coalitionlens.surveys.change import latest_change
from coalitionlens.surveys.tests.factories import SurveyRoundFactory, counting_organisation, rate

pytestmark = pytest.mark.django_db

ROLES = ("coordinator", "analyst", "member", "viewer")


def _rounds(cast, *, business_in_both=False):
    """Round A and round B: five shelters rate the ministry each time; one business rates it too
    (in round B only, or in both), a sector pair of one rater that no view may publish."""
    shelters = [
        counting_organisation(
            coalition=cast.lens, name=f"Shelter {i}", sector=core_sector("CIVIL_SOCIETY")
        )
        for i in range(5)
    ]
    business = counting_organisation(
        coalition=cast.lens, name="Lone Business", sector=core_sector("BUSINESS")
    )
    ministry = counting_organisation(
        coalition=cast.lens, name="Ministry M", sector=core_sector("GOVERNMENT")
    )
    out = []
    for title, levels in (("Round A", [2, 3, 3, 4, 2]), ("Round B", [4, 4, 3, 4, 3])):
        r = SurveyRoundFactory(coalition=cast.lens, title=title)
        for org, level in zip(shelters, levels, strict=True):
            rate(r, org, ministry, level)
        if title == "Round B" or business_in_both:
            rate(r, business, ministry, 1)
        out.append(services.round_close(round=r, actor=cast.alice))
    return out


def _page_rows(client, cast, round_):
    client.force_login(cast.vic)
    context = client.get(reverse("survey_round_compare", args=["lens", round_.pk])).context
    return {
        key: [[r["label"], r["before"].text, r["after"].text, r["change"]] for r in context[key]]
        for key in ("network", "sectors")
    }


def _chapter(cast, role="coordinator", safe=False):
    with translation.override("en"):
        data = report_data(coalition=cast.lens, role=role, lang="en", safe=safe)
    return next(s for s in data.sections if s.anchor == "round-change")


@pytest.mark.parametrize("business_in_both", [False, True])
def test_the_report_chapter_is_the_page_figure_by_figure(client, cast, business_in_both):
    _a, b = _rounds(cast, business_in_both=business_in_both)
    page = _page_rows(client, cast, b)
    for role in ROLES:
        chapter = _chapter(cast, role)
        tables = {t["caption"]: t for t in chapter.tables}
        network = tables["Trust and value across the network"]
        sectors = tables["Between sectors (row rates column)"]
        assert network["columns"][1:3] == ["Round A", "Round B"]
        assert network["rows"] == page["network"], role
        assert sectors["rows"] == page["sectors"], role
        assert page["network"]  # something is compared
        text = repr(chapter.tables)
        assert "Business" not in text  # the one-rater pair, hidden on the page too
        assert "Ministry M" not in text


@pytest.mark.parametrize("business_in_both", [False, True])
def test_the_python_api_gives_the_pages_figures_and_no_hidden_cell(client, cast, business_in_both):
    a, b = _rounds(cast, business_in_both=business_in_both)
    shown = latest_change(coalition=cast.lens)
    assert shown is not None
    page = _page_rows(client, cast, b)
    for role in ROLES:
        frame = cld.round_change("lens", role=role)
        assert (frame.attrs["before_title"], frame.attrs["after_title"]) == ("Round A", "Round B")
        assert len(frame) == len(shown.changes)
        assert sorted(frame["table"].unique()) == sorted({c.table for c in shown.changes})
        assert not frame["key"].map(lambda k: "BUSINESS" in k).any()
        labels = {"trust": "Trust", "value": "Value", "level": "Level of collaboration"}
        network = frame[frame["table"] == "network"]
        assert sorted(
            [labels[m], f"{x:.2f}", f"{y:.2f}", f"{d:+.2f}"]
            for m, x, y, d in network[["measure", "before", "after", "change"]].itertuples(
                index=False
            )
        ) == sorted(r for r in page["network"] if r[0] in labels.values())
        pairs = frame[frame["table"] == "sector_pair"]
        assert len(pairs) == len(page["sectors"])
        named = cld.round_change("lens", role=role, before=b.pk, after=a.pk)
        assert named.equals(frame)


def test_the_python_api_refuses_what_it_cannot_give(cast):
    a, _b = _rounds(cast)
    with pytest.raises(cld.RoleRefused):
        cld.round_change("lens", role="admin")
    with pytest.raises(cld.SourceError, match="not two closed rounds"):
        cld.round_change("lens", role="analyst", before=a.pk, after=999999)
    with pytest.raises(cld.SourceError, match="name both rounds"):
        cld.round_change("lens", role="analyst", before=a.pk)
    with pytest.raises(cld.SourceError, match="from the database"):
        cld.round_change("lens", role="analyst", source="lens.zip")
    with pytest.raises(cld.SourceError, match="no coalition"):
        cld.round_change("nowhere", role="analyst")


def test_with_fewer_than_two_closed_rounds_the_chapter_says_so_and_the_api_is_empty(cast):
    services.round_close(round=SurveyRoundFactory(coalition=cast.lens), actor=cast.alice)
    chapter = _chapter(cast)
    assert chapter.tables == []
    assert chapter.note == "Fewer than two survey rounds have closed."
    frame = cld.round_change("lens", role="member")
    assert frame.empty
    assert list(frame.columns)[:3] == ["table", "key", "measure"]


def _cli(*args):
    from typer.testing import CliRunner

    from coalitionlens.cli.main import app

    return CliRunner().invoke(app, ["compare", "lens", *map(str, args)])


@pytest.mark.parametrize("business_in_both", [False, True])
def test_the_compare_command_gives_the_pages_figures_and_no_hidden_cell(
    client, cast, business_in_both
):
    import json

    from coalitionlens.audit.models import AuditEntry

    a, b = _rounds(cast, business_in_both=business_in_both)
    page = _page_rows(client, cast, b)
    before = AuditEntry.objects.count()
    for role in ROLES:
        ran = _cli("--round", b.pk, "--against", a.pk, "--json", "--role", role)
        assert ran.exit_code == 0, ran.output
        doc = json.loads(ran.stdout)
        assert (doc["before"]["title"], doc["after"]["title"]) == ("Round A", "Round B")
        for key in ("network", "sectors"):
            rows = [[r["label"], r["before"], r["after"], r["change"]] for r in doc["tables"][key]]
            assert rows == page[key], (role, key)
        frame = cld.round_change("lens", role=role, before=a.pk, after=b.pk)
        assert [
            (c["table"], tuple(c["key"]), c["measure"], c["before"], c["after"], c["change"])
            for c in doc["changes"]
        ] == [
            tuple(r)
            for r in frame[["table", "key", "measure", "before", "after", "change"]].itertuples(
                index=False
            )
        ]
        assert "BUSINESS" not in ran.stdout  # the one-rater pair, hidden on the page too
        assert "Ministry M" not in ran.stdout
    text = _cli("--round", b.pk)  # by default against the round that closed before it
    assert text.exit_code == 0, text.output
    assert "Round A → Round B" in text.stdout
    assert "Trust and value across the network" in text.stdout
    assert "Lone Business" not in text.stdout
    entries = AuditEntry.objects.order_by("pk")[before:]
    assert [e.summary for e in entries] == [
        "viewed the results of Round B compared with Round A from the command line"
    ] * (len(ROLES) + 1)
    assert {e.coalition_id for e in entries} == {cast.lens.pk}


def test_the_compare_command_refuses_what_is_not_two_closed_rounds_of_the_coalition(cast):
    a, _b = _rounds(cast)
    other = services.round_close(round=SurveyRoundFactory(coalition=cast.other), actor=cast.dave)
    draft = SurveyRoundFactory(coalition=cast.lens, title="Round C")
    for args, said in (
        (["--round", other.pk], "is not a closed survey round of lens"),
        (["--round", a.pk, "--against", draft.pk], "is not a closed survey round of lens"),
        (["--round", a.pk, "--against", a.pk], "No other closed round"),
        (["--against", a.pk], "--against needs --round"),
        (["--round", a.pk, "--role", "admin"], "--role must be one of"),
        (["--round", a.pk, "--format", "xlsx"], "--round takes exactly one coalition"),
    ):
        ran = _cli(*args)
        assert ran.exit_code == 2, (args, ran.output)
        assert said in ran.output, (args, ran.output)
