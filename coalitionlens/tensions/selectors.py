"""Reads of the tensions app: a strategy's plan, the actions falling due, a finding's tension."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from coalitionlens.coalitions.models import Coalition
from coalitionlens.tensions.models import ActionStatus, Strategy, StrategyAction, Tension

__all__ = [
    "DueActions",
    "actions_due",
    "plan_actions",
    "plan_findings",
    "recorded_findings",
    "register_findings_source",
    "tension_for_finding",
]

PENDING = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)

#: Where today's findings come from: the diagnostics page's own function, registered by the
#: insights app when it loads (insights sits above tensions in the import layers).
_FINDINGS_SOURCE: list[Callable[[Coalition, str | None], list[Any]]] = []


#: How a measure of a finding reads, ``(key, value, rule) -> (label, value as written)``: the
#: diagnostics page's own words, registered with the findings source.
_EVIDENCE_WORDS: list[Callable[[str, Any, str], tuple[str, str]]] = []


def register_findings_source(
    source: Callable[[Coalition, str | None], list[Any]],
    words: Callable[[str, Any, str], tuple[str, str]] | None = None,
) -> None:
    _FINDINGS_SOURCE[:] = [source]
    if words is not None:
        _EVIDENCE_WORDS[:] = [words]


def _in_words(key: str, value: Any, rule: str) -> tuple[str, str]:
    if _EVIDENCE_WORDS:
        return _EVIDENCE_WORDS[0](key, value, rule)
    return key, "—" if value is None else str(value)


@dataclass(frozen=True)
class DueActions:
    overdue: list[StrategyAction]
    due: list[StrategyAction]
    today: dt.date

    def __bool__(self) -> bool:
        return bool(self.overdue or self.due)


def actions_due(
    coalition: Coalition, *, today: dt.date | None = None, within_days: int = 14
) -> DueActions:
    """Open and in-progress actions of ``coalition``'s plans that are past their due date
    (overdue) or fall due within ``within_days`` (due), earliest first."""
    today = today or dt.date.today()
    rows = list(
        StrategyAction.objects.filter(
            coalition=coalition,
            status__in=PENDING,
            due_on__lte=today + dt.timedelta(days=within_days),
        )
        .select_related("strategy", "strategy__owner")
        .order_by("due_on", "id")
    )
    return DueActions(
        overdue=[a for a in rows if a.due_on < today],
        due=[a for a in rows if a.due_on >= today],
        today=today,
    )


def tension_for_finding(coalition: Coalition, *, rule: str, key: str) -> Tension | None:
    """The tension already recorded from this finding, if any."""
    if not rule:
        return None
    return Tension.objects.filter(coalition=coalition, finding_rule=rule, finding_key=key).first()


def recorded_findings(coalition: Coalition) -> dict[tuple[str, str], Tension]:
    """The tensions recorded from findings, by the finding's rule and key."""
    return {
        (t.finding_rule, t.finding_key): t
        for t in Tension.objects.filter(coalition=coalition).exclude(finding_rule="")
    }


def plan_actions(strategy: Strategy) -> QuerySet[StrategyAction]:
    return StrategyAction.objects.filter(coalition_id=strategy.coalition_id, strategy=strategy)


def plan_findings(strategy: Strategy, role: str | None) -> list[dict[str, Any]]:
    """For each tension the strategy answers that was recorded from a finding: the finding's
    measures at adoption (the stored snapshot) beside the same measures now, recomputed by the
    diagnostics page's function for ``role``. ``now`` is None when the rule no longer fires."""
    tensions = [t for t in strategy.tensions.all() if t.finding_rule]
    if not tensions:
        return []
    current: dict[tuple[str, str], Any] = {}
    if _FINDINGS_SOURCE:
        current = {(f.rule, f.key): f for f in _FINDINGS_SOURCE[0](strategy.coalition, role)}
    out = []
    for t in tensions:
        finding = current.get((t.finding_rule, t.finding_key))
        now = dict(finding.evidence) if finding is not None else None
        keys = list(t.finding_evidence) + [k for k in (now or {}) if k not in t.finding_evidence]
        rows = [(k, t.finding_evidence.get(k), None if now is None else now.get(k)) for k in keys]
        out.append(
            {
                "tension": t,
                "rule": t.finding_rule,
                "holds": finding is not None,
                "rows": rows,
                # (label, then, now) as the page writes them
                "lines": [
                    (
                        _in_words(k, then, t.finding_rule)[0],
                        _in_words(k, then, t.finding_rule)[1],
                        _in_words(k, current_value, t.finding_rule)[1],
                    )
                    for k, then, current_value in rows
                ],
            }
        )
    return out
