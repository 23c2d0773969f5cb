"""Helpers shared by the survey pages' tests."""

from __future__ import annotations

from coalitionlens.coalitions.tests.factories import core_sector
from coalitionlens.surveys.tests.factories import counting_organisation


def _orgs(cast, n=8):
    sectors = ["CIVIL_SOCIETY", "GOVERNMENT", "BUSINESS", "FAITH_BASED"]
    return [
        counting_organisation(
            coalition=cast.lens, name=f"Org {i}", sector=core_sector(sectors[i % 4])
        )
        for i in range(n)
    ]
