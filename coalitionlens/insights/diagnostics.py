"""The diagnostics engine: rules that turn measured signals into findings.

A rule reads :class:`~coalitionlens.insights.findings.Facts` (network measures and directory counts,
gathered once per coalition by :mod:`coalitionlens.insights.facts`) and returns zero or more
:class:`~coalitionlens.insights.findings.Finding` objects. Rules are plain functions of their inputs
and their thresholds, so each can be tested on hand-made facts. Thresholds have defaults on the rule;
``COALITIONLENS_DIAGNOSTIC_THRESHOLDS`` overrides them (``RULE_ID.name=value``, comma-separated).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings

from coalitionlens.insights.findings import (
    SEVERITIES,
    Facts,
    Finding,
    Rule,
    parse_thresholds,
)
from coalitionlens.insights.rules import RULES

__all__ = [
    "SEVERITIES",
    "Facts",
    "Finding",
    "Rule",
    "configured_thresholds",
    "diagnose",
    "parse_thresholds",
]


def configured_thresholds() -> dict[str, dict[str, float]]:
    return parse_thresholds(
        list(getattr(settings, "COALITIONLENS_DIAGNOSTIC_THRESHOLDS", []) or []), RULES
    )


_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


def diagnose(
    facts: Facts,
    *,
    rules: list[Rule] | None = None,
    overrides: Mapping[str, Mapping[str, float]] | None = None,
) -> list[Finding]:
    """Run every rule; findings ordered by severity, then rule id."""
    overrides = overrides or {}
    findings: list[Finding] = []
    for rule in rules if rules is not None else RULES:
        thresholds = {**rule.thresholds, **overrides.get(rule.id, {})}
        findings.extend(rule.check(rule, facts, thresholds))
    return sorted(findings, key=lambda f: (_ORDER[f.severity], f.rule, f.key))
