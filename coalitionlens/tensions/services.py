"""Writes of the tensions app: the actions of a strategy's plan (keyword-only, atomic, validated,
audited through ``kit.audited``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coalitionlens.coalitions.models import Coalition
from coalitionlens.kit.audited import record_delete, record_save
from coalitionlens.tensions.models import ActionStatus, Strategy, StrategyAction

__all__ = ["action_delete", "action_save"]


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
