"""Write demo plans to the database: bulk inserts in one transaction, skipping coalitions that exist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from coalitionlens.audit.models import Action
from coalitionlens.audit.services import audit_record
from coalitionlens.coalitions.models import (
    Coalition,
    GovernmentSeat,
    Membership,
    Observation,
    Organisation,
    Partnership,
    Sector,
    Unit,
    UnitMember,
)
from coalitionlens.demo.addresses import demo_addresses_give
from coalitionlens.demo.focal_points import write_focal_points
from coalitionlens.demo.funding import write_funding
from coalitionlens.demo.generate import build_plan
from coalitionlens.demo.pathways import write_pathways
from coalitionlens.demo.plan import CoalitionPlan
from coalitionlens.demo.profiles import PROFILES
from coalitionlens.demo.surveys import write_surveys
from coalitionlens.demo.users import demo_users_ensure
from coalitionlens.engagements.models import Engagement, Participation, ParticipationRole
from coalitionlens.tensions.models import Strategy, StrategyAction, Tension

__all__ = ["DEMO_SEED", "DEMO_SLUGS", "LoadResult", "load_demo", "write_plan"]

DEMO_SEED = 2019  # the year the paper appeared
DEMO_SLUGS: tuple[str, ...] = tuple(p.slug for p in PROFILES)


@dataclass
class LoadResult:
    created: list[str] = field(default_factory=list)  # slugs loaded now
    skipped: list[str] = field(default_factory=list)  # slugs that already existed
    users_created: int = 0

    @property
    def slugs(self) -> list[str]:
        return [p.slug for p in PROFILES if p.slug in self.created or p.slug in self.skipped]


def load_demo(
    *,
    seed: int = DEMO_SEED,
    only: Sequence[str] | None = None,
    on_step: Callable[[str], None] | None = None,
) -> LoadResult:
    """Load the three demo coalitions and the demo users; whatever already exists is left alone.

    A coalition whose slug exists is skipped whole, so running this twice creates nothing the
    second time. ``only`` limits the load to some slugs (tests use the small ``marivo``).
    ``on_step`` is called after each coalition and after the users (a progress bar): one step
    per coalition plus one, see :func:`demo_steps`.
    """
    profiles = [p for p in PROFILES if only is None or p.slug in only]
    if only is not None and len(profiles) != len(set(only)):
        raise ValueError(f"unknown demo coalition in {list(only)}; known: {list(DEMO_SLUGS)}")
    result = LoadResult()
    with transaction.atomic():
        existing = set(Coalition.objects.filter(slug__in=DEMO_SLUGS).values_list("slug", flat=True))
        sectors = {s.code: s for s in Sector.objects.filter(coalition__isnull=True)}
        plans = {p.slug: build_plan(p, seed=seed) for p in profiles}
        for slug, plan in plans.items():
            if slug in existing:
                result.skipped.append(slug)
            else:
                coalition = write_plan(plan, sectors)
                write_surveys(coalition, seed=seed)
                demo_addresses_give(coalition)
                write_focal_points(coalition)
                write_funding(coalition)
                result.created.append(slug)
            if on_step is not None:
                on_step(slug)
        demo = list(Coalition.objects.filter(slug__in=list(plans)).select_related("secretariat"))
        member_orgs = _member_user_orgs(demo, plans)
        triples = [
            (c, c.secretariat, member_orgs[c.slug])
            for c in demo
            if c.secretariat is not None and c.slug in member_orgs
        ]
        result.users_created = demo_users_ensure(triples)
        if on_step is not None:
            on_step("users")
    return result


def demo_steps(only: Sequence[str] | None = None) -> int:
    """How many times :func:`load_demo` calls its ``on_step``."""
    return len([p for p in PROFILES if only is None or p.slug in only]) + 1


def _member_user_orgs(
    coalitions: list[Coalition], plans: dict[str, CoalitionPlan]
) -> dict[str, Organisation]:
    out: dict[str, Organisation] = {}
    for coalition in coalitions:
        plan = plans[coalition.slug]
        name = plan.organisations[plan.member_user_org].name
        org = Organisation.objects.filter(coalition=coalition, name=name).first()
        if org is None:  # edited since it was loaded: any active civil-society member will do
            org = (
                Organisation.objects.filter(
                    coalition=coalition, memberships__status="ACTIVE", sector__macro_sector="CIVIL"
                )
                .exclude(pk=coalition.secretariat_id or 0)
                .order_by("name")
                .first()
            )
        if org is not None:
            out[coalition.slug] = org
    return out


def _backdate_roster(plan: CoalitionPlan, orgs: list[Organisation]) -> None:
    """The demo tells years of history in one load: each organisation's record is dated to when
    it entered the coalition's roster in that story (it joined, or became a partner; otherwise the
    founding), as it would be had it been typed in then. The survey roster rule counts back from
    these dates (surveys/counting.py), so members who joined just before a demo round are left out
    of it, as they would be in real use."""
    founded = dt.date(plan.founded, 3, 1)
    entered: dict[int, dt.date] = {}
    for m in plan.memberships:
        if m.joined_on:
            entered[m.org] = min(entered.get(m.org, m.joined_on), m.joined_on)
    for p in plan.partnerships:
        if p.started_on:
            entered[p.org] = min(entered.get(p.org, p.started_on), p.started_on)
    for i, org in enumerate(orgs):
        day = min(entered.get(i, founded), dt.date.today())
        org.created_at = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    Organisation.objects.bulk_update(orgs, ["created_at"], batch_size=500)


def write_plan(plan: CoalitionPlan, sectors: dict[str, Sector]) -> Coalition:
    """Insert one plan; call inside a transaction. Returns the new coalition."""
    coalition = Coalition.objects.create(
        slug=plan.slug,
        name=plan.name,
        country=plan.country,
        region=plan.region,
        founded=plan.founded,
        governance_model=plan.governance_model,
        languages=list(plan.languages),
        default_language=plan.languages[0],
        description=plan.description,
    )
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(
                coalition=coalition,
                name=o.name,
                acronym=o.acronym,
                sector=sectors[o.sector],
                subsector=sectors[o.subsector] if o.subsector else None,
                faith_based=o.faith_based,
                survivor_led=o.survivor_led,
                scale=o.scale,
                origin=o.origin,
                at_risk=o.at_risk,
                city=o.city,
            )
            for o in plan.organisations
        ]
    )
    coalition.secretariat = orgs[plan.secretariat]
    coalition.save(update_fields=["secretariat"])
    _backdate_roster(plan, orgs)
    c = coalition
    Membership.objects.bulk_create(
        [
            Membership(
                coalition=c,
                organisation=orgs[m.org],
                tier=m.tier,
                status=m.status,
                joined_on=m.joined_on,
                ended_on=m.ended_on,
                end_reason=m.end_reason,
            )
            for m in plan.memberships
        ]
    )
    Partnership.objects.bulk_create(
        [
            Partnership(
                coalition=c,
                organisation=orgs[p.org],
                partnership_type=p.partnership_type,
                formality=p.formality,
                level=p.level,
                purposes=list(p.purposes),
                started_on=p.started_on,
                ended_on=p.ended_on,
            )
            for p in plan.partnerships
        ]
    )
    units = Unit.objects.bulk_create(
        [
            Unit(
                coalition=c,
                kind=u.kind,
                name=u.name,
                description=u.description,
                established_on=u.established_on,
            )
            for u in plan.units
        ]
    )
    UnitMember.objects.bulk_create(
        [
            UnitMember(coalition=c, unit=unit, organisation=orgs[org], role=role, since=since)
            for unit, spec in zip(units, plan.units, strict=True)
            for org, role, since in spec.members
        ]
    )
    GovernmentSeat.objects.bulk_create(
        [
            GovernmentSeat(
                coalition=c,
                body=orgs[s.body],
                held_by=orgs[s.held_by] if s.held_by is not None else None,
                kind=s.kind,
                since=s.since,
                until=s.until,
                notes=s.notes,
            )
            for s in plan.seats
        ]
    )
    Observation.objects.bulk_create(
        [
            Observation(
                coalition=c,
                kind=o.kind,
                observed_on=o.observed_on,
                value=Decimal(o.value),
                currency=o.currency,
            )
            for o in plan.observations
        ]
    )
    engagements = Engagement.objects.bulk_create(
        [
            Engagement(
                coalition=c,
                date=e.date,
                end_date=e.end_date,
                practice_type=e.practice_type,
                title=e.title,
                description=e.description,
                domains=list(e.domains),
                four_ps=list(e.four_ps),
                initiated_by=e.initiated_by,
                outcome=e.outcome,
                outcome_notes=e.outcome_notes,
                follow_up=e.follow_up,
                follow_up_due=e.follow_up_due,
                confidentiality=e.confidentiality,
            )
            for e in plan.engagements
        ]
    )
    Participation.objects.bulk_create(
        [
            Participation(coalition=c, engagement=eng, organisation=orgs[org], role=role)
            for eng, spec in zip(engagements, plan.engagements, strict=True)
            for role, group in (
                (ParticipationRole.LEAD, spec.leads),
                (ParticipationRole.COUNTERPART, spec.counterparts),
            )
            for org in group
        ]
    )
    tensions = Tension.objects.bulk_create(
        [
            Tension(
                coalition=c,
                title=t.title,
                description=t.description,
                level=t.level,
                category=t.category,
                status=t.status,
                observed_on=t.observed_on,
                resolved_on=t.resolved_on,
            )
            for t in plan.tensions
        ]
    )
    Tension.parties.through.objects.bulk_create(
        [
            Tension.parties.through(tension=tension, organisation=orgs[org])
            for tension, spec in zip(tensions, plan.tensions, strict=True)
            for org in spec.parties
        ]
    )
    strategies = Strategy.objects.bulk_create(
        [
            Strategy(
                coalition=c,
                category=s.category,
                title=s.title,
                description=s.description,
                status=s.status,
                adopted_on=s.adopted_on,
                owner=orgs[s.owner] if s.owner is not None else None,
                review_on=s.review_on,
            )
            for s in plan.strategies
        ]
    )
    StrategyAction.objects.bulk_create(
        [
            StrategyAction(
                coalition=c,
                strategy=strategy,
                text=a.text,
                due_on=a.due_on,
                status=a.status,
                done_on=a.done_on,
            )
            for strategy, spec in zip(strategies, plan.strategies, strict=True)
            for a in spec.actions
        ]
    )
    Strategy.tensions.through.objects.bulk_create(
        [
            Strategy.tensions.through(strategy=strategy, tension=tensions[t])
            for strategy, spec in zip(strategies, plan.strategies, strict=True)
            for t in spec.tensions
        ]
    )
    write_pathways(c)
    audit_record(
        action=Action.CREATE,
        coalition_id=c.pk,
        obj=c,
        summary=f"loaded the demo coalition {c.slug}",
    )
    return coalition
