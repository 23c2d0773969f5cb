"""Reads of the pathway records, always scoped to one coalition."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.coalitions.selectors import province_list
from coalitionlens.core.coverage import Coverage, Offer, coverage
from coalitionlens.pathways import vocab
from coalitionlens.pathways.models import ReferralTie, Service, SubStage


def service_list(
    *,
    coalition: Coalition,
    stage: str = "",
    trafficking_type: str = "",
    population: str = "",
    province: str = "",
    organisation: Any = None,
) -> QuerySet[Service]:
    qs = Service.objects.filter(coalition=coalition).select_related(
        "organisation__sector", "substage"
    )
    if stage:
        qs = qs.filter(stage=stage)
    if organisation:
        qs = qs.filter(organisation=organisation)
    rows = qs
    # JSON lists are filtered in Python: containment lookups differ between SQLite and PostgreSQL.
    if trafficking_type or population or province:
        keep = [
            s.pk
            for s in qs
            if (not trafficking_type or trafficking_type in s.trafficking_types)
            and (not population or population in s.populations)
            and (not province or not s.provinces or province in s.provinces)
        ]
        rows = qs.filter(pk__in=keep)
    return rows


def referral_list(*, coalition: Coalition) -> QuerySet[ReferralTie]:
    return ReferralTie.objects.filter(coalition=coalition).select_related(
        "from_service__organisation", "to_service__organisation", "partnership", "engagement"
    )


def substage_list(*, coalition: Coalition) -> QuerySet[SubStage]:
    return SubStage.objects.filter(coalition=coalition)


def provinces_of(coalition: Coalition) -> list[str]:
    """Every province the coalition names: its organisations' and its services' (sorted)."""
    names = set(province_list(coalition=coalition))
    for provinces in Service.objects.filter(coalition=coalition).values_list(
        "provinces", flat=True
    ):
        names.update(provinces or [])
    return sorted(names)


def _offers(coalition: Coalition) -> list[Offer]:
    return [
        Offer(
            service=pk,
            organisation=org,
            stage=stage,
            types=frozenset(types or []),
            populations=frozenset(pops or []),
            provinces=frozenset(provinces or []),
        )
        for pk, org, stage, types, pops, provinces in Service.objects.filter(
            coalition=coalition
        ).values_list(
            "pk", "organisation_id", "stage", "trafficking_types", "populations", "provinces"
        )
    ]


def _ties(coalition: Coalition) -> list[tuple[int, int]]:
    return list(
        ReferralTie.objects.filter(coalition=coalition).values_list(
            "from_service_id", "to_service_id"
        )
    )


def coverage_for(
    coalition: Coalition,
    *,
    province: str | None = None,
    types: tuple[str, ...] = (),
    populations: tuple[str, ...] = (),
    every_province: bool = False,
) -> Coverage:
    """The coverage matrix of the coalition (:func:`coalitionlens.core.coverage.coverage`): in one
    ``province``; with ``every_province``, in each province it names (the rules read that); else
    the whole country as one place."""
    if every_province:
        provinces: list[str | None] = list(provinces_of(coalition)) or [None]
    else:
        provinces = [province or None]
    return coverage(
        _offers(coalition),
        _ties(coalition),
        provinces=provinces,
        stages=vocab.STAGE_ORDER,
        types=types or tuple(vocab.TraffickingType.values),
        populations=populations or tuple(vocab.Population.values),
    )


@dataclass(frozen=True)
class Board:
    """The pathway view's content: per stage, the organisations offering it (with their services),
    and the referral ties between organisations of different stages."""

    columns: list[dict[str, Any]]
    ties: list[dict[str, Any]]


def pathway_board(
    coalition: Coalition,
    *,
    province: str = "",
    trafficking_type: str = "",
    population: str = "",
) -> Board:
    services = list(
        service_list(
            coalition=coalition,
            trafficking_type=trafficking_type,
            population=population,
            province=province,
        )
    )
    shown = {s.pk for s in services}
    labels = dict(vocab.Stage.choices)
    columns = []
    for stage in vocab.STAGE_ORDER:
        here = [s for s in services if s.stage == stage]
        orgs: dict[int, dict[str, Any]] = {}
        for s in here:
            node = orgs.setdefault(
                s.organisation_id, {"organisation": s.organisation, "services": []}
            )
            node["services"].append(s)
        columns.append(
            {
                "code": stage,
                "label": labels[stage],
                "nodes": sorted(orgs.values(), key=lambda n: n["organisation"].name),
                "empty": not here,
                "fragile": len(orgs) == 1,
            }
        )
    ties = [
        {
            "tie": t,
            "from_stage": t.from_service.stage,
            "to_stage": t.to_service.stage,
        }
        for t in referral_list(coalition=coalition)
        if t.from_service_id in shown and t.to_service_id in shown
    ]
    return Board(columns=columns, ties=ties)


@dataclass(frozen=True)
class ProvinceRow:
    province: str
    organisations: int
    services: int
    gaps: int
    fragile: int


def by_province(coalition: Coalition) -> list[ProvinceRow]:
    """Per province the coalition names: its organisations (by their own province), the services
    that cover it (nationwide ones included), and the coverage matrix's gaps and cells that hang
    on one provider there (:func:`coverage_for`, the coverage page's figures)."""
    provinces = provinces_of(coalition)
    if not provinces:
        return []
    cov = coverage_for(coalition, every_province=True)
    gaps: dict[str | None, int] = {}
    fragile: dict[str | None, int] = {}
    for cell in cov.cells:
        gaps[cell.province] = gaps.get(cell.province, 0) + cell.gap
        fragile[cell.province] = fragile.get(cell.province, 0) + cell.fragile
    orgs: dict[str, int] = {}
    for name in Organisation.objects.filter(coalition=coalition).values_list("province", flat=True):
        orgs[name] = orgs.get(name, 0) + 1
    offers = _offers(coalition)
    return [
        ProvinceRow(
            province=p,
            organisations=orgs.get(p, 0),
            services=sum(1 for o in offers if o.covers(p)),
            gaps=gaps.get(p, 0),
            fragile=fragile.get(p, 0),
        )
        for p in provinces
    ]
