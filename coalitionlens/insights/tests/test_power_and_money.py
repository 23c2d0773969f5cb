"""Power and money (:mod:`coalitionlens.insights.money`): the figures on a small coalition worked
by hand, the basis (midpoints or exact amounts), and what a role may see of them — members and
viewers get shares and counts, never which funder gives what, on the dashboard, through the API,
in the comparison and in a report."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from coalitionlens.coalitions.tests.factories import (
    FundingFactory,
    MembershipFactory,
    OrganisationFactory,
    core_sector,
)
from coalitionlens.insights.comparison import compare_coalitions
from coalitionlens.insights.comparison_file import column_bytes
from coalitionlens.insights.money import (
    ANCHORS,
    midpoint,
    money_rows,
    names_funders,
    power_and_money,
)
from coalitionlens.reports.selectors import report_data

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
FUNDER = "Northwind Sentinel Foundation 5531"
LOCAL = "Lakeside Sentinel Fund 7702"


def _coalition(cast):
    """Four active members (three with bands), a secretariat with the largest budget (left out),
    and five flows: three active, one ended last year, one starting next year.

    Active, by midpoints: the foreign foundation gives the coalition 625,000 and member A 30,000;
    the local fund gives member B 150,000. Total 805,000; the foundation's share 655/805."""
    lens = cast.lens
    lens.secretariat = OrganisationFactory(coalition=lens, budget_band="B_OVER_10M")
    lens.save()
    MembershipFactory(organisation=lens.secretariat)
    a = OrganisationFactory(coalition=lens, budget_band="B_UNDER_50K", staff_band="S1_5")
    b = OrganisationFactory(coalition=lens, budget_band="B_1M_10M", staff_band="S21_100")
    c = OrganisationFactory(coalition=lens)
    d = OrganisationFactory(coalition=lens, budget_band="B_50K_250K", staff_band="S6_20")
    for org in (a, b, c, d):
        MembershipFactory(organisation=org)
    foreign = OrganisationFactory(
        coalition=lens, name=FUNDER, origin="FOREIGN", sector=core_sector("DONOR_FOUNDATION")
    )
    local = OrganisationFactory(coalition=lens, name=LOCAL, sector=core_sector("DONOR_FOUNDATION"))
    FundingFactory(funder=foreign, amount_band="F_250K_1M")
    FundingFactory(funder=foreign, recipient=a, amount_band="F_10K_50K")
    FundingFactory(funder=local, recipient=b, amount_band="F_50K_250K")
    FundingFactory(funder=local, amount_band="F_OVER_1M", ended_on=TODAY - dt.timedelta(days=365))
    FundingFactory(funder=local, amount_band="F_OVER_1M", started_on=TODAY + dt.timedelta(days=365))
    return lens, foreign, local


def test_the_figures_worked_by_hand(cast):
    lens, _foreign, _local = _coalition(cast)
    m = power_and_money(lens, "coordinator", TODAY)
    assert (m.flows, m.funders, m.basis, m.currency) == (3, 2, "bands", "USD")
    assert m.total == 805_000
    assert m.top_funder_share == pytest.approx(655 / 805)
    assert m.foreign_share == pytest.approx(655 / 805)
    assert m.to_coalition_share == pytest.approx(625 / 805)
    assert m.to_members_share == pytest.approx(180 / 805)
    # budget: 25,000 / 5.5 million / 150,000 over the three banded members (c has none)
    assert (m.budget.members, m.budget.banded, m.budget.lowest) == (4, 3, 1)
    assert m.budget.ratio == pytest.approx(5_500_000 / 25_000)
    assert m.budget.lowest_share == pytest.approx(1 / 3)
    assert m.staff.ratio == pytest.approx(midpoint("S21_100") / 3)
    assert m.organisations_banded == 4  # the secretariat's band counts for coverage
    assert [(f.name, f.flows) for f in m.top_funders] == [(FUNDER, 2), (LOCAL, 1)]
    assert m.top_funders[0].foreign
    assert not m.top_funders[1].foreign


def test_exact_amounts_only_when_every_flow_has_one_in_one_currency(cast):
    lens, _foreign, _local = _coalition(cast)
    flows = list(lens.fundings.order_by("pk"))[:3]
    for f, amount in zip(flows, (600_000, 40_000, 360_000), strict=True):
        f.amount, f.currency = amount, "USD"
        f.save()
    m = power_and_money(lens, "coordinator", TODAY)
    assert (m.basis, m.currency, m.total) == ("exact", "USD", 1_000_000)
    assert m.top_funder_share == pytest.approx(0.64)
    flows[2].currency = "EUR"
    flows[2].save()
    mixed = power_and_money(lens, "coordinator", TODAY)
    assert (mixed.basis, mixed.total) == ("bands", 805_000)


