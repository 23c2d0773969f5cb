from __future__ import annotations

import datetime as dt

import factory

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.tests.factories import CoalitionFactory
from coalitionlens.tensions.models import Strategy, StrategyAction, Tension


class TensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tension

    coalition = factory.SubFactory(CoalitionFactory)
    title = factory.Sequence(lambda n: f"Tension {n}")
    level = vocab.TensionLevel.CROSS_SECTOR
    category = vocab.TensionCategory.POWER_ASYMMETRY
    observed_on = dt.date(2025, 2, 1)


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    coalition = factory.SubFactory(CoalitionFactory)
    title = factory.Sequence(lambda n: f"Strategy {n}")
    category = vocab.StrategyCategory.SHARED_LEADERSHIP


class StrategyActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategyAction

    coalition = factory.SubFactory(CoalitionFactory)
    strategy = factory.SubFactory(StrategyFactory, coalition=factory.SelfAttribute("..coalition"))
    text = factory.Sequence(lambda n: f"Action {n}")
    due_on = dt.date(2025, 6, 1)
