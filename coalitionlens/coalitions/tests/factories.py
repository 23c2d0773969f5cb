from __future__ import annotations

import datetime as dt

import factory

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import (
    Coalition,
    FocalPoint,
    Funding,
    GovernmentSeat,
    Membership,
    Observation,
    Organisation,
    Partnership,
    Sector,
    Unit,
    UnitMember,
)


def core_sector(code: str) -> Sector:
    return Sector.objects.get(code=code, coalition__isnull=True)


class CoalitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coalition

    slug = factory.Sequence(lambda n: f"coalition-{n}")
    name = factory.Sequence(lambda n: f"Test Coalition {n}")
    country = "Fictland"
    region = vocab.Region.SOUTHEAST_ASIA
    governance_model = vocab.GovernanceModel.NETWORK_ADMINISTRATIVE
    languages = ["en", "fr"]


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    coalition = factory.SubFactory(CoalitionFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = factory.LazyFunction(lambda: core_sector("CIVIL_SOCIETY"))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    coalition = factory.SelfAttribute("organisation.coalition")
    joined_on = dt.date(2024, 1, 15)


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    organisation = factory.SubFactory(OrganisationFactory)
    coalition = factory.SelfAttribute("organisation.coalition")
    partnership_type = vocab.PartnershipType.REFERRAL
    purposes = ["RESTORATION"]
    started_on = dt.date(2024, 3, 1)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    coalition = factory.SubFactory(CoalitionFactory)
    kind = vocab.UnitKind.WORKING_GROUP
    name = factory.Sequence(lambda n: f"Working group {n}")


class UnitMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitMember

    unit = factory.SubFactory(UnitFactory)
    coalition = factory.SelfAttribute("unit.coalition")
    organisation = factory.SubFactory(
        OrganisationFactory, coalition=factory.SelfAttribute("..coalition")
    )


class FocalPointFactory(factory.django.DjangoModelFactory):
    """A fictional focal point (professional details only)."""

    class Meta:
        model = FocalPoint

    organisation = factory.SubFactory(OrganisationFactory)
    coalition = factory.SelfAttribute("organisation.coalition")
    name = factory.Sequence(lambda n: f"Focal Person {n}")
    role_title = "Programme officer"
    languages = "en, km"


class GovernmentSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernmentSeat

    coalition = factory.SubFactory(CoalitionFactory)
    body = factory.SubFactory(
        OrganisationFactory,
        coalition=factory.SelfAttribute("..coalition"),
        sector=factory.LazyFunction(lambda: core_sector("GOVERNMENT")),
    )


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    coalition = factory.SubFactory(CoalitionFactory)
    kind = vocab.ObservationKind.STAFF
    observed_on = factory.Sequence(lambda n: dt.date(2020, 1, 1) + dt.timedelta(days=n))
    value = 4


class FundingFactory(factory.django.DjangoModelFactory):
    """A fictional funding flow from a funder to the coalition itself (``recipient`` empty)."""

    class Meta:
        model = Funding

    funder = factory.SubFactory(
        OrganisationFactory, sector=factory.LazyFunction(lambda: core_sector("DONOR_FOUNDATION"))
    )
    coalition = factory.SelfAttribute("funder.coalition")
    recipient = None
    amount_band = vocab.FundingBand.F_50K_250K
    started_on = dt.date(2024, 1, 1)
