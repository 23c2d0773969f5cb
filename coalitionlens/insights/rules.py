"""The diagnostic rules, one function each, spread across the tension categories (DESIGN.md §4).

Each rule names the tension level and category it points to, the strategies that address it and the
exercises of the library (``exercises/library.v2.json``) that help a coalition work through it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from coalitionlens.coalitions.vocab import (
    SECTOR_LABELS,
    EndReason,
    MacroSector,
    StrategyCategory,
    TensionCategory,
    TensionLevel,
)
from coalitionlens.core.modes import MODES
from coalitionlens.core.taxonomy import SECTOR_TO_MACRO
from coalitionlens.insights.findings import Facts, Finding, Rule
from coalitionlens.insights.pathway_rules import PATHWAY_RULES
from coalitionlens.kit.numbers import count, number
from coalitionlens.surveys.scoring import band

__all__ = ["RULES", "rule_by_id"]

T = Mapping[str, float]
S = StrategyCategory
C = TensionCategory
L = TensionLevel

ENGAGED_MACROS = (MacroSector.PUBLIC, MacroSector.PRIVATE, MacroSector.INTERNATIONAL)


def _pct(x: float) -> int:
    return round(100 * x)


def _sev(value: float, threshold: float, high: float) -> str:
    """Severity by how far a value lies beyond its threshold (``high`` ≥ threshold)."""
    if value >= high:
        return "high"
    return "medium" if value >= (threshold + high) / 2 else "low"


def _secretariat_dependence(rule: Rule, f: Facts, t: T) -> list[Finding]:
    share = f.network.get("dependence_on_secretariat")
    only = f.network.get("only_through_secretariat")
    if share is None or share < t["share"]:
        return []
    return [
        rule.finding(
            _(
                "%(pct)s%% of the shortest paths between organisations of different sectors run "
                "through the secretariat; for %(only)s%% of those pairs it is the only way."
            ),
            {"pct": _pct(share), "only": _pct(only or 0)},
            {"dependence_on_secretariat": share, "only_through_secretariat": only},
            _sev(share, t["share"], t["high"]),
        )
    ]


def _broker_fragility(rule: Rule, f: Facts, t: T) -> list[Finding]:
    after = f.network.get("cross_sector_connected_after_removal")
    before = f.cross_sector_connected
    removed = f.network.get("top_brokers_removed") or []
    if after is None or before is None or not removed:
        return []
    drop = before - after
    if drop < t["drop"]:
        return []
    return [
        rule.finding(
            _(
                "If the %(k)s busiest brokers left, the share of cross-sector pairs that can still "
                "reach each other would fall from %(before)s%% to %(after)s%%."
            ),
            {"k": len(removed), "before": _pct(before), "after": _pct(after)},
            {"connected_before": before, "connected_after": after, "brokers_removed": len(removed)},
            _sev(drop, t["drop"], t["high"]),
            parties=tuple(removed),
        )
    ]


@dataclass(frozen=True)
class ShareOver:
    """A rule that fires when a share (``part / whole``) reaches its ``share`` threshold.

    Eight rules have this shape; each says what its part and whole are, when there is enough data to
    judge (``enough``), and the evidence it reports. The message gets ``n`` (the part), ``total``
    (the whole) and ``pct``, plus what ``params`` adds; severity grows towards the ``high`` threshold.
    """

    part: Callable[[Facts], float]
    whole: Callable[[Facts], float]
    enough: Callable[[Facts, T], bool]
    text: Any
    evidence: Callable[[Facts, float, float, float], dict[str, Any]]
    params: Callable[[Facts, float, float], dict[str, Any]] | None = None

    def __call__(self, rule: Rule, f: Facts, t: T) -> list[Finding]:
        whole = self.whole(f)
        if not whole or not self.enough(f, t):
            return []
        part = self.part(f)
        share = part / whole
        if share < t["share"]:
            return []
        params = {"n": part, "total": whole, "pct": _pct(share)}
        params.update(self.params(f, part, whole) if self.params else {})
        return [
            rule.finding(
                self.text,
                params,
                self.evidence(f, part, whole, share),
                _sev(share, t["share"], t["high"]),
            )
        ]


FUNDING_CODES = ("FUNDING",)


def _private_funding(f: Facts) -> float:
    return sum(f.private_practices.get(c, 0) for c in FUNDING_CODES) + sum(
        f.private_partnerships.get(c, 0) for c in FUNDING_CODES
    )


_private_funding_only = ShareOver(
    part=_private_funding,
    whole=lambda f: sum(f.private_practices.values()) + sum(f.private_partnerships.values()),
    enough=lambda f, t: (
        sum(f.private_practices.values()) + sum(f.private_partnerships.values()) >= t["min_records"]
    ),
    text=_(
        "%(pct)s%% of the coalition's engagements and partnerships with businesses are about "
        "money (%(n)s of %(total)s)."
    ),
    evidence=lambda f, part, whole, share: {
        "funding_share": share,
        "funding": part,
        "total": whole,
    },
)

_quiet_members = ShareOver(
    part=lambda f: f.quiet_members,
    whole=lambda f: f.active_members,
    enough=lambda f, t: f.active_members >= t["min_members"],
    text=_("%(n)s of %(total)s active members (%(pct)s%%) took part in no engagement in a year."),
    evidence=lambda f, part, whole, share: {
        "quiet_members": f.quiet_members,
        "active_members": f.active_members,
        "share": share,
    },
)

_overdue_followups = ShareOver(
    part=lambda f: f.followups_overdue,
    whole=lambda f: f.followups_due,
    enough=lambda f, t: f.followups_overdue >= t["min_overdue"],
    text=_("%(n)s of %(total)s follow-ups with a due date are overdue (%(pct)s%%)."),
    evidence=lambda f, part, whole, share: {
        "overdue": f.followups_overdue,
        "due": f.followups_due,
        "share": share,
    },
)

_secretariat_leads = ShareOver(
    part=lambda f: f.secretariat_led,
    whole=lambda f: f.engagements,
    enough=lambda f, t: f.engagements >= t["min_engagements"],
    text=_("The secretariat leads %(pct)s%% of engagements (%(n)s of %(total)s)."),
    evidence=lambda f, part, whole, share: {
        "secretariat_led": f.secretariat_led,
        "engagements": f.engagements,
        "share": share,
    },
)

# DONOR_CONCENTRATION counts funding *partnerships* (who funds, not how much). Once a coalition
# records funding flows, FOREIGN_FUNDING_DOMINANT says the same thing on the money itself
# (insights/money.py), so DONOR_CONCENTRATION stays silent then: kept for the coalitions that record
# only partnerships, never said twice.
_donor_concentration = ShareOver(
    part=lambda f: f.foreign_funding_partners,
    whole=lambda f: f.funding_partners,
    enough=lambda f, t: f.funding_partners >= t["min_partners"] and not f.funding_flows,
    text=_(
        "%(n)s of %(total)s funding partners (%(pct)s%%) are foreign or international: the "
        "coalition's money depends on outside agendas."
    ),
    evidence=lambda f, part, whole, share: {
        "foreign": f.foreign_funding_partners,
        "funding_partners": f.funding_partners,
    },
)

_consultation_without_result = ShareOver(
    part=lambda f: f.consultations_without_result,
    whole=lambda f: f.consultations,
    enough=lambda f, t: f.consultations >= t["min_consultations"],
    text=_(
        "%(n)s of %(total)s policy consultations and government-seat meetings with a known "
        "outcome achieved nothing or only part of what was sought (%(pct)s%%)."
    ),
    evidence=lambda f, part, whole, share: {
        "without_result": f.consultations_without_result,
        "consultations": f.consultations,
    },
)

_government_agenda = ShareOver(
    part=lambda f: f.public_initiated,
    whole=lambda f: f.public_engagements,
    enough=lambda f, t: f.public_engagements >= t["min_engagements"],
    text=_(
        "Public bodies initiated %(pct)s%% of the engagements with the public sector: the "
        "coalition mostly answers government's agenda."
    ),
    evidence=lambda f, part, whole, share: {
        "initiated_by_public": f.public_initiated,
        "public_engagements": f.public_engagements,
    },
)

_sharing_without_agreement = ShareOver(
    part=lambda f: f.info_sharing_public_counterparts - f.info_sharing_public_covered,
    whole=lambda f: f.info_sharing_public_counterparts,
    enough=lambda f, t: f.info_sharing_public >= t["min_engagements"],
    text=_(
        "Information is shared with %(n)s public bodies, %(uncovered)s of them without an MOU, "
        "contract or referral protocol that says what may be shared."
    ),
    params=lambda f, part, whole: {"n": whole, "uncovered": part},
    evidence=lambda f, part, whole, share: {
        "engagements": f.info_sharing_public,
        "counterparts": f.info_sharing_public_counterparts,
        "without_agreement": part,
    },
)


def _sector_absent(rule: Rule, f: Facts, t: T) -> list[Finding]:
    if not any(sum(counts.values()) for counts in f.modes.values()):
        return []  # nothing recorded yet: every sector is "absent", which says nothing
    out = []
    for macro in (MacroSector.PUBLIC, MacroSector.PRIVATE):
        engaged = sum(f.modes.get(macro, {}).values())
        if engaged <= t["max_engaged"]:
            out.append(
                rule.finding(
                    _("%(sector)s is absent: no member, partner or counterpart from it."),
                    {"sector": MacroSector(macro).label},
                    {"organisations_engaged": engaged},
                    "high",
                    key=macro,
                )
            )
    return out


def _sector_one_mode(rule: Rule, f: Facts, t: T) -> list[Finding]:
    out = []
    labels = {
        "MEMBERSHIP": _("membership"),
        "PARTNERSHIP": _("partnership"),
        "ENGAGEMENT_PRACTICE": _("engagement practices"),
    }
    for macro in ENGAGED_MACROS:
        counts = f.modes.get(macro, {})
        used = [m for m in MODES if counts.get(m, 0) > 0]
        total = sum(counts.get(m, 0) for m in MODES)
        if len(used) == 1 and total >= t["min_organisations"]:
            out.append(
                rule.finding(
                    _("%(sector)s is engaged in one way only: through %(mode)s."),
                    {"sector": MacroSector(macro).label, "mode": labels[used[0]]},
                    {f"{m.lower()}": counts.get(m, 0) for m in MODES},
                    "medium",
                    key=macro,
                )
            )
    return out


FUNDING_CODES = ("FUNDING",)


def _member_sector_drift(rule: Rule, f: Facts, t: T) -> list[Finding]:
    out = []
    for sector, (before, recent) in sorted(f.member_sector_activity.items()):
        if before < t["min_before"]:
            continue
        drop = 1 - recent / before
        if drop >= t["drop"]:
            out.append(
                rule.finding(
                    _(
                        "Members of the sector %(sector)s took part in %(recent)s engagements in the "
                        "last 12 months, against %(before)s the year before (−%(pct)s%%)."
                    ),
                    {"sector": sector, "recent": recent, "before": before, "pct": _pct(drop)},
                    {"previous_12_months": before, "last_12_months": recent, "drop": drop},
                    _sev(drop, t["drop"], t["high"]),
                    key=sector,
                )
            )
    return out


def _government_silence(rule: Rule, f: Facts, t: T) -> list[Finding]:
    silent = [
        (pk, name, days)
        for pk, name, days in f.government_contacts
        if days is None or days >= t["days"]
    ]
    if len(silent) < t["min_bodies"]:
        return []
    longest = max((d for _, _, d in silent if d is not None), default=None)
    never = sum(1 for _, _, d in silent if d is None)
    return [
        rule.finding(
            _(
                "%(n)s government bodies the coalition sits on or partners with have had no logged "
                "contact for %(days)s days or more: %(names)s."
            ),
            {
                "n": len(silent),
                "days": int(t["days"]),
                "names": ", ".join(n for _, n, _ in silent[:6]),
            },
            {"bodies_silent": len(silent), "never_contacted": never, "longest_days": longest},
            "high" if len(silent) >= 3 else "medium",
            parties=tuple(pk for pk, _, _ in silent),
        )
    ]


def _exits(reason: str, signal: object) -> object:
    def check(rule: Rule, f: Facts, t: T) -> list[Finding]:
        n = f.exits.get(reason, 0)
        if n < t["min_exits"]:
            return []
        return [
            rule.finding(
                signal,
                {"n": n},
                {"exits": n},
                "high" if n >= 2 * t["min_exits"] else "medium",
            )
        ]

    return check


# --- survivor inclusion (coalitionlens.insights.inclusion): absent from decisions -------------
# SURVIVOR_VOICE: survivor-led members mostly absent from every decision. NO_BOARD_SEAT and NO_LEAD
# say where they are absent, and stay silent when SURVIVOR_VOICE already says it; SEAT_SHARE compares
# their share of the seats with their share of the members.


def _survivor_voiceless(f: Facts, t: T) -> bool:
    return (
        f.survivor_led >= t["min_orgs"]
        and f.survivor_led_with_voice / f.survivor_led <= t["max_share"]
    )


def _survivor_voice(rule: Rule, f: Facts, t: T) -> list[Finding]:
    if not _survivor_voiceless(f, t):
        return []
    return [
        rule.finding(
            _(
                "%(n)s survivor-led organisations are in the coalition, but %(voice)s of them sit on "
                "its board or a working group, or led an engagement in the last 12 months."
            ),
            {"n": f.survivor_led, "voice": f.survivor_led_with_voice},
            {"survivor_led": f.survivor_led, "with_voice": f.survivor_led_with_voice},
            "high" if f.survivor_led_with_voice == 0 else "medium",
        )
    ]


_VOICE = {"min_orgs": 1, "max_share": 0.34}


def _survivor_no_board_seat(rule: Rule, f: Facts, t: T) -> list[Finding]:
    if f.survivor_led < t["min_orgs"] or not f.survivor_has_board or f.survivor_on_board:
        return []
    if _survivor_voiceless(f, _VOICE):
        return []
    return [
        rule.finding(
            _("%(n)s survivor-led organisations are members, but none of them sits on the board."),
            {"n": f.survivor_led},
            {"survivor_led": f.survivor_led, "on_board": 0},
            "high" if f.survivor_led >= 2 * t["min_orgs"] else "medium",
        )
    ]


def _survivor_no_lead(rule: Rule, f: Facts, t: T) -> list[Finding]:
    if f.survivor_led < t["min_orgs"] or f.survivor_leading:
        return []
    if f.led_engagements_last_year < t["min_engagements"] or _survivor_voiceless(f, _VOICE):
        return []
    return [
        rule.finding(
            _(
                "%(n)s survivor-led organisations are members, but none of them led any of the "
                "%(engagements)s engagements of the last 12 months."
            ),
            {"n": f.survivor_led, "engagements": f.led_engagements_last_year},
            {"survivor_led": f.survivor_led, "last_12_months": f.led_engagements_last_year},
            "medium",
        )
    ]


def _survivor_seat_share(rule: Rule, f: Facts, t: T) -> list[Finding]:
    seats, members = f.survivor_seat_share, f.survivor_member_share
    if not seats or not members or members < t["min_member_share"]:
        return []
    ratio = seats / members
    if ratio > t["ratio"]:
        return []
    return [
        rule.finding(
            _(
                "Survivor-led organisations are %(members)s%% of the members but hold %(seats)s%% of "
                "the seats on the board and working groups."
            ),
            {"members": _pct(members), "seats": _pct(seats)},
            {"member_share": members, "seat_share": seats},
            "high" if ratio <= t["ratio"] / 2 else "medium",
        )
    ]


def _single_person_ties(rule: Rule, f: Facts, t: T) -> list[Finding]:
    # The person is never named: findings reach analysts, reports and the API.
    return [
        rule.finding(
            _(
                "All %(n)s engagements of %(org)s with %(sector)s in the last 12 months went "
                "through one focal point."
            ),
            {"n": n, "org": org, "sector": _sector(macro)},
            {"engagements": n},
            "high" if n >= 2 * t["min_engagements"] else "medium",
            parties=(org,),
            key=f"{org}:{macro}",
        )
        for org, macro, n in f.single_person_ties
        if n >= t["min_engagements"]
    ]


def _focal_point_leaving(rule: Rule, f: Facts, t: T) -> list[Finding]:
    return [
        rule.finding(
            _("A focal point of %(org)s is expected to leave in %(days)s days."),
            {"org": org, "days": days},
            {"days_left": days},
            "high" if days <= 30 else "medium",
            parties=(org,),
            key=f"{org}:{days}",
        )
        for org, days in f.focal_points_leaving
        if days <= t["days"]
    ]


# --- power and money (coalitionlens.insights.money): shares only, no funder named -------------


def _top_funder_dependence(rule: Rule, f: Facts, t: T) -> list[Finding]:
    share = f.top_funder_share
    if share is None or f.funding_flows < t["min_flows"] or share < t["share"]:
        return []
    return [
        rule.finding(
            _(
                "One funder gives %(pct)s%% of the coalition's active funding (%(flows)s flows from "
                "%(funders)s funders): losing it would stop much of the work."
            ),
            {"pct": _pct(share), "flows": f.funding_flows, "funders": f.funders},
            {"top_funder_share": share, "funding_flows": f.funding_flows, "funders": f.funders},
            _sev(share, t["share"], t["high"]),
        )
    ]


def _foreign_funding_dominant(rule: Rule, f: Facts, t: T) -> list[Finding]:
    share = f.foreign_funding_share
    if share is None or f.funding_flows < t["min_flows"] or share < t["share"]:
        return []
    return [
        rule.finding(
            _(
                "%(pct)s%% of the coalition's active funding comes from foreign or international "
                "funders: their agendas may weigh more than the members'."
            ),
            {"pct": _pct(share)},
            {"foreign_share": share, "funding_flows": f.funding_flows},
            _sev(share, t["share"], t["high"]),
        )
    ]


def _resource_asymmetry(rule: Rule, f: Facts, t: T) -> list[Finding]:
    ratio = f.budget_ratio
    if ratio is None or f.budget_banded < t["min_members"] or ratio < t["ratio"]:
        return []
    return [
        rule.finding(
            _(
                "Among the %(n)s members with a budget band, the best-resourced has about "
                "%(ratio)s times the budget of the least-resourced."
            ),
            {"n": f.budget_banded, "ratio": count(round(ratio))},
            {
                "budget_ratio": ratio,
                "budget_banded": f.budget_banded,
                "lowest_band_share": f.budget_lowest_share,
            },
            _sev(ratio, t["ratio"], t["high"]),
        )
    ]


def _siloed_communities(rule: Rule, f: Facts, t: T) -> list[Finding]:
    if not f.communities:
        return []
    siloed = [c for c in f.communities if c[1] >= t["homogeneity"]]
    share = len(siloed) / len(f.communities)
    ei = f.network.get("ei_index")
    if share < t["share"]:
        return []
    return [
        rule.finding(
            _(
                "%(n)s of %(total)s clusters of the network are made almost entirely of one "
                "macro-sector (E-I index of the network: %(ei)s)."
            ),
            {
                "n": len(siloed),
                "total": len(f.communities),
                "ei": "—" if ei is None else f"{ei:+.2f}",
            },
            {"siloed_clusters": len(siloed), "clusters": len(f.communities), "ei_index": ei},
            _sev(share, t["share"], t["high"]),
        )
    ]


def _secretariat_stretched(rule: Rule, f: Facts, t: T) -> list[Finding]:
    if not f.staff:
        return []
    staff = f.staff[-1][1]
    per_staff = f.active_members / staff if staff else float(f.active_members)
    peak = max(v for _, v in f.staff)
    fall = 1 - staff / peak if peak else 0.0
    if per_staff < t["members_per_staff"] and fall < t["staff_fall"]:
        return []
    return [
        rule.finding(
            _(
                "%(staff)s secretariat staff serve %(members)s active members (%(ratio)s each); staff "
                "is %(fall)s%% below its peak."
            ),
            {
                "staff": number(staff, 0) if float(staff).is_integer() else number(staff, 1),
                "members": count(f.active_members),
                "ratio": count(per_staff),
                "fall": _pct(fall),
            },
            {
                "staff": staff,
                "active_members": f.active_members,
                "members_per_staff": per_staff,
                "fall_from_peak": fall,
            },
            "high" if fall >= t["staff_fall"] and per_staff >= t["members_per_staff"] else "medium",
        )
    ]


def _sector(code: str) -> str:
    label = SECTOR_LABELS.get(code) or dict(MacroSector.choices).get(code)
    return str(label) if label is not None else code


def _low_trust_pair(rule: Rule, f: Facts, t: T) -> list[Finding]:
    """From the survey's sector-pair trust matrix (published cells only: see ``Facts``)."""
    out = []
    for (a, b), trust in sorted(f.trust_pairs.items()):
        if trust < t["trust"]:
            out.append(
                rule.finding(
                    _(
                        "Organisations of the sector %(a)s rate their trust in the sector %(b)s "
                        "at %(trust)s on a 1–4 scale."
                    ),
                    {"a": _sector(a), "b": _sector(b), "trust": number(trust, 1)},
                    {"trust": trust},
                    "high" if trust < t["trust"] - 0.5 else "medium",
                    key=f"{a}|{b}",
                )
            )
    return out


