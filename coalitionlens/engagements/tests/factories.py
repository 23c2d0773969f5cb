from __future__ import annotations

import datetime as dt

import factory

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.tests.factories import CoalitionFactory, OrganisationFactory
from coalitionlens.engagements.models import Engagement, Participation


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement
        skip_postgeneration_save = True

    coalition = factory.SubFactory(CoalitionFactory)
    date = dt.date(2025, 5, 1)
    practice_type = vocab.PracticeType.JOINT_EVENT
    title = factory.Sequence(lambda n: f"Engagement {n}")
    domains = ["AWARENESS"]

    @factory.post_generation
    def with_orgs(self, create: bool, extracted: object, **kwargs: object) -> None:
        if not create:
            return
        lead = OrganisationFactory(coalition=self.coalition)
        Participation.objects.create(
            coalition=self.coalition, engagement=self, organisation=lead, role="LEAD"
        )
