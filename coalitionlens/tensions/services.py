"""Writes of the tensions app: tensions, strategies and the actions of a strategy's plan (the
forms' pages and the API save through here; keyword-only, atomic, validated, audited through
``kit.audited``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.kit.audited import record_delete, record_save
from coalitionlens.tensions.models import ActionStatus, Strategy, StrategyAction, Tension

__all__ = ["action_delete", "action_save", "strategy_save", "tension_save"]


def tension_save(
    *,
    tension: Tension,
    parties: Sequence[Organisation],
    actor: Any,
    request: Any = None,
) -> Tension:
    """Create or change a tension with the organisations party to it: validated, in one
    transaction, audited."""
    if any(org.coalition_id != tension.coalition_id for org in parties):
        raise ValidationError({"parties": _("Every organisation must belong to this coalition.")})
    record_save(instance=tension, actor=actor, m2m={"parties": parties}, request=request)
    return tension


def strategy_save(
    *,
    strategy: Strategy,
    tensions: Sequence[Tension],
    actor: Any,
    request: Any = None,
) -> Strategy:
    """Create or change a strategy with the tensions it addresses (each of its own coalition: the
    form offers no other): validated, in one transaction, audited."""
    if any(t.coalition_id != strategy.coalition_id for t in tensions):
        raise ValueError("a strategy can address only tensions of its own coalition")
    record_save(instance=strategy, actor=actor, m2m={"tensions": tensions}, request=request)
    return strategy


def action_save(
    *,
    coalition: Coalition,
    strategy: Strategy,
    text: str,
    due_on: dt.date,
    status: str = ActionStatus.OPEN,
    done_on: dt.date | None = None,
    instance: StrategyAction | None = None,
    actor: Any,
    request: Any = None,
) -> StrategyAction:
    """Create or change one action of ``strategy``'s plan. A strategy of another coalition is
    refused; ``full_clean`` (in ``record_save``) checks the status against the done date."""
    if strategy.coalition_id != coalition.pk:
        raise ValidationError({"strategy": _("The strategy must be one of this coalition's.")})
    with transaction.atomic():
        action = instance or StrategyAction(coalition=coalition)
        if action.coalition_id != coalition.pk:
            raise ValidationError(_("This action belongs to another coalition."))
        action.strategy = strategy
        action.text = text
        action.due_on = due_on
        action.status = status
        action.done_on = done_on
        record_save(instance=action, actor=actor, request=request)
    return action


def action_delete(*, action: StrategyAction, actor: Any, request: Any = None) -> None:
    with transaction.atomic():
        record_delete(instance=action, actor=actor, request=request)