#: Respondent groups of the factor tables, in the order a gap names them.
GROUPS = (MacroSector.CIVIL, MacroSector.PUBLIC, MacroSector.PRIVATE, MacroSector.INTERNATIONAL)


def _gap_groups(f: Facts, factor: str) -> list[tuple[str, float, str, int]]:
    """The respondent groups a perception gap compares for ``factor``, as k allows: each
    macro-sector's sectors when every one of them was published, else the macro-sector itself,
    with how many of its sectors were too small to show (counted in it instead). Each group is
    (code, score, evidence key or ``""`` for a sector, sectors pooled)."""
    scores = f.factor_scores.get(factor, {})
    sectors = f.factor_sector_scores.get(factor, {})
    hidden = f.factor_sector_hidden.get(factor, ())
    out: list[tuple[str, float, str, int]] = []
    for macro in GROUPS:
        mine = sorted(s for s in sectors if SECTOR_TO_MACRO.get(s) == macro)
        pooled = sum(1 for s in hidden if SECTOR_TO_MACRO.get(s) == macro)
        if mine and not pooled:
            out += [(s, sectors[s], "", 0) for s in mine]
        elif scores.get(macro) is not None:
            out.append((macro, scores[macro], macro.lower(), pooled))
    return out


def _perception_gap(rule: Rule, f: Facts, t: T) -> list[Finding]:
    """Every pair of respondent groups whose factor scores were both published, grouped as k
    allows (:func:`_gap_groups`): sectors where each was published, else their macro-sector, and
    the evidence says how many sectors were pooled so."""
    out = []
    for factor in sorted(set(f.factor_scores) | set(f.factor_sector_scores)):
        shown = _gap_groups(f, factor)
        for i, (a, x, a_key, a_pooled) in enumerate(shown):
            for b, y, b_key, b_pooled in shown[i + 1 :]:
                gap = abs(x - y)
                if gap < t["gap"]:
                    continue
                label = f.factor_labels.get(factor, factor)
                if (a, b) == (MacroSector.CIVIL, MacroSector.PUBLIC):
                    text = _(
                        "NGO and government members see %(factor)s differently: %(civil)s against "
                        "%(public)s on a 1–5 scale."
                    )
                    params: dict[str, Any] = {
                        "factor": label,
                        "civil": number(x, 1),
                        "public": number(y, 1),
                    }
                    key = factor
                else:
                    text = _(
                        "Members see %(factor)s differently by sector: %(a)s %(x)s, %(b)s %(y)s, "
                        "on a 1–5 scale."
                    )
                    params = {
                        "factor": label,
                        "a": _sector(a),
                        "x": number(x, 1),
                        "b": _sector(b),
                        "y": number(y, 1),
                    }
                    key = f"{factor}|{a}|{b}"
                evidence: dict[str, Any] = {
                    a_key or "first_sector": x,
                    b_key or "second_sector": y,
                    "gap": gap,
                }
                if a_pooled + b_pooled:
                    evidence["pooled_sectors"] = a_pooled + b_pooled
                out.append(
                    rule.finding(
                        text,
                        params,
                        evidence,
                        "high" if gap >= t["gap"] + 0.5 else "medium",
                        key=key,
                    )
                )
    return out


