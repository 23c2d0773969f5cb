"""A report shows only what the role it is made for may see."""

from __future__ import annotations

from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.engagements.models import Participation
from coalitionlens.engagements.tests.factories import EngagementFactory
from coalitionlens.reports.services import report_build

SENTINEL = "Sentinel Border Unit 4471"


def _coalition_with_a_restricted_engagement(cast):
    ngo = OrganisationFactory(coalition=cast.lens, name="Riverbank Shelter Trust")
    church = OrganisationFactory(
        coalition=cast.lens, name="Hillside Parish Circle", sector=core_sector("FAITH_BASED")
    )
    police = OrganisationFactory(
        coalition=cast.lens, name=SENTINEL, sector=core_sector("LAW_ENFORCEMENT")
    )
    for title, conf, counterpart in (
        ("Border referral talks", "RESTRICTED", police),
        ("Community awareness day", "INTERNAL", church),
    ):
        e = EngagementFactory(coalition=cast.lens, title=title, confidentiality=conf)
        Participation.objects.create(
            coalition=cast.lens, engagement=e, organisation=ngo, role="LEAD"
        )
        Participation.objects.create(
            coalition=cast.lens, engagement=e, organisation=counterpart, role="COUNTERPART"
        )


def _rows(csv_bytes: bytes, name: str) -> list[list[str]]:
    """The report's lines about ``name``: the network chapter's first (name, sector, degree, …),
    then the timeline's, one a period it had a tie in."""
    return [
        line.split(",") for line in csv_bytes.decode().splitlines() if line.startswith(name + ",")
    ]


def test_a_members_report_leaves_out_a_restricted_tie_the_coordinators_includes(cast):
    """The police unit is in the directory every role reads; its tie through a restricted
    engagement is not: in a member's report it has no tie at all."""
    _coalition_with_a_restricted_engagement(cast)
    coordinator = report_build(coalition=cast.lens, role="coordinator", fmt="csv", lang="en")
    member = report_build(coalition=cast.lens, role="member", fmt="csv", lang="en")
    member_html = report_build(coalition=cast.lens, role="member", fmt="html", lang="en")
    theirs, mine = _rows(coordinator, SENTINEL), _rows(member, SENTINEL)
    assert int(theirs[0][2]) >= 1  # degree: tied to the leads of the talks
    assert len(theirs) == 2  # and in the timeline, tied this year
    assert mine[0][2] == "0"
    assert len(mine) == 1  # a member's timeline has no tie of it in any period
    assert b"Border referral talks" not in member_html
    assert b"Border referral talks" not in member


FUNDER = "Sentinel Harbour Foundation 8820"


def _chapter(html: bytes) -> str:
    """The power-and-money chapter of a report's HTML, up to the next chapter."""
    return html.decode().split('<section id="power-and-money">', 1)[1].split("</section>", 1)[0]


def test_a_members_report_gives_the_funding_shares_but_never_the_funders_name(cast):
    """Members and viewers read the directory, so the foundation is named elsewhere in their
    report; which share of the money it gives is the coordinators' and analysts' to read."""
    from coalitionlens.coalitions.tests.factories import FundingFactory

    funder = OrganisationFactory(
        coalition=cast.lens, name=FUNDER, origin="FOREIGN", sector=core_sector("DONOR_FOUNDATION")
    )
    FundingFactory(funder=funder, amount_band="F_250K_1M")
    FundingFactory(funder=funder, amount_band="F_10K_50K")
    coordinator = _chapter(
        report_build(coalition=cast.lens, role="coordinator", fmt="html", lang="en")
    )
    assert FUNDER in coordinator
    for role in ("member", "viewer"):
        mine = _chapter(report_build(coalition=cast.lens, role=role, fmt="html", lang="en"))
        assert "100%" in mine  # one funder: the whole of the money, and all of it foreign
        assert FUNDER not in mine, role
        assert "Funders by share" not in mine, role
