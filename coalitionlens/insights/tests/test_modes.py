"""The mode counts on the pages of a small coalition built by hand: the edge cases of the definition
(a membership ended today, a partnership ending next month, a suspended member, the secretariat as
member and partner) reach every page the same way, and the label says what was counted."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import translation

from coalitionlens.coalitions.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    core_sector,
)
from coalitionlens.core.modes import Window
from coalitionlens.insights.dashboard import dashboard_data
from coalitionlens.insights.facts import coalition_facts
from coalitionlens.insights.modes import (
    basis_label,
    coalition_modes,
    default_window,
    window_label,
)

TODAY = dt.date.today()


def _harbour(coalition):
    """The secretariat (member and partner), a shelter (member), a church whose membership ended
    today, a suspended hotel, a ministry whose partnership ends next month."""
    civil = core_sector("CIVIL_SOCIETY")
    secretariat = OrganisationFactory(coalition=coalition, name="Secretariat", sector=civil)
    coalition.secretariat = secretariat
    coalition.save()
    MembershipFactory(organisation=secretariat)
    PartnershipFactory(organisation=secretariat)
    MembershipFactory(organisation=OrganisationFactory(coalition=coalition, sector=civil))
    MembershipFactory(
        organisation=OrganisationFactory(coalition=coalition, sector=core_sector("FAITH_BASED")),
        status="WITHDRAWN",
        ended_on=TODAY,
    )
    MembershipFactory(
        organisation=OrganisationFactory(coalition=coalition, sector=core_sector("BUSINESS")),
        status="SUSPENDED",
    )
    PartnershipFactory(
        organisation=OrganisationFactory(coalition=coalition, sector=core_sector("GOVERNMENT")),
        ended_on=TODAY + dt.timedelta(days=30),
    )


def test_the_edge_cases_count_alike_on_the_home_page_dashboard_and_diagnostics(client, cast):
    _harbour(cast.lens)
    counts = coalition_modes(cast.lens, "coordinator")
    assert counts.as_dict()["CIVIL"]["MEMBERSHIP"] == 1  # the shelter alone
    assert counts.as_dict()["PUBLIC"]["PARTNERSHIP"] == 1  # the ministry, ending next month
    assert counts.as_dict()["PRIVATE"]["MEMBERSHIP"] == 0  # suspended
    assert counts.totals["PARTNERSHIP"] == 1  # the secretariat left out

    client.force_login(cast.alice)
    home = client.get(reverse("coalition_home", args=["lens"]))
    assert home.context["counts"]["active_members"] == 1
    assert home.context["counts"]["partners"] == 1
    assert {r["code"]: r["members"] for r in home.context["composition"]}["CIVIL"] == 1
    macro = dashboard_data(cast.lens, "coordinator").tables["macro"].rows
    assert {row[0]: row[1:] for row in macro}["Civil society"] == [1, 0, 0]
    assert {row[0]: row[1:] for row in macro}["Public sector"] == [0, 1, 0]
    facts = coalition_facts(cast.lens, "coordinator")
    assert facts.active_members == 1
    assert facts.modes["PUBLIC"]["PARTNERSHIP"] == 1


def test_the_label_says_the_day_the_window_and_that_the_secretariat_is_left_out(cast):
    _harbour(cast.lens)
    window = Window.last_months(dt.date(2026, 12, 1), 24)
    with translation.override("en"):
        label = basis_label(coalition_modes(cast.lens, "coordinator", window=window))
    assert label == (
        "Members and partners as of Dec. 1, 2026; counterparts of engagements in the last 24 "
        "months; not counting the secretariat."
    )
    with translation.override("fr"):
        label = basis_label(coalition_modes(cast.lens, "coordinator", window=window))
    assert "24 derniers mois" in label
    assert "hors secrétariat" in label
    with translation.override("km"):
        assert "លេខាធិការដ្ឋាន" in basis_label(coalition_modes(cast.lens, "coordinator"))


def test_a_window_of_all_time_or_from_a_day_and_a_coalition_without_secretariat_say_so():
    day = dt.date(2026, 12, 1)
    with translation.override("en"):
        assert window_label(Window(day), secretariat_left_out=None) == (
            "Members and partners as of Dec. 1, 2026; counterparts of engagements of all time."
        )
        assert "from June 3, 2026" in window_label(
            Window(day, since=dt.date(2026, 6, 3)), secretariat_left_out=True
        )
        assert window_label(Window(day), secretariat_left_out=False).endswith(
            "the secretariat counted."
        )


def test_the_product_window_is_the_last_24_months():
    assert default_window(dt.date(2026, 12, 1)) == Window(
        dt.date(2026, 12, 1), since=dt.date(2024, 12, 2)
    )


def test_every_page_with_mode_counts_shows_its_label(client, cast):
    _harbour(cast.lens)
    client.force_login(cast.alice)
    with translation.override("en"):
        expected = basis_label(coalition_modes(cast.lens, "coordinator"))
    for name in (
        "coalition_home",
        "insights_dashboard",
        "insights_diagnostics",
        "insights_compare",
    ):
        html = client.get(reverse(name, args=["lens"])).content.decode()
        assert expected.rstrip(".") in html, name