def _guidance(rule: Rule, category: str | None) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The tension ``category`` with the strategies and exercises the first rule of that category
    proposes (the rule's own when it is the rule's category or no rule has it)."""
    if category not in TensionCategory.values or category == rule.category:
        return rule.category, rule.strategies, rule.exercises
    other = next((r for r in RULES if r.category == category and r.id != rule.id), rule)
    return str(category), other.strategies, other.exercises


def _factor_tension(
    rule: Rule, f: Facts, factor: str
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    tensions = f.factor_tensions.get(factor) or ()
    return _guidance(rule, tensions[0] if tensions else None)


def _factor_concern(rule: Rule, f: Facts, t: T) -> list[Finding]:
    """A factor of the health inventory whose whole-coalition score lies in the concern band."""
    watch = f.factor_bands[1]
    out = []
    for factor, value in sorted(f.factor_overall.items()):
        if band(value, f.factor_bands) != "concern":
            continue
        out.append(
            rule.finding(
                _(
                    "The coalition scores %(factor)s at %(score)s on a 1–5 scale: in the concern "
                    "band, below %(watch)s."
                ),
                {
                    "factor": f.factor_labels.get(factor, factor),
                    # never written as the threshold itself (2.998 is not "3.00, below 3.0")
                    "score": number(value, 2 if round(value, 2) < watch else 3),
                    "watch": number(watch, 1),
                },
                {"score": value, "watch_band": watch},
                "high" if value < watch - t["high"] else "medium",
                key=factor,
                guidance=_factor_tension(rule, f, factor),
            )
        )
    return out


def _survey_fall(rule: Rule, f: Facts, t: T) -> list[Finding]:
    """A factor or a sector pair's trust that fell between the two latest closed rounds."""
    if len(f.change_rounds) != 2:
        return []
    first, second = f.change_rounds
    out = []
    for factor, (before, after) in sorted(f.factor_changes.items()):
        fall = before - after
        if fall >= t["factor_fall"]:
            out.append(
                rule.finding(
                    _(
                        "%(factor)s fell from %(before)s to %(after)s on a 1–5 scale between "
                        "“%(first)s” and “%(second)s”."
                    ),
                    {
                        "factor": f.factor_labels.get(factor, factor),
                        "before": number(before),
                        "after": number(after),
                        "first": first,
                        "second": second,
                    },
                    {"before": before, "after": after, "fall": fall},
                    "high" if fall >= 2 * t["factor_fall"] else "medium",
                    key=f"factor:{factor}",
                    guidance=_factor_tension(rule, f, factor),
                )
            )
    for (a, b), (before, after) in sorted(f.trust_changes.items()):
        fall = before - after
        if fall >= t["trust_fall"]:
            out.append(
                rule.finding(
                    _(
                        "Trust of the sector %(a)s in the sector %(b)s fell from %(before)s to "
                        "%(after)s on a 1–4 scale between “%(first)s” and “%(second)s”."
                    ),
                    {
                        "a": _sector(a),
                        "b": _sector(b),
                        "before": number(before),
                        "after": number(after),
                        "first": first,
                        "second": second,
                    },
                    {"before": before, "after": after, "fall": fall},
                    "high" if fall >= 2 * t["trust_fall"] else "medium",
                    key=f"trust:{a}|{b}",
                )
            )
    return out


