"""A coalition's demo data as plain values, before it touches the database.

Organisations are referred to by their index in :attr:`CoalitionPlan.organisations`, so a plan can be
compared, hashed and tested without Django.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "CoalitionPlan",
    "EngagementSpec",
    "MembershipSpec",
    "ObservationSpec",
    "OrganisationSpec",
    "PartnershipSpec",
    "SeatSpec",
    "StrategySpec",
    "TensionSpec",
    "UnitSpec",
]


@dataclass(frozen=True)
class OrganisationSpec:
    name: str
    sector: str
    subsector: str
    acronym: str = ""
    faith_based: bool = False
    survivor_led: bool = False
    scale: str = "NATIONAL"
    origin: str = "DOMESTIC"
    at_risk: bool = False
    city: str = ""


@dataclass(frozen=True)
class MembershipSpec:
    org: int
    tier: str
    status: str
    joined_on: dt.date
    ended_on: dt.date | None = None
    end_reason: str = ""

    def is_member_on(self, day: dt.date) -> bool:
        if self.status == "APPLICANT" or self.joined_on > day:
            return False
        return self.ended_on is None or self.ended_on > day


@dataclass(frozen=True)
class PartnershipSpec:
    org: int
    partnership_type: str
    formality: str
    level: int
    purposes: tuple[str, ...]
    started_on: dt.date
    ended_on: dt.date | None = None


@dataclass(frozen=True)
class UnitSpec:
    kind: str
    name: str
    description: str
    established_on: dt.date
    members: tuple[tuple[int, str, dt.date], ...]  # (organisation, role, since)


@dataclass(frozen=True)
class SeatSpec:
    body: int
    held_by: int | None
    kind: str
    since: dt.date
    until: dt.date | None = None
    notes: str = ""


@dataclass(frozen=True)
class ObservationSpec:
    kind: str
    observed_on: dt.date
    value: int
    currency: str = ""


@dataclass(frozen=True)
class EngagementSpec:
    date: dt.date
    practice_type: str
    title: str
    description: str
    domains: tuple[str, ...]
    four_ps: tuple[str, ...]
    initiated_by: str
    outcome: str
    confidentiality: str
    leads: tuple[int, ...]
    counterparts: tuple[int, ...]
    end_date: dt.date | None = None
    outcome_notes: str = ""
    follow_up: str = ""
    follow_up_due: dt.date | None = None


@dataclass(frozen=True)
class TensionSpec:
    title: str
    description: str
    level: str
    category: str
    parties: tuple[int, ...]
    status: str
    observed_on: dt.date
    resolved_on: dt.date | None = None


@dataclass(frozen=True)
class ActionSpec:
    text: str
    due_on: dt.date
    status: str
    done_on: dt.date | None = None


@dataclass(frozen=True)
class StrategySpec:
    category: str
    title: str
    description: str
    status: str
    adopted_on: dt.date | None
    tensions: tuple[int, ...]
    owner: int | None = None
    review_on: dt.date | None = None
    actions: tuple[ActionSpec, ...] = ()


@dataclass
class CoalitionPlan:
    slug: str
    name: str
    country: str
    region: str
    founded: int
    governance_model: str
    languages: tuple[str, ...]
    description: str
    secretariat: int
    member_user_org: int
    organisations: list[OrganisationSpec] = field(default_factory=list)
    memberships: list[MembershipSpec] = field(default_factory=list)
    partnerships: list[PartnershipSpec] = field(default_factory=list)
    units: list[UnitSpec] = field(default_factory=list)
    seats: list[SeatSpec] = field(default_factory=list)
    observations: list[ObservationSpec] = field(default_factory=list)
    engagements: list[EngagementSpec] = field(default_factory=list)
    tensions: list[TensionSpec] = field(default_factory=list)
    strategies: list[StrategySpec] = field(default_factory=list)
