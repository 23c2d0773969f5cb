"""Test data shared by the cross-cutting tests: one record of every kind in a coalition."""

from __future__ import annotations

from coalitionlens.accounts.models import CoalitionRole
from coalitionlens.coalitions.models import Sector
from coalitionlens.coalitions.tests.factories import (
    FocalPointFactory,
    FundingFactory,
    GovernmentSeatFactory,
    MembershipFactory,
    ObservationFactory,
    OrganisationFactory,
    PartnershipFactory,
    UnitFactory,
    UnitMemberFactory,
    core_sector,
)
from coalitionlens.engagements.tests.factories import EngagementFactory
from coalitionlens.pathways.tests.factories import (
    ReferralTieFactory,
    ServiceFactory,
    SubStageFactory,
)
from coalitionlens.tensions.tests.factories import (
    StrategyActionFactory,
    StrategyFactory,
    TensionFactory,
)


def seed_every_kind(coalition):
    """One record of every kind in the coalition (for isolation and deletion tests)."""
    org = OrganisationFactory(coalition=coalition, name=f"{coalition.slug} shelter")
    unit = UnitFactory(coalition=coalition)
    tension = TensionFactory(coalition=coalition)
    objs = {
        "organisation": org,
        "membership": MembershipFactory(organisation=org),
        "partnership": PartnershipFactory(organisation=org),
        "unit": unit,
        "unitmember": UnitMemberFactory(unit=unit, organisation=org),
        "focalpoint": FocalPointFactory(organisation=org, name=f"{coalition.slug} Focal Sentinel"),
        "seat": GovernmentSeatFactory(coalition=coalition),
        "observation": ObservationFactory(coalition=coalition),
        "sector": Sector.objects.create(
            coalition=coalition,
            parent=core_sector("BUSINESS"),
            code=f"{coalition.slug.upper()}_MINES",
            name="Mines",
            macro_sector="PRIVATE",
        ),
        "engagement": EngagementFactory(coalition=coalition),
        "tension": tension,
        "strategy": StrategyFactory(coalition=coalition),
    }
    objs["funding"] = FundingFactory(
        funder=OrganisationFactory(coalition=coalition, name=f"{coalition.slug} Funder Sentinel"),
        recipient=org,
        amount=123457,
        currency="USD",
        notes=f"{coalition.slug} funding note sentinel",
    )
    objs["strategy"].tensions.add(tension)
    objs["action"] = StrategyActionFactory(coalition=coalition, strategy=objs["strategy"])
    OrganisationFactory(
        coalition=coalition,
        name=f"{coalition.slug} mine",
        sector=core_sector("BUSINESS"),
        subsector=objs["sector"],
    )
    objs["substage"] = SubStageFactory(coalition=coalition, stage="SHELTER")
    objs["service"] = ServiceFactory(
        organisation=org, substage=objs["substage"], provinces=[f"{coalition.slug} north"]
    )
    objs["referral"] = ReferralTieFactory(
        from_service__organisation=org, to_service=objs["service"],
        partnership=objs["partnership"], engagement=objs["engagement"],
    )  # fmt: skip
    objs["person"] = CoalitionRole.objects.filter(coalition=coalition).order_by("pk").first()
    return objs