def test_only_coordinators_and_analysts_get_the_named_rows(cast):
    lens, _foreign, _local = _coalition(cast)
    for role, named in (("coordinator", True), ("analyst", True), ("member", False)):
        m = power_and_money(lens, role, TODAY)
        assert names_funders(role) is named
        assert bool(m.top_funders) is named, role
        assert m.top_funder_share == pytest.approx(655 / 805), role  # the shares for every role
    assert power_and_money(lens, "viewer", TODAY).top_funders == ()
    assert power_and_money(lens, None, TODAY).top_funders == ()


def test_without_funding_every_share_is_empty(cast):
    m = power_and_money(cast.lens, "coordinator", TODAY)
    assert (m.flows, m.total, m.top_funder_share, m.foreign_share) == (0, 0, None, None)
    assert m.budget.ratio is None
    assert m.budget.lowest_share is None
    # the panel says none is recorded, not "0; total about 0.00"
    assert money_rows(m)[0][1] == "no funding flow recorded"


def _money_chapter(lens, role, safe=False):
    report = report_data(coalition=lens, role=role, lang="en", today=TODAY, safe=safe)
    return json.dumps(next(s for s in report.sections if s.anchor == "power-and-money").tables)


@pytest.mark.parametrize("who", ["bob", "vic"])
def test_a_member_or_viewer_never_learns_the_funders_name_through_any_door(client, cast, who):
    lens, _foreign, _local = _coalition(cast)
    role = {"bob": "member", "vic": "viewer"}[who]
    client.force_login(getattr(cast, who))
    answer = client.get(f"/api/v1/coalitions/{lens.slug}/power-and-money")
    assert answer.status_code == 200
    body = answer.json()
    assert body["named"] is False
    assert body["top_funders"] == []
    assert body["top_funder_share"] == pytest.approx(655 / 805, abs=1e-6)
    assert FUNDER not in answer.content.decode()
    assert LOCAL not in answer.content.decode()
    page = client.get(reverse("insights_dashboard", args=[lens.slug])).content.decode()
    panel = page.split('data-testid="power-and-money"', 1)[1].split("</section>", 1)[0]
    assert "Dependence on the top funder" in panel
    assert "81%" in panel
    assert FUNDER not in page
    assert LOCAL not in page
    assert 'data-testid="funders"' not in page
    chapter = _money_chapter(lens, role)
    assert "81%" in chapter
    assert FUNDER not in chapter
    assert LOCAL not in chapter
    table = compare_coalitions([(lens, role)])
    assert FUNDER not in json.dumps(table.to_dict(), default=str)


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_coordinators_and_analysts_see_who_gives_what(client, cast, who):
    lens, _foreign, _local = _coalition(cast)
    client.force_login(getattr(cast, who))
    body = client.get(f"/api/v1/coalitions/{lens.slug}/power-and-money").json()
    assert [f["name"] for f in body["top_funders"]] == [FUNDER, LOCAL]
    page = client.get(reverse("insights_dashboard", args=[lens.slug])).content.decode()
    assert 'data-testid="funders"' in page
    assert FUNDER in page
    role = {"alice": "coordinator", "carol": "analyst"}[who]
    assert FUNDER in _money_chapter(lens, role)


def test_a_safe_mode_report_names_the_funders_by_their_alias(cast):
    lens, _foreign, _local = _coalition(cast)
    chapter = _money_chapter(lens, "coordinator", safe=True)
    assert FUNDER not in chapter
    assert LOCAL not in chapter
    assert "Funders by share" in chapter


def test_a_stranger_gets_no_figure(client, cast):
    lens, _foreign, _local = _coalition(cast)
    client.force_login(cast.dave)
    assert client.get(f"/api/v1/coalitions/{lens.slug}/power-and-money").status_code == 404


def test_every_figure_of_the_panel_links_to_its_section_of_docs_metrics(client, cast):
    from pathlib import Path

    from coalitionlens.insights.measures import anchor

    doc = Path(__file__).resolve().parents[3] / "docs" / "metrics.md"
    headings = {anchor(line[3:]) for line in doc.read_text().splitlines() if line.startswith("## ")}
    assert set(ANCHORS.values()) <= headings
    lens, _foreign, _local = _coalition(cast)
    client.force_login(cast.bob)
    page = client.get(reverse("insights_dashboard", args=[lens.slug])).content.decode()
    panel = page.split('data-testid="power-and-money"', 1)[1].split("</section>", 1)[0]
    for where in set(ANCHORS.values()):
        assert f'#{where}"' in panel, where


def test_the_comparison_and_its_file_carry_the_shares_and_no_name(cast):
    lens, _foreign, _local = _coalition(cast)
    rows = {m: v for _s, m, v in compare_coalitions([(lens, "coordinator")]).rows}
    assert rows["Dependence on the top funder"] == ["81%"]
    assert rows["Funding from foreign donors"] == ["81%"]
    assert rows["Funders"] == [2]
    assert rows["Budget: best- to least-resourced member"] == ["220× (3 members with a band)"]
    text = column_bytes(coalition=lens).decode()
    facts = json.loads(text)["facts"]
    assert facts["funding_top_share"] == pytest.approx(0.8137, abs=1e-4)
    assert facts["funding_funders"] == 2
    assert FUNDER not in text
    assert LOCAL not in text
