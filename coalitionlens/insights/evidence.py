"""How a finding's evidence reads on a page: each key a rule reports, in words, with its number
formatted for the active language (through :mod:`coalitionlens.kit.numbers`).

The rules (:mod:`coalitionlens.insights.rules`) report their evidence under short English keys
(``dependence_on_secretariat``, ``quiet_members``...): they stay the keys of the API, the CLI and the
stored snapshot of a recorded tension. Pages show :func:`evidence_lines` instead: "Share of
cross-sector paths through the secretariat: 70 %". A test runs every rule and fails on a key that
has no entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coalitionlens.insights.measures import EVIDENCE_DOCS, anchor
from coalitionlens.kit.numbers import count, number

__all__ = ["EVIDENCE", "evidence_label", "evidence_lines", "evidence_rows", "evidence_value"]

Format = Callable[[Any], str]


def share(value: Any) -> str:
    """A share of 1 as a whole percentage: "70%" ("70 %" in French)."""
    return str(_("%(pct)s%%")) % {"pct": number(100 * float(value), 0)}


def measure(value: Any) -> str:
    """A measure with two decimals ("0,20" in French)."""
    return number(float(value))


def signed(value: Any) -> str:
    """An index from −1 to +1, with its sign."""
    text = number(float(value))
    return f"+{text}" if float(value) > 0 else text.replace("-", "−")


def score(value: Any) -> str:
    """A mean rating on a short scale, with one decimal."""
    return number(float(value), 1)


def days(value: Any) -> str:
    n = round(float(value))
    return ngettext("%(n)s day", "%(n)s days", n) % {"n": count(n)}


def staff(value: Any) -> str:
    """Staff in full-time equivalents: whole when whole, else one decimal."""
    f = float(value)
    return count(f) if f.is_integer() else number(f, 1)


#: Each evidence key → (its label, how its value reads).
EVIDENCE: dict[str, tuple[Any, Format]] = {
    "dependence_on_secretariat": (
        _("Share of cross-sector shortest paths through the secretariat"),
        share,
    ),
    "only_through_secretariat": (
        _("Share of those pairs linked only through the secretariat"),
        share,
    ),
    "connected_before": (_("Cross-sector pairs that can reach each other today"), share),
    "connected_after": (_("Cross-sector pairs still connected without the brokers"), share),
    "brokers_removed": (_("Brokers taken out"), count),
    "funding_share": (_("Share about money"), share),
    "funding": (_("Engagements and partnerships about money"), count),
    "total": (_("Engagements and partnerships with businesses"), count),
    "quiet_members": (_("Members with no engagement in a year"), count),
    "active_members": (_("Active members"), count),
    "share": (_("Share"), share),
    "overdue": (_("Overdue follow-ups"), count),
    "due": (_("Follow-ups with a due date"), count),
    "secretariat_led": (_("Engagements led by the secretariat"), count),
    "engagements": (_("Engagements"), count),
    "foreign": (_("Foreign or international funding partners"), count),
    "funding_partners": (_("Funding partners"), count),
    "without_result": (_("Consultations without the result sought"), count),
    "consultations": (_("Consultations with a known outcome"), count),
    "initiated_by_public": (_("Engagements initiated by public bodies"), count),
    "public_engagements": (_("Engagements with the public sector"), count),
    "counterparts": (_("Public bodies information is shared with"), count),
    "without_agreement": (_("Of them without an agreement"), count),
    "organisations_engaged": (_("Organisations engaged"), count),
    "membership": (_("Organisations engaged as members"), count),
    "partnership": (_("Organisations engaged as partners"), count),
    "engagement_practice": (_("Organisations engaged as counterparts"), count),
    "previous_12_months": (_("Engagements in the 12 months before"), count),
    "last_12_months": (_("Engagements in the last 12 months"), count),
    "drop": (_("Fall"), share),
    "bodies_silent": (_("Government bodies without contact"), count),
    "never_contacted": (_("Never contacted"), count),
    "longest_days": (_("Longest silence"), days),
    "exits": (_("Memberships ended"), count),
    "survivor_led": (_("Survivor-led organisations"), count),
    "with_voice": (_("Of them with a voice"), count),
    "on_board": (_("Of them on the board"), count),
    "member_share": (_("Survivor-led share of the active members"), share),
    "seat_share": (_("Survivor-led share of the board and working-group seats"), share),
    "siloed_clusters": (_("Clusters of one macro-sector"), count),
    "clusters": (_("Clusters"), count),
    "ei_index": (_("E-I index of the network"), signed),
    "staff": (_("Secretariat staff"), staff),
    "members_per_staff": (_("Active members per staff member"), score),
    "fall_from_peak": (_("Fall of staff from its peak"), share),
    "trust": (_("Trust (1–4)"), score),
    "civil": (_("NGO members' score (1–5)"), score),
    "public": (_("Government members' score (1–5)"), score),
    "gap": (_("Gap"), score),
    "private": (_("Business members' score (1–5)"), score),
    "international": (_("International members' score (1–5)"), score),
    "first_sector": (_("Score of the first sector named (1–5)"), score),
    "second_sector": (_("Score of the second sector named (1–5)"), score),
    "pooled_sectors": (
        _("Sectors with fewer than k respondents, counted in their macro-sector"),
        count,
    ),
    "score": (_("Whole-coalition score (1–5)"), measure),
    "watch_band": (_("Concern band below"), score),
    "before": (_("In the earlier round"), measure),
    "after": (_("In the later round"), measure),
    "fall": (_("Fall"), measure),
    "fear_share": (_("Share of organisations that hold this fear"), share),
    "respondents": (_("Organisations that answered"), count),
}

#: Where a key means something more precise in one rule.
BY_RULE: dict[tuple[str, str], tuple[Any, Format]] = {
    ("QUIET_MEMBERS", "share"): (_("Share of active members with no engagement"), share),
    ("OVERDUE_FOLLOW_UPS", "share"): (_("Share of follow-ups overdue"), share),
    ("SECRETARIAT_LEADS_MOST", "share"): (_("Share of engagements led by the secretariat"), share),
    ("SHARING_WITHOUT_AGREEMENT", "engagements"): (
        _("Engagements sharing information with public bodies"),
        count,
    ),
}

EVIDENCE |= {  # power and money (money.py): shares and counts, never a funder's name
    "top_funder_share": (_("The largest funder's share of active funding"), share),
    "funding_flows": (_("Active funding flows"), count),
    "funders": (_("Funders"), count),
    "foreign_share": (_("Share of active funding from foreign or international funders"), share),
    "budget_ratio": (_("Budget of the best- to the least-resourced member"), score),
    "budget_banded": (_("Members with a budget band"), count),
    "lowest_band_share": (_("Share of them with a budget under 50,000 USD a year"), share),
}
EVIDENCE |= {  # continuity: a focal point about to leave (never named)
    "days_left": (_("Days until the focal point is expected to leave"), count),
}
EVIDENCE |= {  # referral pathways (pathway_rules.py)
    "gaps": (_("Stages without a provider"), count),
    "rows": (_("Pathways broken"), count),
    "sole_provider_cells": (_("Stages with this provider alone"), count),
    "unlinked_cells": (_("Stages without a referral tie to the stage before"), count),
}


def _entry(key: str, rule: str = "") -> tuple[Any, Format] | None:
    return BY_RULE.get((rule, key)) or EVIDENCE.get(key)


def evidence_label(key: str, rule: str = "") -> str:
    entry = _entry(key, rule)
    return str(entry[0]) if entry else key.replace("_", " ")


def evidence_value(key: str, value: Any, rule: str = "") -> str:
    """``value`` as the page shows it ("—" when unknown)."""
    entry = _entry(key, rule)
    if value is None or isinstance(value, bool) or entry is None:
        return number(value)
    try:
        return entry[1](value)
    except (TypeError, ValueError):
        return number(value)


def evidence_lines(evidence: Mapping[str, Any], rule: str = "") -> list[tuple[str, str]]:
    """(label, value as written) for each item of a finding's evidence, in its order."""
    return [(evidence_label(k, rule), evidence_value(k, v, rule)) for k, v in evidence.items()]


def evidence_rows(evidence: Mapping[str, Any], rule: str = "") -> list[tuple[str, str, str]]:
    """:func:`evidence_lines` with, for each item that reports a measure, the anchor of the help
    page's section that explains it (``""`` when none does)."""
    return [
        (label, value, anchor(EVIDENCE_DOCS[key]) if key in EVIDENCE_DOCS else "")
        for key, (label, value) in zip(evidence, evidence_lines(evidence, rule), strict=True)
    ]
