"""Writes of tensions and strategies: the forms' pages and the API save through here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coalitionlens.coalitions.models import Organisation
from coalitionlens.kit.audited import record_save
from coalitionlens.tensions.models import Strategy, Tension

__all__ = ["strategy_save", "tension_save"]


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
