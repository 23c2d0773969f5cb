"""Reads of the transfer app: a coalition's records as export tables, passed through confidentiality.

Each table has the same columns as the import (``columns.COLUMNS``), so an export imports back
unchanged. Engagement fields a role may not read (``engagements.policy``) are left empty, and the
counterparts of such engagements are left out of the network files too.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from coalitionlens.accounts.permissions import may_read_sensitive
from coalitionlens.coalitions.models import Coalition, Membership, Organisation, Partnership
from coalitionlens.engagements.models import Engagement, ParticipationRole
from coalitionlens.engagements.policy import SENSITIVE_FIELDS
from coalitionlens.engagements.selectors import engagement_list
from coalitionlens.transfer.columns import COLUMNS
from coalitionlens.transfer.models import ImportBatch

__all__ = ["batch_for_scope", "export_tables", "participation_rows"]

Table = list[dict[str, Any]]


def batch_for_scope(*, coalition: Coalition, pk: int) -> ImportBatch | None:
    return ImportBatch.objects.filter(coalition=coalition, pk=pk).first()


def _organisations(coalition: Coalition) -> Table:
    rows = []
    for o in Organisation.objects.filter(coalition=coalition).select_related("sector", "subsector"):
        rows.append(
            {
                "name": o.name,
                "acronym": o.acronym,
                "sector": o.sector.code,
                "subsector": o.subsector.code if o.subsector else "",
                "faith_based": o.faith_based,
                "survivor_led": o.survivor_led,
                "scale": o.scale,
                "origin": o.origin,
                "at_risk": o.at_risk,
                "city": o.city,
                "notes": o.notes,
            }
        )
    return sorted(rows, key=lambda r: (r["name"].casefold(), r["name"]))


def _memberships(coalition: Coalition) -> Table:
    qs = Membership.objects.filter(coalition=coalition).select_related("organisation")
    rows = [
        {
            "organisation": m.organisation.name,
            "tier": m.tier,
            "status": m.status,
            "joined_on": m.joined_on,
            "ended_on": m.ended_on,
            "end_reason": m.end_reason,
            "notes": m.notes,
        }
        for m in qs
    ]
    return sorted(rows, key=lambda r: (r["organisation"], str(r["joined_on"] or "")))


def _partnerships(coalition: Coalition) -> Table:
    qs = Partnership.objects.filter(coalition=coalition).select_related("organisation")
    rows = [
        {
            "organisation": p.organisation.name,
            "partnership_type": p.partnership_type,
            "formality": p.formality,
            "level": p.level,
            "purposes": list(p.purposes or []),
            "started_on": p.started_on,
            "ended_on": p.ended_on,
            "notes": p.notes,
        }
        for p in qs
    ]
    return sorted(
        rows, key=lambda r: (r["organisation"], r["partnership_type"], str(r["started_on"] or ""))
    )


def _engagement_qs(coalition: Coalition, role: str | None) -> QuerySet[Engagement]:
    return engagement_list(coalition=coalition, role=role)


def _engagements(coalition: Coalition, role: str | None) -> Table:
    keys = [c.key for c in COLUMNS["engagements"]]
    rows = []
    for e in _engagement_qs(coalition, role):
        parts = list(e.participations.all())
        row: dict[str, Any] = {
            k: list(getattr(e, k) or []) if k in ("domains", "four_ps") else getattr(e, k, None)
            for k in keys
            if k not in ("leads", "counterparts")
        }
        row["leads"] = sorted(
            p.organisation.name for p in parts if p.role == ParticipationRole.LEAD
        )
        row["counterparts"] = sorted(
            p.organisation.name for p in parts if p.role == ParticipationRole.COUNTERPART
        )
        if not may_read_sensitive(role, e.confidentiality):
            for k in SENSITIVE_FIELDS:
                if k in row:
                    row[k] = [] if k == "counterparts" else None
        rows.append({k: row[k] for k in keys})
    return sorted(
        rows,
        key=lambda r: (str(r["date"]), r["title"] or "", r["practice_type"], ";".join(r["leads"])),
    )


def export_tables(*, coalition: Coalition, role: str | None) -> dict[str, Table]:
    """Every kind of record of the coalition, as the reader in ``role`` may see it."""
    return {
        "organisations": _organisations(coalition),
        "memberships": _memberships(coalition),
        "partnerships": _partnerships(coalition),
        "engagements": _engagements(coalition, role),
    }


def participation_rows(*, coalition: Coalition, role: str | None) -> list[dict[str, Any]]:
    """Who took part in which engagement, without counterparts the role may not read."""
    out = []
    for e in _engagement_qs(coalition, role):
        visible = may_read_sensitive(role, e.confidentiality)
        for p in e.participations.all():
            if p.role == ParticipationRole.LEAD or visible:
                out.append({"engagement": e.pk, "organisation": p.organisation_id, "date": e.date})
    return out