#: The tension each fear of the hopes-and-fears instrument speaks of.
FEAR_TENSIONS = {
    "fear:cooptation": C.COOPTATION,
    "fear:independence_loss": C.COOPTATION,
    "fear:retaliation": C.CIVIC_SPACE,
    "fear:reputational_risk": C.TRUST_SUSPICION,
    "fear:story_exploitation": C.SOCIAL_LOCATION,
    "fear:mission_drift": C.MISALIGNED_VALUES,
    "fear:tokenism": C.WINDOW_DRESSING,
}


def _widespread_fear(rule: Rule, f: Facts, t: T) -> list[Finding]:
    """A fear about working with one macro-sector picked by a large share of those who answered."""
    out = []
    for (about, code), (share, n) in sorted(f.fears.items()):
        if share < t["share"]:
            continue
        out.append(
            rule.finding(
                _(
                    "%(pct)s%% of the %(n)s organisations that answered fear “%(fear)s” when the "
                    "coalition works with %(sector)s."
                ),
                {
                    "pct": _pct(share),
                    "n": count(n),
                    "fear": f.fear_labels.get(code, code),
                    "sector": _sector(about),
                },
                {"fear_share": share, "respondents": n},
                _sev(share, t["share"], t["high"]),
                key=f"{about}|{code}",
                guidance=_guidance(rule, FEAR_TENSIONS.get(code)),
            )
        )
    return out


