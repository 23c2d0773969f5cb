"""Writes of the insights app: a coordinator turns a finding into a tension record and a strategy,
exports the coalition's comparison column as a safe file, or exports the timeline (each export
recorded in the audit log)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from coalitionlens.audit.services import audit_export
from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.insights.evidence import evidence_lines
from coalitionlens.insights.findings import Finding
from coalitionlens.insights.timeline import timeline_bytes
from coalitionlens.tensions.models import Strategy, Tension
from coalitionlens.tensions.services import strategy_save, tension_save

__all__ = ["comparison_file_export", "finding_adopt", "timeline_export"]


def _describe(finding: Finding) -> str:
    evidence = "; ".join(
        _("%(label)s: %(value)s") % {"label": label, "value": value}
        for label, value in evidence_lines(finding.evidence, finding.rule)
    )
    return f"{finding.signal}\n\n{finding.title}. {evidence}"


def finding_adopt(
    *,
    coalition: Coalition,
    finding: Finding,
    title: str,
    observed_on: dt.date,
    strategy_category: str = "",
    strategy_title: str = "",
    actor: Any,
    request: Any = None,
) -> tuple[Tension, Strategy | None]:
    """Record a finding as an open tension (its level, category, evidence and parties, and the
    evidence as it stands today, kept for the plan page) and, when a strategy category is given, a
    planned strategy that addresses it. One transaction, audited. A finding already recorded is
    not recorded again: its tension is returned, with no new strategy."""
    with transaction.atomic():
        existing = (
            Tension.objects.select_for_update()
            .filter(coalition=coalition, finding_rule=finding.rule, finding_key=finding.key)
            .first()
        )
        if existing is not None:
            return existing, None
        tension = Tension(
            coalition=coalition,
            title=title[:200],
            description=_describe(finding),
            level=finding.level,
            category=finding.category,
            observed_on=observed_on,
            finding_rule=finding.rule,
            finding_key=finding.key,
            finding_evidence=dict(finding.evidence),
        )
        parties = list(
            Organisation.objects.filter(coalition=coalition, pk__in=list(finding.parties))
        )
        tension_save(tension=tension, parties=parties, actor=actor, request=request)
        strategy = None
        if strategy_category:
            strategy = Strategy(
                coalition=coalition,
                category=strategy_category,
                title=(strategy_title or title)[:200],
                status="PLANNED",
                adopted_on=observed_on,
                description=str(finding.title),
            )
            strategy_save(strategy=strategy, tensions=[tension], actor=actor, request=request)
    return tension, strategy


def comparison_file_export(
    *, coalition: Coalition, actor: Any, request: Any = None, today: dt.date | None = None
) -> bytes:
    """The coalition's comparison column as a safe file (:mod:`.comparison_file`), recorded in the
    audit log as an export. Who may call it is the caller's check (``cl.export_comparison``)."""
    from coalitionlens.insights.comparison_file import FORMAT, VERSION, column_bytes

    data = column_bytes(coalition=coalition, today=today)
    audit_export(
        coalition_id=coalition.pk,
        actor=actor,
        summary=f"comparison column export of {coalition.slug}",
        data=data,
        request=request,
        format=FORMAT,
        version=VERSION,
    )
    return data


def timeline_export(
    *,
    coalition: Coalition,
    role: str | None,
    freq: str,
    fmt: str,
    safe: bool = False,
    actor: Any,
    request: Any = None,
) -> bytes:
    """The timeline's tables as ``role`` may see them (:func:`.timeline.timeline_bytes`), recorded
    in the audit log as every export is (SAFETY.md)."""
    data = timeline_bytes(coalition=coalition, role=role, freq=freq, fmt=fmt, safe=safe)
    mode = "safe " if safe else ""
    audit_export(
        coalition_id=coalition.pk,
        actor=actor,
        summary=f"{fmt} {mode}timeline export of {coalition.slug} as {role}",
        data=data,
        request=request,
        format=fmt,
        role=role,
        safe=safe,
        period=freq,
    )
    return data
