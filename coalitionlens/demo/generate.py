"""Turn a :class:`~coalitionlens.demo.profiles.CoalitionProfile` and a seed into a :class:`CoalitionPlan`.

Pure Python, no database: the same profile and seed always give an identical plan.

>>> from coalitionlens.demo.profiles import PACIFIC
>>> build_plan(PACIFIC, seed=7) == build_plan(PACIFIC, seed=7)
True
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import TypeVar

from coalitionlens.demo.engagement_text import describe, outcome_note, title_for
from coalitionlens.demo.inclusion import survivor_seats
from coalitionlens.demo.names import NameMaker, acronym_of, contains_real_name
from coalitionlens.demo.orgnames import organisation_name
from coalitionlens.demo.plan import (
    ActionSpec,
    CoalitionPlan,
    EngagementSpec,
    MembershipSpec,
    ObservationSpec,
    OrganisationSpec,
    PartnershipSpec,
    SeatSpec,
    StrategySpec,
    TensionSpec,
    UnitSpec,
)
from coalitionlens.demo.profiles import CoalitionProfile
from coalitionlens.demo.shared import shared_tensions

__all__ = ["PERIOD_END", "PERIOD_START", "build_plan"]

# Fixed, so that the data never depends on the day it is loaded: three years of engagements.
PERIOD_START = dt.date(2023, 11, 1)
PERIOD_END = dt.date(2026, 10, 31)

T = TypeVar("T")

_INTERNATIONAL = {"DONOR_BILATERAL", "DONOR_MULTILATERAL", "INTERGOVERNMENTAL", "INTERNATIONAL_NGO"}
_CIVIL = {"CIVIL_SOCIETY", "FAITH_BASED", "SURVIVOR_LED"}
_SENSITIVE_KINDS = {"LAW_ENFORCEMENT", "IMMIGRATION_BORDER", "PROSECUTION"}
_SENSITIVE_PRACTICES = {
    "REFERRAL_PROTOCOL",
    "INFORMATION_SHARING",
    "MONITORING_INPUT",
    "MOU",
    "TRAINING_GIVEN",
}

# Which kinds of organisation each practice engages (sector or sub-sector codes, with weights).
COUNTERPARTS: dict[str, dict[str, int]] = {
    "GOVERNMENT_SEAT": {"GOVERNMENT": 1},
    "POLICY_CONSULTATION": {"GOVERNMENT": 6, "LEGISLATURE": 2, "INTERGOVERNMENTAL": 1},
    "TRAINING_GIVEN": {
        "LAW_ENFORCEMENT": 4,
        "GOVERNMENT": 3,
        "BUSINESS": 2,
        "FAITH_BASED": 1,
        "TRADITIONAL_AUTHORITY": 1,
        "MEDIA": 1,
        "LABOUR_PROFESSIONAL": 1,
    },
    "TRAINING_RECEIVED": {
        "INTERNATIONAL_NGO": 3,
        "INTERGOVERNMENTAL": 2,
        "ACADEMIA": 1,
        "DONOR_BILATERAL": 1,
    },
    "EVENT_INVITATION": {
        "GOVERNMENT": 3,
        "BUSINESS": 2,
        "DONOR_BILATERAL": 2,
        "INTERGOVERNMENTAL": 1,
        "MEDIA": 1,
        "LAW_ENFORCEMENT": 1,
        "TRADITIONAL_AUTHORITY": 1,
    },
    "JOINT_EVENT": {
        "MEDIA": 2,
        "FAITH_BASED": 2,
        "BUSINESS": 2,
        "GOVERNMENT": 2,
        "ACADEMIA": 1,
        "TRADITIONAL_AUTHORITY": 1,
        "INTERNATIONAL_NGO": 1,
    },
    "REFERRAL_PROTOCOL": {
        "LAW_ENFORCEMENT": 4,
        "EXECUTIVE_AGENCY": 2,
        "IMMIGRATION_BORDER": 2,
        "LABOUR_INSPECTION": 1,
    },
    "MOU": {"GOVERNMENT": 3, "LAW_ENFORCEMENT": 1, "BUSINESS": 1, "INTERNATIONAL_NGO": 1},
    "INFORMATION_SHARING": {
        "LAW_ENFORCEMENT": 3,
        "GOVERNMENT": 2,
        "INTERGOVERNMENTAL": 1,
        "ACADEMIA": 1,
    },
    "MONITORING_INPUT": {
        "NATIONAL_ANTI_TRAFFICKING_BODY": 3,
        "INTERGOVERNMENTAL": 2,
        "DONOR_BILATERAL": 2,
    },
    "PRO_BONO": {"BUSINESS": 4, "MEDIA": 1, "LABOUR_PROFESSIONAL": 2},
    "FUNDING": {
        "DONOR_BILATERAL": 3,
        "DONOR_FOUNDATION": 2,
        "DONOR_MULTILATERAL": 1,
        "BUSINESS": 2,
        "INTERGOVERNMENTAL": 1,
    },
    "SUPPLY_CHAIN": {
        "SUPPLY_CHAIN_BRAND": 4,
        "EMPLOYER": 3,
        "BUSINESS_ASSOCIATION": 1,
        "LABOUR_INSPECTION": 1,
    },
    "PLATFORM_LISTING": {"TECH": 2, "GOVERNMENT": 1, "INTERNATIONAL_NGO": 1},
    "OTHER": {"GOVERNMENT": 1, "BUSINESS": 1, "ACADEMIA": 1, "MEDIA": 1, "INTERNATIONAL_NGO": 1},
}

DOMAINS: dict[str, tuple[str, ...]] = {
    "GOVERNMENT_SEAT": ("POLICY_ADVOCACY", "PREVENTION", "LAW_ENFORCEMENT"),
    "POLICY_CONSULTATION": ("POLICY_ADVOCACY", "RESEARCH", "RESTORATION"),
    "TRAINING_GIVEN": ("EQUIPPING", "INTERVENTION", "LAW_ENFORCEMENT", "RESTORATION"),
    "TRAINING_RECEIVED": ("EQUIPPING", "RESEARCH", "RESTORATION"),
    "EVENT_INVITATION": ("AWARENESS", "POLICY_ADVOCACY", "PREVENTION"),
    "JOINT_EVENT": ("AWARENESS", "PREVENTION"),
    "REFERRAL_PROTOCOL": ("INTERVENTION", "RESTORATION", "LAW_ENFORCEMENT"),
    "MOU": ("INTERVENTION", "RESTORATION", "PREVENTION"),
    "INFORMATION_SHARING": ("RESEARCH", "LAW_ENFORCEMENT", "INTERVENTION"),
    "MONITORING_INPUT": ("RESEARCH", "POLICY_ADVOCACY"),
    "PRO_BONO": ("RESTORATION", "AWARENESS", "EQUIPPING"),
    "FUNDING": ("RESTORATION", "PREVENTION", "RESEARCH", "AWARENESS"),
    "SUPPLY_CHAIN": ("PREVENTION", "RESEARCH", "INTERVENTION"),
    "PLATFORM_LISTING": ("AWARENESS", "PREVENTION"),
    "OTHER": ("AWARENESS", "RESEARCH"),
}

_DOMAIN_TO_P = {
    "PREVENTION": "PREVENTION",
    "AWARENESS": "PREVENTION",
    "INTERVENTION": "PROTECTION",
    "RESTORATION": "PROTECTION",
    "LAW_ENFORCEMENT": "PROSECUTION",
}
_PARTNERSHIP_PRACTICES = {
    "GOVERNMENT_SEAT",
    "POLICY_CONSULTATION",
    "MOU",
    "REFERRAL_PROTOCOL",
    "SUPPLY_CHAIN",
}
_FOUR_PS = ("PREVENTION", "PROTECTION", "PROSECUTION", "PARTNERSHIP")

PARTNERSHIP_TYPES: dict[str, tuple[str, ...]] = {
    "DONOR_FOUNDATION": ("FUNDING",),
    "DONOR_BILATERAL": ("FUNDING",),
    "DONOR_MULTILATERAL": ("FUNDING", "TECHNICAL_SUPPORT"),
    "INTERGOVERNMENTAL": ("TECHNICAL_SUPPORT", "FUNDING", "CONVENING", "DATA_SHARING"),
    "INTERNATIONAL_NGO": ("TECHNICAL_SUPPORT", "IMPLEMENTATION", "FUNDING"),
    "GOVERNMENT": ("REFERRAL", "ADVISORY", "CONVENING", "DATA_SHARING"),
    "LAW_ENFORCEMENT": ("REFERRAL", "DATA_SHARING"),
    "BUSINESS": ("IN_KIND", "FUNDING", "TECHNICAL_SUPPORT", "IMPLEMENTATION"),
    "ACADEMIA": ("DATA_SHARING", "TECHNICAL_SUPPORT"),
    "MEDIA": ("IN_KIND", "CONVENING"),
    "LABOUR_PROFESSIONAL": ("REFERRAL", "IN_KIND"),
}
_LEVELS = {
    "FUNDING": (1, 3),
    "REFERRAL": (2, 4),
    "IMPLEMENTATION": (3, 5),
    "ADVISORY": (1, 3),
    "CONVENING": (1, 3),
    "DATA_SHARING": (2, 4),
    "IN_KIND": (1, 3),
    "TECHNICAL_SUPPORT": (2, 4),
}
_PURPOSES = {
    "FUNDING": ("RESTORATION", "PREVENTION", "RESEARCH", "AWARENESS", "EQUIPPING"),
    "REFERRAL": ("INTERVENTION", "RESTORATION", "LAW_ENFORCEMENT"),
    "IMPLEMENTATION": ("PREVENTION", "RESTORATION", "INTERVENTION"),
    "ADVISORY": ("POLICY_ADVOCACY", "RESEARCH"),
    "CONVENING": ("AWARENESS", "POLICY_ADVOCACY"),
    "DATA_SHARING": ("RESEARCH", "LAW_ENFORCEMENT"),
    "IN_KIND": ("AWARENESS", "RESTORATION", "EQUIPPING"),
    "TECHNICAL_SUPPORT": ("EQUIPPING", "RESEARCH", "PREVENTION"),
}


def _weighted(rng: random.Random, weights: dict[str, int] | dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _some(rng: random.Random, items: Sequence[T], low: int, high: int) -> list[T]:
    k = min(len(items), rng.randint(low, high))
    return rng.sample(list(items), k)


def _day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


class _Builder:
    def __init__(self, profile: CoalitionProfile, seed: int) -> None:
        self.p = profile
        self.rng = random.Random(f"{seed}:{profile.slug}")
        self.names = NameMaker(self.rng, profile.syllables, profile.endings)
        self.founded = dt.date(profile.founded, 3, 1)
        self.orgs: list[OrganisationSpec] = []
        self.by_kind: dict[str, list[int]] = {}
        self.memberships: list[MembershipSpec] = []
        self.member_of: dict[int, MembershipSpec] = {}

    # --- organisations -------------------------------------------------------------------------
    def organisations(self) -> None:
        rng = self.rng
        for sector, sub, count in self.p.mix:
            kind = sub or sector
            for _ in range(count):
                name = organisation_name(self.names, kind, self.p.country)
                scale = "NATIONAL"
                if sector in _INTERNATIONAL:
                    scale = "INTERNATIONAL"
                elif kind in {"COMMUNITY_BASED", "LOCAL_GOVERNMENT", "TRADITIONAL_AUTHORITY"} or (
                    sector == "FAITH_BASED" and rng.random() < 0.5
                ):
                    scale = "LOCAL"
                foreign = sector in _INTERNATIONAL or (
                    kind in {"DONOR_FOUNDATION", "SUPPLY_CHAIN_BRAND"} and rng.random() < 0.5
                )
                acronym = ""
                if scale != "LOCAL" and rng.random() < 0.4:
                    candidate = acronym_of(name)
                    if 3 <= len(candidate) <= 8 and contains_real_name(candidate) is None:
                        acronym = candidate
                survivor_led = sector == "SURVIVOR_LED" or (
                    kind == "VICTIM_SERVICES" and rng.random() < 0.05
                )
                spec = OrganisationSpec(
                    name=name,
                    sector=sector,
                    subsector=sub,
                    acronym=acronym,
                    faith_based=sector == "FAITH_BASED"
                    or (kind == "VICTIM_SERVICES" and rng.random() < 0.2),
                    survivor_led=survivor_led,
                    scale=scale,
                    origin="FOREIGN" if foreign else "DOMESTIC",
                    at_risk=survivor_led or (kind == "VICTIM_SERVICES" and rng.random() < 0.15),
                    city="" if foreign else self.names.place(),
                )
                index = len(self.orgs)
                self.orgs.append(spec)
                self.by_kind.setdefault(sector, []).append(index)
                if sub:
                    self.by_kind.setdefault(sub, []).append(index)

    def kind_of(self, org: int) -> tuple[str, str]:
        return self.orgs[org].sector, self.orgs[org].subsector

    # --- memberships ---------------------------------------------------------------------------
    def membership(self, secretariat: int) -> None:
        rng = self.rng
        candidates: list[int] = []
        for index, org in enumerate(self.orgs):
            odds = self.p.member_odds.get(org.sector, 0.0)
            if index == secretariat or rng.random() < odds:
                candidates.append(index)
        # Ended and pending statuses in fixed proportions, so every coalition shows each of them.
        others = [i for i in candidates if i != secretariat]
        rng.shuffle(others)
        n = len(candidates)
        quota = [
            ("LAPSED", max(1, round(0.08 * n))),
            ("WITHDRAWN", max(1, round(0.07 * n))),
            ("EXPELLED", 1),
            ("SUSPENDED", max(1, round(0.02 * n))),
            ("APPLICANT", max(1, round(0.03 * n))),
        ]
        status_of: dict[int, str] = {}
        cursor = 0
        for status, k in quota:
            for member in others[cursor : cursor + k]:
                status_of[member] = status
            cursor += k
        for index in candidates:
            self.memberships.append(
                self._membership(index, status_of.get(index, "ACTIVE"), index == secretariat)
            )
        self.memberships.sort(key=lambda m: m.org)
        self.member_of = {m.org: m for m in self.memberships}

    def _membership(self, org: int, status: str, founding: bool) -> MembershipSpec:
        rng = self.rng
        sector = self.orgs[org].sector
        if sector == "GOVERNMENT":
            tier = "OBSERVER"
        elif sector in {"BUSINESS", "INTERNATIONAL_NGO", "ACADEMIA", "MEDIA"} or (
            sector == "LABOUR_PROFESSIONAL" and rng.random() < 0.5
        ):
            tier = "ASSOCIATE" if rng.random() < 0.8 else "FULL"
        elif sector == "TRADITIONAL_AUTHORITY" and rng.random() < 0.5:
            tier = "HONORARY"
        else:
            tier = "FULL" if rng.random() < 0.9 else "ASSOCIATE"
        if status == "APPLICANT":
            joined = _day_between(
                rng, PERIOD_END - dt.timedelta(days=120), PERIOD_END - dt.timedelta(days=10)
            )
            return MembershipSpec(org=org, tier=tier, status=status, joined_on=joined)
        latest = PERIOD_END - dt.timedelta(
            days=400 if status in {"LAPSED", "WITHDRAWN", "EXPELLED"} else 60
        )
        joined = (
            self.founded
            if founding or rng.random() < 0.3
            else _day_between(rng, self.founded, latest)
        )
        if status not in {"LAPSED", "WITHDRAWN", "EXPELLED"}:
            return MembershipSpec(org=org, tier=tier, status=status, joined_on=joined)
        ended = _day_between(
            rng,
            max(joined + dt.timedelta(days=180), PERIOD_START - dt.timedelta(days=700)),
            PERIOD_END,
        )
        reasons = {
            "LAPSED": ("NON_PAYMENT", "RESOURCES"),
            "WITHDRAWN": (
                "MISSION_CHANGE",
                "DISAGREEMENT",
                "EXTERNAL_PRESSURE",
                "ORGANISATION_CLOSED",
            ),
            "EXPELLED": ("CODE_OF_CONDUCT",),
        }[status]
        return MembershipSpec(org, tier, status, joined, ended, rng.choice(reasons))

    def active_members(self, day: dt.date, *, civil_only: bool = False) -> list[int]:
        return [
            m.org
            for m in self.memberships
            if m.is_member_on(day)
            and m.status != "SUSPENDED"
            and (not civil_only or self.orgs[m.org].sector in _CIVIL)
        ]

    # --- partnerships --------------------------------------------------------------------------
    def partnerships(self, secretariat: int) -> list[PartnershipSpec]:
        rng = self.rng
        out: list[PartnershipSpec] = []
        for index, org in enumerate(self.orgs):
            odds = self.p.partner_odds.get(org.sector, 0.0)
            if index == secretariat or rng.random() >= odds:
                continue
            types = PARTNERSHIP_TYPES[org.sector]
            if org.subsector == "SUPPLY_CHAIN_BRAND":
                types = ("TECHNICAL_SUPPORT", "IMPLEMENTATION", "FUNDING")
            for ptype in _some(rng, types, 1, 1 if rng.random() < 0.85 else 2):
                if ptype == "FUNDING":
                    formality = "CONTRACT" if rng.random() < 0.7 else "MOU"
                elif ptype in {"REFERRAL", "DATA_SHARING"}:
                    formality = _weighted(rng, {"MOU": 6, "LETTERS": 2, "INFORMAL": 2})
                else:
                    formality = _weighted(rng, {"INFORMAL": 45, "LETTERS": 30, "MOU": 25})
                low, high = _LEVELS[ptype]
                started = _day_between(
                    rng, max(self.founded, dt.date(2016, 1, 1)), PERIOD_END - dt.timedelta(days=90)
                )
                ended = None
                if rng.random() < 0.15 and (PERIOD_END - started).days > 200:
                    ended = _day_between(rng, started + dt.timedelta(days=180), PERIOD_END)
                out.append(
                    PartnershipSpec(
                        org=index,
                        partnership_type=ptype,
                        formality=formality,
                        level=rng.randint(low, high),
                        purposes=tuple(sorted(_some(rng, _PURPOSES[ptype], 1, 3))),
                        started_on=started,
                        ended_on=ended,
                    )
                )
        return out

    # --- units and seats -----------------------------------------------------------------------
    def units(self, secretariat: int) -> list[UnitSpec]:
        rng = self.rng
        members = [m for m in self.active_members(PERIOD_START) if m != secretariat]
        civil = [m for m in self.active_members(PERIOD_START, civil_only=True) if m != secretariat]
        board_size = 5 if len(self.orgs) < 60 else 7
        board = [secretariat, *_some(rng, civil, board_size - 1, board_size - 1)]
        roles = ["CHAIR", "VICE_CHAIR", "SECRETARY"] + ["MEMBER"] * (len(board) - 3)
        rng.shuffle(roles)
        since = _day_between(rng, PERIOD_START - dt.timedelta(days=730), PERIOD_START)
        out = [
            UnitSpec(
                "BOARD",
                "Steering Committee"
                if self.p.governance_model == "PARTICIPANT_GOVERNED"
                else "Board",
                "Elected by the general assembly every two years.",
                self.founded,
                tuple((org, role, since) for org, role in zip(board, roles, strict=True)),
            ),
            UnitSpec(
                "SECRETARIAT",
                "Secretariat",
                "Day-to-day coordination, hosted by a member.",
                self.founded,
                ((secretariat, "HOST", self.founded),),
            ),
        ]
        size = (4, 7) if len(self.orgs) < 60 else (5, 10)
        for name in self.p.working_groups:
            established = _day_between(rng, self.founded, PERIOD_START)
            group = _some(rng, members, *size)
            out.append(
                UnitSpec(
                    "WORKING_GROUP",
                    f"{name} Working Group",
                    f"Members working on {name.lower()}.",
                    established,
                    tuple(
                        (
                            org,
                            "CHAIR" if i == 0 else "MEMBER",
                            _day_between(rng, established, PERIOD_START),
                        )
                        for i, org in enumerate(group)
                    ),
                )
            )
        forum_orgs = [i for kind in self.p.forum_kinds for i in self.by_kind.get(kind, [])]
        forum_orgs = sorted(_some(rng, forum_orgs, 4, 8))
        established = _day_between(rng, self.founded, PERIOD_START)
        out.append(
            UnitSpec(
                "FORUM",
                self.p.forum,
                "A standing forum the secretariat convenes twice a year.",
                established,
                (
                    (secretariat, "HOST", established),
                    *((org, "MEMBER", established) for org in forum_orgs),
                ),
            )
        )
        local = [m for m in members if self.orgs[m].scale == "LOCAL"] or members
        for _ in range(self.p.chapters):
            established = _day_between(rng, self.founded, PERIOD_START)
            chapter = _some(rng, local, 3, 6)
            out.append(
                UnitSpec(
                    "CHAPTER",
                    self.names.unique(lambda: f"{self.names.place()} Chapter"),
                    "A provincial chapter of local members.",
                    established,
                    tuple(
                        (org, "CHAIR" if i == 0 else "MEMBER", established)
                        for i, org in enumerate(chapter)
                    ),
                )
            )
        return out

    def seats(self, secretariat: int) -> list[SeatSpec]:
        rng = self.rng
        national = self.by_kind.get("NATIONAL_ANTI_TRAFFICKING_BODY", [])
        others = [g for g in self.by_kind.get("GOVERNMENT", []) if g not in national]
        rng.shuffle(others)
        bodies = (national + others)[: self.p.seats]
        civil = [m for m in self.active_members(PERIOD_START, civil_only=True) if m != secretariat]
        out: list[SeatSpec] = []
        for i, body in enumerate(bodies):
            held_by = None if i == 0 or rng.random() < 0.4 else rng.choice(civil)
            kind = (
                rng.choice(("MEMBER", "CO_CHAIR"))
                if i == 0
                else _weighted(rng, {"MEMBER": 5, "OBSERVER": 3, "ADVISOR": 2})
            )
            since = _day_between(rng, max(self.founded, dt.date(2017, 1, 1)), PERIOD_START)
            until = (
                _day_between(rng, PERIOD_START, PERIOD_END)
                if i > 0 and rng.random() < 0.2
                else None
            )
            out.append(
                SeatSpec(
                    body,
                    held_by,
                    kind,
                    since,
                    until,
                    "Holds the seat on behalf of the coalition." if held_by is not None else "",
                )
            )
        return out

    # --- observations --------------------------------------------------------------------------
    def observations(self) -> list[ObservationSpec]:
        rng = self.rng
        days = [dt.date(y, 12, 31) for y in range(max(self.p.founded, 2019), 2026)] + [
            dt.date(2026, 6, 30)
        ]
        out: list[ObservationSpec] = []
        for step, day in enumerate(days):
            share = step / max(1, len(days) - 1)
            staff = round(
                self.p.staff[0]
                + share * (self.p.staff[1] - self.p.staff[0])
                + rng.choice((-1, 0, 0, 1))
            )
            funding = self.p.funding[0] + share * (self.p.funding[1] - self.p.funding[0])
            funding *= rng.uniform(0.88, 1.12)
            out += [
                ObservationSpec("STAFF", day, max(1, staff)),
                ObservationSpec("MEMBERS", day, len(self.active_members(day))),
                ObservationSpec("FUNDING", day, int(round(funding, -3)), "USD"),
            ]
        return out

    # --- engagements ---------------------------------------------------------------------------
    def engagements(self, secretariat: int, seats: list[SeatSpec]) -> list[EngagementSpec]:
        rng = self.rng
        span = (PERIOD_END - PERIOD_START).days
        practices = dict(self.p.practice_weights)
        out: list[EngagementSpec] = []
        for _ in range(self.p.engagements):
            # More engagements in later years: the coalition grows into its partnerships.
            day = PERIOD_START + dt.timedelta(days=int(span * rng.random() ** 0.85))
            practice = _weighted(rng, practices)
            counterparts = self._counterparts(practice, day, seats)
            if not counterparts:
                practice, counterparts = "OTHER", self._counterparts("OTHER", day, seats)
            leads = self._leads(day, secretariat, counterparts)
            domains = tuple(sorted(_some(rng, DOMAINS[practice], 1, 3)))
            four_ps = {_DOMAIN_TO_P[d] for d in domains if d in _DOMAIN_TO_P}
            if practice in _PARTNERSHIP_PRACTICES or rng.random() < 0.3:
                four_ps.add("PARTNERSHIP")
            cp_kinds = {k for c in counterparts for k in self.kind_of(c)}
            confidentiality = self._confidentiality(practice, cp_kinds)
            outcome = (
                "PENDING"
                if day > PERIOD_END - dt.timedelta(days=45)
                else _weighted(
                    rng,
                    {"ACHIEVED": 50, "PARTLY": 25, "NOT_ACHIEVED": 8, "CANCELLED": 4, "PENDING": 3},
                )
            )
            if practice in {"FUNDING", "MONITORING_INPUT"} or "DONOR_BILATERAL" in cp_kinds:
                initiated = _weighted(rng, {"THIRD_PARTY": 3, "COUNTERPART": 3, "COALITION": 2})
            elif practice in {"GOVERNMENT_SEAT", "POLICY_CONSULTATION"}:
                initiated = _weighted(rng, {"COUNTERPART": 5, "COALITION": 3, "JOINT": 2})
            else:
                initiated = _weighted(
                    rng, {"COALITION": 45, "MEMBER": 30, "COUNTERPART": 15, "JOINT": 10}
                )
            follow_up, due = "", None
            if outcome in {"PARTLY", "PENDING"} or rng.random() < 0.2:
                follow_up = rng.choice(
                    (
                        "Send the minutes and agreed actions to all participants.",
                        "Schedule a follow-up meeting with the counterpart's focal point.",
                        "Share the draft referral form with the working group for comment.",
                        "Report back to the board at its next meeting.",
                        "Ask the counterpart for the data promised at the meeting.",
                    )
                )
                due = day + dt.timedelta(days=rng.randint(21, 90))
            cp_name = self.orgs[counterparts[0]].name
            out.append(
                EngagementSpec(
                    date=day,
                    end_date=day + dt.timedelta(days=rng.randint(1, 3))
                    if practice in {"TRAINING_GIVEN", "TRAINING_RECEIVED", "JOINT_EVENT"}
                    and rng.random() < 0.3
                    else None,
                    practice_type=practice,
                    title=title_for(rng, practice, cp_name),
                    description=describe(rng, practice, cp_name, self.orgs[leads[0]].name),
                    domains=domains,
                    four_ps=tuple(p for p in _FOUR_PS if p in four_ps),
                    initiated_by=initiated,
                    outcome=outcome,
                    outcome_notes=outcome_note(rng, outcome),
                    follow_up=follow_up,
                    follow_up_due=due,
                    confidentiality=confidentiality,
                    leads=tuple(leads),
                    counterparts=tuple(counterparts),
                )
            )
        out.sort(key=lambda e: (e.date, e.title))
        return out

    def _counterparts(self, practice: str, day: dt.date, seats: list[SeatSpec]) -> list[int]:
        rng = self.rng
        if practice == "GOVERNMENT_SEAT":
            bodies = [
                s.body for s in seats if s.since <= day and (s.until is None or s.until > day)
            ]
            return [rng.choice(bodies)] if bodies else []
        weights = {k: w for k, w in COUNTERPARTS[practice].items() if self.by_kind.get(k)}
        if not weights:
            return []
        n = _weighted(rng, {"1": 70, "2": 22, "3": 8})
        chosen: list[int] = []
        for _ in range(int(n)):
            org = rng.choice(self.by_kind[_weighted(rng, weights)])
            if org not in chosen:
                chosen.append(org)
        return chosen

    def _leads(self, day: dt.date, secretariat: int, counterparts: list[int]) -> list[int]:
        rng = self.rng
        members = [
            m for m in self.active_members(day) if m not in counterparts and m != secretariat
        ]
        if rng.random() < self.p.secretariat_lead_share or not members:
            leads = [secretariat]
            if members and rng.random() < 0.25:
                leads.append(rng.choice(members))
            return leads
        civil = [m for m in members if self.orgs[m].sector in _CIVIL] or members
        return _some(rng, civil, 1, 2)

    def _confidentiality(self, practice: str, cp_kinds: set[str]) -> str:
        rng = self.rng
        if cp_kinds & _SENSITIVE_KINDS and practice in _SENSITIVE_PRACTICES:
            return _weighted(rng, {"RESTRICTED": 35, "CONFIDENTIAL": 50, "INTERNAL": 15})
        if practice == "FUNDING":
            return _weighted(rng, {"CONFIDENTIAL": 30, "INTERNAL": 70})
        if practice in {"JOINT_EVENT", "EVENT_INVITATION", "PLATFORM_LISTING"}:
            return _weighted(rng, {"PUBLIC": 50, "INTERNAL": 50})
        return _weighted(rng, {"INTERNAL": 80, "PUBLIC": 15, "CONFIDENTIAL": 5})

    # --- tensions and strategies ---------------------------------------------------------------
    def tensions(self, secretariat: int) -> list[TensionSpec]:
        rng = self.rng
        out: list[TensionSpec] = []
        for template in self.p.tensions:
            parties: list[int] = []
            for kind in template.party_kinds:
                pool = [secretariat] if kind == "SECRETARIAT" else self.by_kind.get(kind, [])
                pool = [o for o in pool if o not in parties]
                if pool:
                    parties.append(rng.choice(pool))
            observed = _day_between(
                rng, PERIOD_START - dt.timedelta(days=365), PERIOD_END - dt.timedelta(days=60)
            )
            status = _weighted(rng, {"OPEN": 35, "MONITORING": 25, "ADDRESSED": 25, "RESOLVED": 15})
            resolved = None
            if status == "RESOLVED":
                resolved = min(PERIOD_END, observed + dt.timedelta(days=rng.randint(60, 300)))
            out.append(
                TensionSpec(
                    template.title,
                    template.description,
                    template.level,
                    template.category,
                    tuple(sorted(parties)),
                    status,
                    observed,
                    resolved,
                )
            )
        return out

    def strategies(self, tensions: list[TensionSpec]) -> list[StrategySpec]:
        rng = self.rng
        out: list[StrategySpec] = []
        for i, template in enumerate(self.p.strategies):
            latest = max(tensions[t].observed_on for t in template.tensions)
            planned = i == len(self.p.strategies) - 1
            adopted = (
                None
                if planned
                else min(PERIOD_END, latest + dt.timedelta(days=rng.randint(30, 120)))
            )
            status = (
                "PLANNED" if planned else _weighted(rng, {"ACTIVE": 8, "PAUSED": 1, "RETIRED": 1})
            )
            owner, review, actions = self.plan_of(status, adopted, tensions, template.tensions)
            out.append(
                StrategySpec(
                    template.category,
                    template.title,
                    template.description,
                    status,
                    adopted,
                    template.tensions,
                    owner=owner,
                    review_on=review,
                    actions=actions,
                )
            )
        return out

    def plan_of(
        self,
        status: str,
        adopted: dt.date | None,
        tensions: list[TensionSpec],
        answers: tuple[int, ...],
    ) -> tuple[int | None, dt.date | None, tuple[ActionSpec, ...]]:
        """An active strategy's plan, in progress: one step done, one overdue by the end of the
        period, one still to come; its owner a party to the tension it answers. No randomness, so
        the rest of the plan is what it was before plans existed."""
        if status != "ACTIVE" or adopted is None:
            return None, None, ()
        parties = [p for t in answers for p in tensions[t].parties]
        start = min(adopted, PERIOD_END - dt.timedelta(days=90))
        actions = (
            ActionSpec(
                "Agree the terms of the arrangement with the members",
                start + dt.timedelta(days=30),
                "DONE",
                start + dt.timedelta(days=26),
            ),
            ActionSpec(
                "Hold the first meeting under the new arrangement",
                PERIOD_END - dt.timedelta(days=20),
                "IN_PROGRESS",
            ),
            ActionSpec(
                "Review with the members what changed", PERIOD_END + dt.timedelta(days=75), "OPEN"
            ),
        )
        return (parties[0] if parties else None), adopted + dt.timedelta(days=365), actions


def build_plan(profile: CoalitionProfile, *, seed: int) -> CoalitionPlan:
    """Generate one coalition's demo data from its profile; identical for identical arguments."""
    b = _Builder(profile, seed)
    b.organisations()
    secretariat = b.by_kind[profile.secretariat_kind][0]
    b.membership(secretariat)
    active_civil = [m for m in b.active_members(PERIOD_END, civil_only=True) if m != secretariat]
    seats = b.seats(secretariat)
    tensions = b.tensions(secretariat)
    return CoalitionPlan(
        slug=profile.slug,
        name=profile.name,
        country=profile.country,
        region=profile.region,
        founded=profile.founded,
        governance_model=profile.governance_model,
        languages=profile.languages,
        description=profile.description,
        secretariat=secretariat,
        member_user_org=active_civil[0],
        organisations=b.orgs,
        memberships=b.memberships,
        partnerships=b.partnerships(secretariat),
        units=survivor_seats(
            profile.slug, b.units(secretariat), b.orgs, b.active_members(PERIOD_END), secretariat
        ),
        seats=seats,
        observations=b.observations(),
        engagements=b.engagements(secretariat, seats),
        strategies=b.strategies(tensions),
        tensions=tensions
        + shared_tensions(
            tensions, secretariat=secretariat, observed_on=PERIOD_END - dt.timedelta(days=200)
        ),
    )