RULES: list[Rule] = [
    Rule("SECRETARIAT_DEPENDENCE", _("Cross-sector paths depend on the secretariat"),
         L.CROSS_SECTOR, C.LEADERSHIP_CONTROL,
         (S.SHARED_LEADERSHIP, S.ROTATING_REPRESENTATION, S.RELATIONSHIP_MAPPING),
         ("relationship-map", "broker-succession", "rotating-chair"),
         {"share": 0.35, "high": 0.6}, _secretariat_dependence),
    Rule("BROKER_FRAGILITY", _("Fragile if a few brokers leave"),
         L.INTER_ORGANISATIONAL, C.TURNOVER_BURNOUT,
         (S.SHARED_LEADERSHIP, S.RELATIONSHIP_MAPPING),
         ("broker-succession", "relationship-map"),
         {"drop": 0.15, "high": 0.4}, _broker_fragility),
    Rule("SECTOR_ABSENT", _("A sector is absent"),
         L.CROSS_SECTOR, C.DIFFERING_PROCESSES,
         (S.STRATEGIC_PLANNING, S.PARTNER_NOT_MEMBER),
         ("engagement-ladder", "hopes-fears-round"),
         {"max_engaged": 0}, _sector_absent),
    Rule("SECTOR_ONE_MODE", _("A sector is engaged in one way only"),
         L.CROSS_SECTOR, C.DIFFERING_PROCESSES,
         (S.PARTNER_NOT_MEMBER, S.FORMALISE_MOU, S.STRATEGIC_PLANNING),
         ("engagement-ladder",),
         {"min_organisations": 2}, _sector_one_mode),
    Rule("PRIVATE_FUNDING_ONLY", _("Business engaged mostly for money"),
         L.CROSS_SECTOR, C.COOPTATION,
         (S.STANDARDS_CHARTER, S.PARTNER_NOT_MEMBER),
         ("red-lines-charter", "engagement-ladder"),
         {"share": 0.6, "high": 0.85, "min_records": 4}, _private_funding_only),
    Rule("MEMBER_SECTOR_DRIFT", _("A member sector is drifting away"),
         L.INTER_ORGANISATIONAL, C.DISENGAGEMENT,
         (S.STRUCTURED_COMMUNICATION, S.SEGMENTED_FORUMS),
         ("member-pulse-call", "hopes-fears-round"),
         {"drop": 0.5, "high": 0.8, "min_before": 6}, _member_sector_drift),
    Rule("QUIET_MEMBERS", _("Many members take part in nothing"),
         L.INTER_ORGANISATIONAL, C.DISENGAGEMENT,
         (S.STRUCTURED_COMMUNICATION, S.CAPACITY_BUILDING),
         ("member-pulse-call",),
         {"share": 0.4, "high": 0.65, "min_members": 5}, _quiet_members),
    Rule("GOVERNMENT_SILENCE", _("Windows of no contact with government bodies"),
         L.CROSS_SECTOR, C.COMMUNICATION_BREAKDOWN,
         (S.STRUCTURED_COMMUNICATION, S.FORMALISE_MOU),
         ("follow-up-clinic", "consultation-debrief"),
         {"days": 180, "min_bodies": 1}, _government_silence),
    Rule("OVERDUE_FOLLOW_UPS", _("Follow-ups are overdue"),
         L.INTER_ORGANISATIONAL, C.COMMUNICATION_BREAKDOWN,
         (S.STRUCTURED_COMMUNICATION, S.STRATEGIC_PLANNING),
         ("follow-up-clinic",),
         {"share": 0.25, "high": 0.5, "min_overdue": 3}, _overdue_followups),
    Rule("SECRETARIAT_LEADS_MOST", _("The secretariat leads most engagements"),
         L.INTER_ORGANISATIONAL, C.POWER_ASYMMETRY,
         (S.SHARED_LEADERSHIP, S.ROTATING_REPRESENTATION),
         ("rotating-chair", "power-walk"),
         {"share": 0.5, "high": 0.75, "min_engagements": 10}, _secretariat_leads),
    Rule("DONOR_CONCENTRATION", _("Funding comes from outside"),
         L.LOCAL_GLOBAL, C.DONOR_COMPETITION,
         (S.COLLECTIVE_VOICE, S.NEUTRAL_CONVENING),
         ("donor-table", "power-walk"),
         {"share": 0.75, "high": 0.95, "min_partners": 3}, _donor_concentration),
    # power and money (coalitionlens.insights.money)
    Rule("TOP_FUNDER_DEPENDENCE", _("Dependence on one funder"),
         L.LOCAL_GLOBAL, C.COOPTATION,
         (S.STRATEGIC_PLANNING, S.COLLECTIVE_VOICE),
         ("donor-dependence-review", "donor-table"),
         {"share": 0.5, "high": 0.6, "min_flows": 3}, _top_funder_dependence),
    Rule("FOREIGN_FUNDING_DOMINANT", _("Most money comes from foreign donors"),
         L.LOCAL_GLOBAL, C.DONOR_COMPETITION,
         (S.COLLECTIVE_VOICE, S.NEUTRAL_CONVENING),
         ("donor-dependence-review", "donor-table"),
         {"share": 0.75, "high": 0.95, "min_flows": 2}, _foreign_funding_dominant),
    Rule("RESOURCE_ASYMMETRY", _("Members of very unequal means"),
         L.INTER_ORGANISATIONAL, C.POWER_ASYMMETRY,
         (S.SHARED_LEADERSHIP, S.CAPACITY_BUILDING),
         ("power-walk", "who-is-in-the-room"),
         {"ratio": 20, "high": 100, "min_members": 5}, _resource_asymmetry),
    Rule("CONSULTATION_WITHOUT_RESULT", _("Consultations without results"),
         L.CROSS_SECTOR, C.WINDOW_DRESSING,
         (S.COLLECTIVE_VOICE, S.STRATEGIC_PLANNING),
         ("consultation-debrief",),
         {"share": 0.4, "high": 0.7, "min_consultations": 4}, _consultation_without_result),
    Rule("GOVERNMENT_SETS_AGENDA", _("Government sets the agenda"),
         L.CROSS_SECTOR, C.COOPTATION,
         (S.COLLECTIVE_VOICE, S.STRATEGIC_PLANNING),
         ("consultation-debrief", "hopes-fears-round"),
         {"share": 0.4, "high": 0.6, "min_engagements": 8}, _government_agenda),
    Rule("CIVIC_SPACE_EXITS", _("Members leave under outside pressure"),
         L.CROSS_SECTOR, C.CIVIC_SPACE,
         (S.COLLECTIVE_VOICE, S.SEGMENTED_FORUMS),
         ("civic-space-scan",),
         {"min_exits": 1},
         _exits(EndReason.EXTERNAL_PRESSURE,  # type: ignore[arg-type]
                _("%(n)s memberships ended under external or regulatory pressure in two years."))),
    Rule("DISAGREEMENT_EXITS", _("Members leave over disagreement"),
         L.INTER_ORGANISATIONAL, C.MISALIGNED_VALUES,
         (S.ENGAGING_CONFLICT, S.STANDARDS_CHARTER),
         ("values-dialogue", "hopes-fears-round"),
         {"min_exits": 2},
         _exits(EndReason.DISAGREEMENT,  # type: ignore[arg-type]
                _("%(n)s memberships ended in disagreement with the coalition in two years."))),
    # survivor inclusion (coalitionlens.insights.inclusion)
    Rule("SURVIVOR_VOICE", _("Survivor-led organisations without a voice"),
         L.INTER_ORGANISATIONAL, C.SOCIAL_LOCATION,
         (S.SHARED_LEADERSHIP, S.CAPACITY_BUILDING),
         ("survivor-voice-audit", "power-walk"),
         _VOICE, _survivor_voice),
    Rule("SURVIVOR_NO_BOARD_SEAT", _("Survivor-led members without a board seat"),
         L.INTER_ORGANISATIONAL, C.SOCIAL_LOCATION,
         (S.SHARED_LEADERSHIP, S.ROTATING_REPRESENTATION),
         ("survivor-voice-audit", "power-walk"),
         {"min_orgs": 1}, _survivor_no_board_seat),
    Rule("SURVIVOR_NO_LEAD", _("Survivor-led members lead nothing"),
         L.INTER_ORGANISATIONAL, C.SOCIAL_LOCATION,
         (S.SHARED_LEADERSHIP, S.CAPACITY_BUILDING),
         ("survivor-voice-audit",),
         {"min_orgs": 1, "min_engagements": 5}, _survivor_no_lead),
    Rule("SURVIVOR_SEAT_SHARE", _("Survivor-led members under-seated"),
         L.INTER_ORGANISATIONAL, C.SOCIAL_LOCATION,
         (S.SHARED_LEADERSHIP, S.STANDARDS_CHARTER),
         ("survivor-voice-audit", "power-walk"),
         {"min_member_share": 0.05, "ratio": 0.5}, _survivor_seat_share),
    Rule("SILOED_CLUSTERS", _("Clusters of one sector"),
         L.CROSS_SECTOR, C.SIZE_SILOING,
         (S.SEGMENTED_FORUMS, S.NEUTRAL_CONVENING, S.RELATIONSHIP_MAPPING),
         ("cross-sector-pairs", "relationship-map"),
         {"homogeneity": 0.8, "share": 0.5, "high": 0.75}, _siloed_communities),
    Rule("SECRETARIAT_STRETCHED", _("A stretched secretariat"),
         L.INTER_ORGANISATIONAL, C.TURNOVER_BURNOUT,
         (S.SHARED_LEADERSHIP, S.CAPACITY_BUILDING),
         ("broker-succession", "member-pulse-call"),
         {"members_per_staff": 12, "staff_fall": 0.3}, _secretariat_stretched),
    Rule("SHARING_WITHOUT_AGREEMENT", _("Information shared without an agreement"),
         L.CROSS_SECTOR, C.CONFIDENTIALITY,
         (S.FORMALISE_MOU, S.STANDARDS_CHARTER),
         ("data-sharing-protocol",),
         {"share": 0.5, "high": 0.8, "min_engagements": 2}, _sharing_without_agreement),
    Rule("LOW_TRUST_PAIR", _("Low trust between two sectors"),
         L.CROSS_SECTOR, C.TRUST_SUSPICION,
         (S.NEUTRAL_CONVENING, S.ENGAGING_CONFLICT),
         ("cross-sector-pairs", "hopes-fears-round"),
         {"trust": 2.5}, _low_trust_pair),
    Rule("PERCEPTION_GAP", _("Sectors see the coalition differently"),
         L.CROSS_SECTOR, C.TRUST_SUSPICION,
         (S.ENGAGING_CONFLICT, S.STRUCTURED_COMMUNICATION),
         ("hopes-fears-round", "values-dialogue"),
         {"gap": 1.0}, _perception_gap),
    Rule("FACTOR_CONCERN", _("A health factor in the concern band"),
         L.INTER_ORGANISATIONAL, C.POWER_ASYMMETRY,
         (S.SHARED_LEADERSHIP, S.STRATEGIC_PLANNING),
         ("power-walk", "hopes-fears-round"),
         {"high": 0.5}, _factor_concern),
    Rule("SURVEY_FALL", _("Fallen since the last round"),
         L.INTER_ORGANISATIONAL, C.TRUST_SUSPICION,
         (S.STRUCTURED_COMMUNICATION, S.ENGAGING_CONFLICT),
         ("member-pulse-call", "cross-sector-pairs"),
         {"factor_fall": 0.3, "trust_fall": 0.3}, _survey_fall),
    Rule("SINGLE_PERSON_TIES", _("Ties that hang on one person"),
         L.INTER_ORGANISATIONAL, C.TURNOVER_BURNOUT,
         (S.SHARED_LEADERSHIP, S.RELATIONSHIP_MAPPING),
         ("handover-file", "relationship-map"),
         {"min_engagements": 2}, _single_person_ties),
    Rule("FOCAL_POINT_LEAVING", _("A focal point about to leave"),
         L.INTER_ORGANISATIONAL, C.TURNOVER_BURNOUT,
         (S.CAPACITY_BUILDING, S.SHARED_LEADERSHIP),
         ("handover-file",),
         {"days": 90}, _focal_point_leaving),
    Rule("WIDESPREAD_FEAR", _("A fear shared by many"),
         L.CROSS_SECTOR, C.COOPTATION,
         (S.STANDARDS_CHARTER, S.COLLECTIVE_VOICE),
         ("hopes-fears-round", "red-lines-charter"),
         {"share": 0.5, "high": 0.75}, _widespread_fear),
]  # fmt: skip

RULES += PATHWAY_RULES  # referral pathways: gaps, sole providers, unlinked stages


def rule_by_id(rule_id: str) -> Rule | None:
    return next((r for r in RULES if r.id == rule_id), None)
