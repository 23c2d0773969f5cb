"""What a diagnostic rule reads and what it says: :class:`Facts`, :class:`Rule`, :class:`Finding`.

The rules (:mod:`coalitionlens.insights.rules`) and the engine that runs them
(:mod:`coalitionlens.insights.diagnostics`) both build on these types; neither imports the other's
module for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from coalitionlens.core.coverage import Coverage
from coalitionlens.core.modes import Window

__all__ = ["SEVERITIES", "Facts", "Finding", "Rule", "parse_thresholds"]

SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Facts:
    """Everything the rules read about one coalition at one date. Every field has a neutral default,
    so a test states only what its rule needs."""

    as_of: dt.date = dt.date(2026, 1, 1)
    #: ``Analysis.summary`` of the whole network (secretariat named, top brokers removed).
    network: Mapping[str, Any] = field(default_factory=dict)
    #: Share of cross-sector pairs connected before any removal (fragility step 0).
    cross_sector_connected: float | None = None
    #: macro-sector → mode → organisations engaged that way (MEMBERSHIP, PARTNERSHIP, ENGAGEMENT_PRACTICE),
    #: counted by :func:`coalitionlens.core.modes.mode_counts` in ``modes_window``; ``mode_totals``:
    #: mode (and ANY) → organisations over every macro-sector.
    modes: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    mode_totals: Mapping[str, int] = field(default_factory=dict)
    modes_window: Window | None = None
    #: None when the coalition names no secretariat.
    modes_secretariat_left_out: bool | None = None
    #: Practice types of engagements with private-sector counterparts → count.
    private_practices: Mapping[str, int] = field(default_factory=dict)
    #: Types of partnerships with private-sector organisations → count.
    private_partnerships: Mapping[str, int] = field(default_factory=dict)
    #: Member sector → (participations in the 12 months before the last 12, in the last 12 months).
    member_sector_activity: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    #: Active members, the secretariat left out (``mode_totals["MEMBERSHIP"]``).
    active_members: int = 0
    #: Active members that took part in no engagement in the last 12 months.
    quiet_members: int = 0
    #: Government bodies the coalition has a seat on or a partnership with: (id, name, days since contact
    #: or None when never).
    government_contacts: tuple[tuple[Any, str, int | None], ...] = ()
    followups_due: int = 0
    followups_overdue: int = 0
    engagements: int = 0
    secretariat_led: int = 0
    funding_partners: int = 0
    foreign_funding_partners: int = 0
    consultations: int = 0
    consultations_without_result: int = 0
    public_engagements: int = 0
    public_initiated: int = 0
    #: End reason → memberships that ended for it in the last 24 months.
    exits: Mapping[str, int] = field(default_factory=dict)
    #: Survivor inclusion (:mod:`coalitionlens.insights.inclusion`): survivor-led active members;
    #: of them, those seated on the board or a working group or leading an engagement in the last 12
    #: months, those on the board, those leading; whether the coalition has a board; their share of
    #: the board and working-group seats and of the members; engagements with a lead in 12 months.
    survivor_led: int = 0
    survivor_led_with_voice: int = 0
    survivor_on_board: int = 0
    survivor_has_board: bool = False
    survivor_leading: int = 0
    survivor_seat_share: float | None = None
    survivor_member_share: float | None = None
    led_engagements_last_year: int = 0
    #: Power and money (:mod:`coalitionlens.insights.money`): funding flows active today, their
    #: funders, the top funder's and foreign funders' shares of the money; the ratio of the best- to
    #: the least-resourced member's budget band, the members with a budget band, and the share of
    #: them in the lowest band. Shares only: no funder is named here.
    funding_flows: int = 0
    funders: int = 0
    top_funder_share: float | None = None
    foreign_funding_share: float | None = None
    budget_ratio: float | None = None
    budget_banded: int = 0
    budget_lowest_share: float | None = None
    #: One entry per community of 3+ organisations: (size, share of its largest macro-sector).
    communities: tuple[tuple[int, float], ...] = ()
    #: Secretariat staff observations, oldest first: (date, staff).
    staff: tuple[tuple[dt.date, float], ...] = ()
    #: Information-sharing engagements with public-sector counterparts, and how many of those
    #: counterparts have an MOU, contract or referral protocol with the coalition.
    info_sharing_public: int = 0
    info_sharing_public_counterparts: int = 0
    info_sharing_public_covered: int = 0
    #: Survey results of the most recently closed round, published cells only (a cell suppressed
    #: for fewer than k respondents, or by complementary suppression, is absent):
    #: (rater's sector, partner's sector) → mean trust 1–4; factor → {macro-sector of the
    #: respondent: mean score 1–5}; factor → its label in the active language.
    trust_pairs: Mapping[tuple[str, str], float] = field(default_factory=dict)
    factor_scores: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    factor_labels: Mapping[str, str] = field(default_factory=dict)
    #: Factor scores per sector of the respondent, published ones (factor → sector → score), and
    #: the sectors whose cell was hidden (fewer than k respondents): those are counted in their
    #: macro-sector's score instead.
    factor_sector_scores: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    factor_sector_hidden: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: factor → the whole coalition's published score (the ``ALL`` cell), the round's bands
    #: (strength, watch: :func:`coalitionlens.surveys.scoring.band`) and the tension codes the health
    #: instrument names for each factor, first the main one.
    factor_overall: Mapping[str, float] = field(default_factory=dict)
    factor_bands: tuple[float, float] = (4.0, 3.0)
    factor_tensions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Between the two most recently closed rounds (titles in ``change_rounds``, earlier first),
    #: from :func:`coalitionlens.surveys.change.compare_results`, cells published in both only:
    #: factor → (whole-coalition score before, after); (rater's sector, partner's sector) →
    #: (mean trust before, after). Empty unless two rounds closed with the same instrument version.
    factor_changes: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    trust_changes: Mapping[tuple[str, str], tuple[float, float]] = field(default_factory=dict)
    change_rounds: tuple[str, ...] = ()
    #: Hopes and fears of the latest closed round, published whole-coalition cells only:
    #: (macro-sector asked about, fear code such as ``fear:cooptation``) → (share of the
    #: organisations that answered the block who picked it, how many answered); fear code → label.
    fears: Mapping[tuple[str, str], tuple[float, int]] = field(default_factory=dict)
    fear_labels: Mapping[str, str] = field(default_factory=dict)
    #: The coverage matrix of the referral pathways in every province the coalition names, and the
    #: providers' names by organisation id (pathways/; None when no service is recorded).
    pathways: Coverage | None = None
    pathway_providers: Mapping[int, str] = field(default_factory=dict)
    #: Continuity risk, never a person's name (findings reach analysts): (organisation, sector code,
    #: engagements) for each organisation whose engagements with that sector in the last 12 months all
    #: named the same one focal point of it; (organisation, days left) for each focal point whose
    #: expected end date is at most 180 days away.
    single_person_ties: tuple[tuple[str, str, int], ...] = ()
    focal_points_leaving: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Finding:
    rule: str
    title: Any
    signal_template: Any
    params: Mapping[str, Any]
    evidence: Mapping[str, float | int | None]
    severity: str
    level: str
    category: str
    strategies: tuple[str, ...]
    exercises: tuple[str, ...]
    parties: tuple[Any, ...] = ()
    key: str = ""

    @property
    def signal(self) -> str:
        return str(self.signal_template) % dict(self.params)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "title": str(self.title),
            "signal": self.signal,
            "severity": self.severity,
            "evidence": dict(self.evidence),
            "tension_level": self.level,
            "tension_category": self.category,
            "strategies": list(self.strategies),
            "exercises": list(self.exercises),
            "parties": [str(p) for p in self.parties],
        }


Check = Callable[["Rule", Facts, Mapping[str, float]], list[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    title: Any
    level: str
    category: str
    strategies: tuple[str, ...]
    exercises: tuple[str, ...]
    thresholds: Mapping[str, float]
    check: Check
    description: Any = ""

    def finding(
        self,
        signal: Any,
        params: Mapping[str, Any],
        evidence: Mapping[str, float | int | None],
        severity: str,
        *,
        parties: tuple[Any, ...] = (),
        key: str = "",
        guidance: tuple[str, tuple[str, ...], tuple[str, ...]] | None = None,
    ) -> Finding:
        """``guidance`` (tension category, strategies, exercises) replaces the rule's own for a
        finding whose tension depends on what it found (which factor, which fear)."""
        assert severity in SEVERITIES
        category, strategies, exercises = guidance or (
            self.category,
            self.strategies,
            self.exercises,
        )
        return Finding(
            rule=self.id,
            title=self.title,
            signal_template=signal,
            params=params,
            evidence=evidence,
            severity=severity,
            level=self.level,
            category=category,
            strategies=strategies,
            exercises=exercises,
            parties=parties,
            key=key,
        )


def parse_thresholds(items: list[str], rules: list[Rule]) -> dict[str, dict[str, float]]:
    """``["SECRETARIAT_DEPENDENCE.share=0.6"]`` → ``{"SECRETARIAT_DEPENDENCE": {"share": 0.6}}``.

    Unknown rules or names and non-numbers raise ImproperlyConfigured.
    """
    known = {r.id: r.thresholds for r in rules}
    out: dict[str, dict[str, float]] = {}
    for item in items:
        name, _, raw = item.partition("=")
        rule_id, _, key = name.strip().partition(".")
        if rule_id not in known or key not in known[rule_id]:
            raise ImproperlyConfigured(
                f"COALITIONLENS_DIAGNOSTIC_THRESHOLDS: unknown threshold {name.strip()!r}"
            )
        try:
            value = float(raw)
        except ValueError:
            raise ImproperlyConfigured(
                f"COALITIONLENS_DIAGNOSTIC_THRESHOLDS: {name.strip()}={raw!r} is not a number"
            ) from None
        out.setdefault(rule_id, {})[key] = value
    return out
