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
