"""What a coalition's home page says to do next, read through the same cached functions as the
pages it links to (one truth): the dashboard's overdue follow-ups, the open survey rounds' progress
(a count of responses, never who) and the diagnostics page's top findings. Each part is there only
for a role that may open the page it comes from."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from coalitionlens.accounts.scoping import Scope
from coalitionlens.insights.caching import cached, data_stamp, scoped_key

__all__ = ["cached_dashboard", "cached_diagnosis", "next_steps"]

T = TypeVar("T")
#: How many of each kind the home page lists before linking to the rest.
SHOWN = 3


def _cached(
    kind: str, scope: Scope, *parts: Any, build: Callable[[], T], stamp: str | None = None
) -> T:
    """A part of a page computed for the reader's coalition, visibility class and language, cached
    until the coalition's data (or the date) changes; see :mod:`coalitionlens.insights.caching`.
    ``stamp``: the coalition's data stamp when the caller has just read it (saves a query)."""
    return cached(scoped_key(kind, scope.coalition, scope.role, *parts, stamp=stamp), build)


def cached_dashboard(scope: Scope, *, stamp: str | None = None) -> Any:
    """The dashboard's tables and overdue follow-ups, as the reader's role may see them."""
    from coalitionlens.insights.dashboard import dashboard_data

    return _cached(
        "dashboard",
        scope,
        build=lambda: dashboard_data(scope.coalition, scope.role),
        stamp=stamp,
    )


def cached_diagnosis(
    scope: Scope, *, fresh: bool = False, stamp: str | None = None
) -> tuple[Any, list[Any]]:
    """The facts the diagnostics rules read and the findings they raise (most severe first)."""
    from coalitionlens.insights.diagnostics import configured_thresholds
    from coalitionlens.insights.facts import coalition_diagnosis

    if fresh:
        return coalition_diagnosis(scope.coalition, scope.role)
    thresholds = repr(sorted(configured_thresholds().items()))
    return _cached(
        "diagnosis",
        scope,
        thresholds,
        build=lambda: coalition_diagnosis(scope.coalition, scope.role),
        stamp=stamp,
    )


def next_steps(scope: Scope) -> dict[str, Any]:
    """``overdue`` (the first few and how many), ``rounds`` (open rounds; their response counts
    only for those who manage surveys) and ``findings`` (the top few, numbered as on the
    diagnostics page; ``None`` for roles that may not see diagnostics)."""
    from coalitionlens.surveys.models import RoundStatus
    from coalitionlens.surveys.selectors import rounds_for

    # One data stamp for both parts (one query: nothing is written between the two reads).
    stamp = data_stamp(scope.coalition)
    overdue = cached_dashboard(scope, stamp=stamp).overdue
    may_count = scope.can("cl.manage_surveys")
    rounds = [
        {
            "round": r,
            # annotations of rounds_for
            "responses": r.n_responses if may_count else None,  # type: ignore[attr-defined]
            "invited": r.n_invited if may_count else None,  # type: ignore[attr-defined]
        }
        for r in rounds_for(coalition=scope.coalition)
        .filter(status=RoundStatus.OPEN)
        .order_by("closes_on", "pk")
    ]
    findings = None
    if scope.can("cl.view_tensions"):
        found = cached_diagnosis(scope, stamp=stamp)[1]
        findings = {
            "top": list(enumerate(found[:SHOWN], start=1)),
            "total": len(found),
        }
    return {
        "overdue": {"top": overdue[:SHOWN], "total": len(overdue)},
        "rounds": rounds,
        "findings": findings,
    }
