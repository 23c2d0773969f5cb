from __future__ import annotations

import factory

from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.pathways.models import ReferralTie, Service, SubStage


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    coalition = factory.SelfAttribute("organisation.coalition")
    name = factory.Sequence(lambda n: f"Service {n}")
    stage = "SHELTER"
    trafficking_types = factory.LazyFunction(lambda: ["LABOUR"])
    populations = factory.LazyFunction(lambda: ["ADULTS"])
    provinces = factory.LazyFunction(list)
    languages = factory.LazyFunction(lambda: ["Khmer"])


class ReferralTieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralTie

    from_service = factory.SubFactory(ServiceFactory, stage="IDENTIFICATION")
    to_service = factory.SubFactory(
        ServiceFactory,
        stage="SHELTER",
        organisation__coalition=factory.SelfAttribute("...from_service.coalition"),
    )
    coalition = factory.SelfAttribute("from_service.coalition")


class SubStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubStage

    coalition = factory.SubFactory("coalitionlens.coalitions.tests.factories.CoalitionFactory")
    stage = "FIRST_RESPONSE"
    name = factory.Sequence(lambda n: f"Sub-stage {n}")
