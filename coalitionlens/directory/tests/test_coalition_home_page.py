"""The coalition's home page: its navigation offers import and export to coordinators and analysts."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_navigation_offers_import_and_export_to_coordinators_and_analysts(client, cast):
    for user, shown in ((cast.alice, True), (cast.carol, True), (cast.bob, False)):
        client.force_login(user)
        html = client.get(reverse("coalition_home", args=["lens"])).content.decode()
        assert ("Import and export" in html) == shown


def test_the_home_page_lists_overdue_and_due_actions_of_the_coalitions_plans(client, cast):
    import datetime as dt

    from coalitionlens.tensions.tests.factories import StrategyActionFactory

    today = dt.date.today()
    StrategyActionFactory(
        coalition=cast.lens, text="Send the minutes", due_on=today - dt.timedelta(days=2)
    )
    StrategyActionFactory(
        coalition=cast.lens, text="Book the hall", due_on=today + dt.timedelta(days=3)
    )
    StrategyActionFactory(
        coalition=cast.lens, text="Far ahead", due_on=today + dt.timedelta(days=90)
    )
    StrategyActionFactory(
        coalition=cast.other, text="Not ours", due_on=today - dt.timedelta(days=2)
    )
    for user in (cast.alice, cast.bob, cast.vic):
        client.force_login(user)
        response = client.get(reverse("coalition_home", args=["lens"]))
        due = response.context["actions_due"]
        assert [a.text for a in due.overdue] == ["Send the minutes"]
        assert [a.text for a in due.due] == ["Book the hall"]
        html = response.content.decode()
        assert 'data-testid="actions-due"' in html
        assert "Send the minutes" in html
        assert "Far ahead" not in html
        assert "Not ours" not in html
        # The plans' actions are one of the home page's next steps.
        section = html.split('data-testid="next-steps"')[1].split("</section>")[0]
        assert 'data-testid="actions-due"' in section
        assert "Send the minutes" in section


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "Your role: Member representative"), ("fr", "Votre rôle\u00a0: Représentant d'un membre"),
     ("km", "តំណាងសមាជិក")],
)  # fmt: skip
def test_the_home_page_names_the_role_in_the_language_of_the_page(client, cast, lang, said):
    client.force_login(cast.bob)
    body = client.get(reverse("coalition_home", args=["lens"]), HTTP_ACCEPT_LANGUAGE=lang)
    text = body.content.decode().replace("&#x27;", "'")
    assert said in text
    assert ">member<" not in text
    assert ": member" not in text


# --- what to do next -------------------------------------------------------------------------

ROLES = (("alice", "coordinator"), ("bob", "member"), ("carol", "analyst"), ("vic", "viewer"))


def _home(client, user):
    client.force_login(user)
    response = client.get(reverse("coalition_home", args=["lens"]))
    assert response.status_code == 200
    return response.content.decode()


def _open_round_with_responses(coalition, n):
    from django.utils import timezone

    from coalitionlens.surveys.models import Response
    from coalitionlens.surveys.tests.factories import RespondentFactory, SurveyRoundFactory

    round_ = SurveyRoundFactory(coalition=coalition, title="Spring health check")
    people = [RespondentFactory(round=round_, name=f"Respondent {i:02d}") for i in range(n + 2)]
    for p in people[:n]:
        Response.objects.create(
            coalition=coalition, round=round_, respondent=p, submitted_at=timezone.now()
        )
    return round_, people


def test_the_home_page_lists_the_dashboards_overdue_follow_ups_for_each_role(client, cast):
    from coalitionlens.insights.dashboard import dashboard_data
    from coalitionlens.insights.tests.helpers import grow

    grow(cast.lens, 7)
    for name, role in ROLES:
        overdue = dashboard_data(cast.lens, role).overdue
        assert len(overdue) >= 7
        html = _home(client, getattr(cast, name))
        assert f"{len(overdue)} engagements wait for their follow-up." in html, name
        first = reverse("engagement_detail", args=["lens", overdue[0]["pk"]])
        assert f'href="{first}"' in html, name
        assert reverse("insights_dashboard", args=["lens"]) in html


def test_the_open_rounds_progress_is_a_count_for_coordinators_only_and_never_names(client, cast):
    round_, people = _open_round_with_responses(cast.lens, 3)
    link = reverse("survey_round_detail", args=["lens", round_.pk])
    for name, _role in ROLES:
        html = _home(client, getattr(cast, name))
        assert link in html, name
        assert "Spring health check" in html, name
        assert ("3 responses of 5 invited" in html) == (name == "alice"), name
        for p in people:
            assert p.name not in html, name
            assert p.email not in html, name


def test_the_top_findings_are_the_diagnostics_first_ones_for_roles_that_see_diagnostics(
    client, cast
):
    from coalitionlens.insights.facts import coalition_findings
    from coalitionlens.insights.tests.helpers import grow

    grow(cast.lens, 7)
    diagnostics = reverse("insights_diagnostics", args=["lens"])
    for name, role in ROLES:
        html = _home(client, getattr(cast, name))
        if role in ("coordinator", "analyst"):
            findings = coalition_findings(cast.lens, role)
            assert findings, "the grown coalition raises findings"
            assert 'data-testid="next-findings"' in html
            assert f'href="{diagnostics}#finding-1"' in html
            assert str(findings[0].title) in html
            assert f"The diagnostics page ({len(findings)} finding" in html
        else:
            assert 'data-testid="next-findings"' not in html, name
            assert (
                diagnostics not in html.split('data-testid="next-steps"')[1].split("</section>")[0]
            )
