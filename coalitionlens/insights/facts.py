"""Gather the :class:`~coalitionlens.insights.diagnostics.Facts` of a coalition from the database.

A fixed number of queries whatever the size of the coalition; everything is read as ``role`` may see
it (see :mod:`coalitionlens.insights.tables`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from django.db.models import Q
from django.utils.translation import get_language

from coalitionlens.coalitions.models import (
    Coalition,
    FocalPoint,
    GovernmentSeat,
    Observation,
)
from coalitionlens.insights.diagnostics import diagnose
from coalitionlens.insights.findings import Facts, Finding
from coalitionlens.insights.inclusion import from_frames, seats_on
from coalitionlens.insights.modes import counts_from_frames, default_window
from coalitionlens.insights.money import flows_on
from coalitionlens.insights.money import from_frames as money_from_frames
from coalitionlens.insights.networks import filters_as_of, network_view
from coalitionlens.insights.pathway_rules import pathway_facts
from coalitionlens.insights.tables import (
    engagement_frame,
    membership_frame,
    organisation_table,
    participation_frame,
    partnership_frame,
)
from coalitionlens.surveys.change import compare_results
from coalitionlens.surveys.instruments import load
from coalitionlens.surveys.published import PublishedRound, closed_rounds
from coalitionlens.surveys.scoring import ALL

__all__ = ["coalition_diagnosis", "coalition_facts", "coalition_findings", "survey_facts"]

AGREEMENT_PRACTICES = {"MOU", "REFERRAL_PROTOCOL"}
AGREEMENT_FORMALITIES = {"MOU", "CONTRACT"}
CONSULTATIONS = {"POLICY_CONSULTATION", "GOVERNMENT_SEAT"}


def _counts(series: pd.Series) -> dict[str, int]:
    return {str(k): int(v) for k, v in series.value_counts().items()}


def survey_facts(coalition: Coalition, *, as_of: dt.date | None = None) -> dict[str, Any]:
    """The survey part of the facts, from the most recently closed round: the sector-pair trust
    matrix (rater's sector, partner's sector; pairs of two different sectors), the factor scores
    of the whole coalition and per macro-sector of the respondent, and the share who hold each
    fear about each macro-sector; and, when an earlier round closed too, what changed between the
    two (:func:`coalitionlens.surveys.change.compare_results`, the comparison the round-against-round
    page shows). Only published cells: a cell hidden for fewer than k respondents, or by
    complementary suppression, in either round, has no value and is left out. Nothing is read from
    the answers themselves. Empty when no round has closed. With ``as_of``, the rounds closed on
    or before that day only. One query.
    """
    rounds = closed_rounds(coalition=coalition, limit=2, as_of=as_of)
    if not rounds:
        return {}
    closed = rounds[0]
    results = closed.results
    trust: dict[tuple[str, str], float] = {}
    for (a, b), cell in results.table("sector_pair").items():
        value = None if cell.values is None else cell.values.get("trust")
        if a != b and value is not None and value == value:  # NaN: no trust answers
            trust[(a, b)] = float(value)
    factors: dict[str, dict[str, float]] = {}
    overall: dict[str, float] = {}
    for factor in results.factors:
        for (_code, group), cell in results.table(f"factor:{factor}").items():
            value = None if cell.values is None else cell.values.get("value")
            if value is None or value != value:
                continue
            if group == ALL:
                overall[factor] = float(value)
            else:
                factors.setdefault(factor, {})[group] = float(value)
    by_sector: dict[str, dict[str, float]] = {}
    too_small: dict[str, tuple[str, ...]] = {}
    for factor in results.factors:
        hidden = []
        for (_code, sector), cell in results.table(f"factor_sector:{factor}").items():
            value = None if cell.values is None else cell.values.get("value")
            if value is None:
                hidden.append(sector)
            elif value == value:
                by_sector.setdefault(factor, {})[sector] = float(value)
        if hidden:
            too_small[factor] = tuple(sorted(hidden))
    fears: dict[tuple[str, str], tuple[float, int]] = {}
    for name, cells in results.tables.items():
        if not name.startswith("hopes:"):
            continue
        for cell in cells:
            if cell.key[1:] != (ALL,) or cell.values is None or cell.n is None:
                continue
            for measure, value in cell.values.items():
                code = measure.removesuffix(":share")
                if code.startswith("fear:") and measure != code and value == value:
                    fears[(cell.key[0], code)] = (float(value), int(cell.n))
    lang = get_language() or "en"
    labels: dict[str, str] = {}
    tensions: dict[str, tuple[str, ...]] = {}
    if "health" in closed.instruments:
        inst = load("health", closed.instruments["health"])
        labels = {f["code"]: inst.text(f, lang) for f in inst.factors}
        tensions = {f["code"]: tuple(f.get("tensions", ())) for f in inst.factors}
    fear_labels: dict[str, str] = {}
    if "hopes_fears" in closed.instruments:
        hf = load("hopes_fears", closed.instruments["hopes_fears"])
        fear_labels = {f"fear:{f['code']}": hf.text(f, lang) for f in hf.data["fears"]}
    out: dict[str, Any] = {
        "trust_pairs": trust,
        "factor_scores": factors,
        "factor_labels": labels,
        "factor_sector_scores": by_sector,
        "factor_sector_hidden": too_small,
        "factor_overall": overall,
        "factor_bands": tuple(results.bands),
        "factor_tensions": tensions,
        "fears": fears,
        "fear_labels": fear_labels,
    }
    if len(rounds) == 2:
        out.update(_survey_changes(rounds[1], closed))
    return out


def _survey_changes(before: PublishedRound, after: PublishedRound) -> dict[str, Any]:
    """What fell or rose between two published rounds, for the measures whose instrument version
    is the same in both (a factor of another version is another question)."""
    same = {c for c, v in after.instruments.items() if before.instruments.get(c) == v}
    factor_changes: dict[str, tuple[float, float]] = {}
    trust_changes: dict[tuple[str, str], tuple[float, float]] = {}
    for c in compare_results(before.results, after.results):
        if c.table.startswith("factor:") and c.key[1:] == (ALL,) and "health" in same:
            factor_changes[c.key[0]] = (c.before, c.after)
        elif c.table == "sector_pair" and c.measure == "trust" and "relationship" in same:
            a, b = c.key
            if a != b:
                trust_changes[(a, b)] = (c.before, c.after)
    return {
        "factor_changes": factor_changes,
        "trust_changes": trust_changes,
        "change_rounds": (before.title, after.title),
    }


def _up_to(frame: pd.DataFrame, column: str, until: dt.date | None) -> pd.DataFrame:
    """The rows of ``frame`` not dated after ``until`` (an empty date is kept); all with ``None``."""
    if until is None:
        return frame
    dates = pd.to_datetime(frame[column])
    return frame[dates.isna() | (dates <= pd.Timestamp(until))]


def coalition_facts(
    coalition: Coalition, role: str | None, *, today: dt.date | None = None
) -> Facts:
    """The facts the rules read, as ``role`` may see them on ``today`` (today by default): the
    diagnostics page's, and a report's for its own day. For a past day every dated record is read
    as it stood then: the network until that day
    (:func:`~coalitionlens.insights.networks.filters_as_of`), the engagements, memberships,
    partnerships, government seats and staff counts dated on or before it, the funding flows and
    unit seats active on it, and the survey rounds closed by it."""
    today = today or dt.date.today()
    # A past day reads the records as they stood then (a report for a past period): nothing dated
    # after it. On or after today, every record, as the diagnostics page always has (the same rule
    # as filters_as_of, whose network this reads).
    until = today if today < dt.date.today() else None
    year_ago = pd.Timestamp(today - dt.timedelta(days=365))
    two_years_ago = pd.Timestamp(today - dt.timedelta(days=730))
    view = network_view(coalition, role, filters_as_of(today))
    orgs = organisation_table(coalition).set_index("id")
    parts = _up_to(participation_frame(coalition, role), "date", until)
    engs = _up_to(engagement_frame(coalition, role), "date", until)
    members = _up_to(membership_frame(coalition), "joined_on", until)
    partners = _up_to(partnership_frame(coalition), "started_on", until)
    secretariat = coalition.secretariat_id

    counts = counts_from_frames(coalition, members, partners, parts, window=default_window(today))
    modes = counts.as_dict()
    active = counts.rows["MEMBERSHIP"]  # the secretariat left out, like every mode count

    private_cp = parts[(parts["role"] == "COUNTERPART") & (parts["macro_sector"] == "PRIVATE")]
    private_practices = _counts(private_cp.drop_duplicates("engagement")["practice"])
    private_partnerships = _counts(partners[partners["macro_sector"] == "PRIVATE"]["type"])

    member_ids = set(counts.organisations["MEMBERSHIP"])
    member_parts = parts[parts["organisation"].isin(member_ids)]
    recent = member_parts[member_parts["date"] >= year_ago]
    before = member_parts[
        (member_parts["date"] >= two_years_ago) & (member_parts["date"] < year_ago)
    ]
    activity = {
        sector: (
            int((before["sector"] == sector).sum()),
            int((recent["sector"] == sector).sum()),
        )
        for sector in sorted(set(active["sector"]))
    }
    quiet = len(member_ids - set(recent["organisation"]))

    seats = GovernmentSeat.objects.filter(coalition=coalition)
    if until is not None:
        seats = seats.exclude(since__gt=until)
    bodies = set(seats.values_list("body_id", flat=True))
    bodies |= set(
        partners[(partners["macro_sector"] == "PUBLIC") & (partners["sector"] == "GOVERNMENT")][
            "organisation"
        ]
    )
    last_contact = parts.groupby("organisation")["date"].max()
    contacts: list[tuple[Any, str, int | None]] = []
    for pk in sorted(bodies):
        if pk not in orgs.index:
            continue
        last = last_contact.get(pk)
        days = None if last is None or pd.isna(last) else (pd.Timestamp(today) - last).days
        contacts.append((pk, str(orgs.at[pk, "name"]), days))

    due = engs[engs["follow_up_due"].notna()]
    overdue = due[(due["follow_up_due"] < today) & (due["outcome"] == "PENDING")]

    leads = parts[parts["role"] == "LEAD"]
    secretariat_led = int(leads[leads["organisation"] == secretariat]["engagement"].nunique())

    funding = partners[partners["type"] == "FUNDING"].drop_duplicates("organisation")
    foreign = funding[
        (funding["origin"] == "FOREIGN") | (funding["macro_sector"] == "INTERNATIONAL")
    ]

    consult = engs[
        engs["practice"].isin(CONSULTATIONS)
        & engs["outcome"].isin(["ACHIEVED", "PARTLY", "NOT_ACHIEVED"])
    ]
    without = consult[consult["outcome"].isin(["PARTLY", "NOT_ACHIEVED"])]

    public_cp = parts[(parts["role"] == "COUNTERPART") & (parts["macro_sector"] == "PUBLIC")]
    public_engs = public_cp.drop_duplicates("engagement")

    ended = members[members["ended_on"].notna()]
    ended = ended[ended["ended_on"] >= (today - dt.timedelta(days=730))]
    if until is not None:
        ended = ended[ended["ended_on"] <= until]
    exits = _counts(ended["end_reason"])

    inclusion = from_frames(orgs, member_ids, parts, view, seats_on(coalition, today), today)
    money = money_from_frames(coalition, role, flows_on(coalition, today), members, today)

    observed = Observation.objects.filter(coalition=coalition, kind="STAFF")
    if until is not None:
        observed = observed.filter(observed_on__lte=until)
    staff = tuple(
        (d, float(v))
        for d, v in observed.order_by("observed_on").values_list("observed_on", "value")
    )

    sharing = public_cp[public_cp["practice"] == "INFORMATION_SHARING"]
    sharing_orgs = set(sharing["organisation"])
    agreements = set(parts[parts["practice"].isin(AGREEMENT_PRACTICES)]["organisation"]) | set(
        partners[partners["formality"].isin(AGREEMENT_FORMALITIES)]["organisation"]
    )

    return Facts(
        as_of=today,
        network=view.summary,
        cross_sector_connected=view.cross_sector_connected,
        modes=modes,
        mode_totals=dict(counts.totals),
        modes_window=counts.window,
        modes_secretariat_left_out=None if secretariat is None else counts.secretariat_left_out,
        private_practices=private_practices,
        private_partnerships=private_partnerships,
        member_sector_activity=activity,
        active_members=len(member_ids),
        quiet_members=quiet,
        government_contacts=tuple(contacts),
        followups_due=len(due),
        followups_overdue=len(overdue),
        engagements=len(engs),
        secretariat_led=secretariat_led,
        funding_partners=len(funding),
        foreign_funding_partners=len(foreign),
        consultations=len(consult),
        consultations_without_result=len(without),
        public_engagements=len(public_engs),
        public_initiated=int((public_engs["initiated_by"] == "COUNTERPART").sum()),
        exits=exits,
        survivor_led=inclusion.survivor_members,
        survivor_led_with_voice=inclusion.with_voice,
        survivor_on_board=inclusion.on_board,
        survivor_has_board=inclusion.has_board,
        survivor_leading=inclusion.leading,
        survivor_seat_share=inclusion.seat_share,
        survivor_member_share=inclusion.member_share,
        led_engagements_last_year=inclusion.engagements,
        funding_flows=money.flows,
        funders=money.funders,
        top_funder_share=money.top_funder_share,
        foreign_funding_share=money.foreign_share,
        budget_ratio=money.budget.ratio,
        budget_banded=money.budget.banded,
        budget_lowest_share=money.budget.lowest_share,
        communities=tuple(view.communities),
        staff=staff,
        info_sharing_public=int(sharing["engagement"].nunique()),
        info_sharing_public_counterparts=len(sharing_orgs),
        info_sharing_public_covered=len(sharing_orgs & agreements),
        **survey_facts(coalition, as_of=until),
        **pathway_facts(coalition),
        **continuity_facts(coalition, role, today=today),
    )


def continuity_facts(
    coalition: Coalition, role: str | None = None, *, today: dt.date
) -> dict[str, Any]:
    """Ties that hang on one person and focal points about to leave, by organisation: names of
    people never leave this function (the findings are read by analysts too). The engagements as
    ``role`` reads them (the one way in: a counterpart it may not see ties nobody here). Three
    queries."""
    from coalitionlens.engagements.selectors import engagements_for

    since = today - dt.timedelta(days=365)
    rows = engagements_for(
        coalition=coalition, role=role, start=since, end=today + dt.timedelta(days=1)
    ).participations(
        "engagement_id", "organisation_id", "organisation__name", "organisation__sector__code"
    )
    parties: dict[int, dict[int, tuple[str, str]]] = {}
    for engagement, oid, name, sector in rows:
        parties.setdefault(engagement, {})[oid] = (name, sector)
    carried_by: dict[int, dict[int, set[int]]] = {}
    # Which focal points carried which of those engagements (the link, from the focal points' side).
    links = FocalPoint.objects.filter(coalition=coalition).values_list(
        "engagements", "organisation_id", "pk"
    )
    for engagement, oid, pk in links:
        if engagement in parties:
            carried_by.setdefault(engagement, {}).setdefault(oid, set()).add(pk)
    # (organisation, sector code of another party) → {engagement: its focal points of the organisation}
    ties: dict[tuple[str, str], dict[int, set[int]]] = {}
    for engagement, orgs in parties.items():
        carried = carried_by.get(engagement, {})
        for oid, (name, _sector) in orgs.items():
            for other_id, (_other, other_sector) in orgs.items():
                if other_id == oid:
                    continue
                ties.setdefault((name, other_sector), {})[engagement] = carried.get(oid, set())
    single = tuple(
        (org, macro, len(by_engagement))
        for (org, macro), by_engagement in sorted(ties.items())
        if all(len(people) == 1 for people in by_engagement.values())
        and len(set().union(*by_engagement.values())) == 1
    )
    leaving = tuple(
        (name, (until - today).days)
        # Serving on the day: a report for a past day leaves out a focal point who came later.
        for name, until in FocalPoint.objects.filter(
            Q(since__isnull=True) | Q(since__lte=today),
            coalition=coalition,
            expected_until__gte=today,
            expected_until__lte=today + dt.timedelta(days=180),
        )
        .order_by("expected_until", "organisation__name")
        .values_list("organisation__name", "expected_until")
        if until is not None
    )
    return {"single_person_ties": single, "focal_points_leaving": leaving}


def coalition_diagnosis(
    coalition: Coalition, role: str | None, *, today: dt.date | None = None
) -> tuple[Facts, list[Finding]]:
    """The facts the rules read and the findings they raise (the diagnostics page shows both)."""
    from coalitionlens.insights.diagnostics import configured_thresholds

    facts = coalition_facts(coalition, role, today=today)
    return facts, diagnose(facts, overrides=configured_thresholds())


def coalition_findings(
    coalition: Coalition, role: str | None, *, today: dt.date | None = None
) -> list[Finding]:
    return coalition_diagnosis(coalition, role, today=today)[1]
