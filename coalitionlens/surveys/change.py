"""Round against round: what changed between two closed rounds of a coalition (SAFETY.md "Survey
confidentiality").

Only cells published in **both** rounds are compared, and each change is the difference of those two
published values; a cell hidden in either round, or a measure without a value in either, gives no
row. So the change view shows nothing a reader could not already compute from the two single-round
pages, and hides more than either. The rounds themselves are suppressed against each other where
they are scored (:func:`.scoring.score_rounds`: a later round hides whatever, differenced with an
earlier one, would give an answer away, and treats an earlier round's hidden cells as sensitive), and
both rounds' figures come from :func:`.published.published_results`, the function the results page
calls.

:func:`compare_results` is the pure comparison (no Django); :func:`round_change` the selector the
page, reports, ``compare`` and the Python API call.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coalitionlens.surveys.scoring import ALL, Results, band

if TYPE_CHECKING:
    from coalitionlens.coalitions.models import Coalition

__all__ = [
    "COMPARED",
    "Changed",
    "RoundChange",
    "closed_rounds",
    "compare_results",
    "default_against",
    "density",
    "latest_change",
    "round_change",
]

#: Tables compared, and the measures of each (``None``: every measure the cell carries).
COMPARED: dict[str, tuple[str, ...] | None] = {
    "network": ("trust", "value", "level"),
    "sector_pair": ("trust", "value"),
    "reciprocity": ("differ", "gap"),
    "factor:": ("value",),
    "hopes:": None,
}


@dataclass(frozen=True)
class Changed:
    """One measure of one cell published in both rounds, and its change (after − before)."""

    table: str
    key: tuple[str, ...]
    measure: str
    before: float
    after: float
    change: float
    band_before: str | None = None
    band_after: str | None = None


def _measures(table: str) -> tuple[str, ...] | bool | None:
    for prefix, measures in COMPARED.items():
        if table == prefix or (prefix.endswith(":") and table.startswith(prefix)):
            return measures
    return False


def _finite(x: float | None) -> bool:
    return x is not None and not math.isnan(x) and not math.isinf(x)


def density(ties: Iterable[tuple[int, int]], organisations: int) -> float | None:
    """Share of possible pairs that work together, from the published (undirected) ties; ``None``
    when no tie was published (fewer than k organisations answered) or there is no pair."""
    ties = list(ties)
    pairs = organisations * (organisations - 1) / 2
    if not ties or pairs <= 0:
        return None
    return len(ties) / pairs


def compare_results(
    before: Results,
    after: Results,
    *,
    organisations: tuple[int, int] | None = None,
) -> list[Changed]:
    """Every measure of every compared cell that both rounds published, with its change.

    ``organisations``: how many organisations each round's snapshot holds, for the density of the
    survey network (computed from the published ties only).
    """
    out: list[Changed] = []
    names = sorted(set(before.tables) & set(after.tables))
    for table in names:
        measures = _measures(table)
        if measures is False:
            continue
        a_cells, b_cells = before.table(table), after.table(table)
        for key in sorted(set(a_cells) & set(b_cells)):
            a, b = a_cells[key], b_cells[key]
            if a.values is None or b.values is None:  # hidden in either round: no row
                continue
            wanted = measures if isinstance(measures, tuple) else sorted(a.values)
            for m in wanted:
                va, vb = a.values.get(m), b.values.get(m)
                if not (_finite(va) and _finite(vb)):
                    continue
                assert va is not None
                assert vb is not None
                banded = table.startswith("factor:")
                out.append(
                    Changed(
                        table=table,
                        key=tuple(key),
                        measure=m,
                        before=float(va),
                        after=float(vb),
                        change=float(vb) - float(va),
                        band_before=band(va, before.bands) if banded else None,
                        band_after=band(vb, after.bands) if banded else None,
                    )
                )
    if organisations is not None:
        da = density(before.ties, organisations[0])
        db = density(after.ties, organisations[1])
        if da is not None and db is not None:
            out.append(Changed("density", (ALL,), "density", da, db, db - da))
    return out


@dataclass(frozen=True)
class RoundChange:
    """Two closed rounds of one coalition and what changed between them (published cells only)."""

    before_pk: int
    before_title: str
    after_pk: int
    after_title: str
    changes: tuple[Changed, ...]
    #: Organisation names are not needed: no compared table is keyed by organisation.
    instruments: dict[str, int]

    def table(self, prefix: str) -> list[Changed]:
        return [c for c in self.changes if c.table == prefix or c.table.startswith(prefix + ":")]


def round_change(*, coalition: Coalition, before: int, after: int) -> RoundChange | None:
    """The change from round ``before`` to round ``after`` (both closed rounds of ``coalition``),
    or ``None`` when either is not a closed round of it. The earlier-closed one is taken as
    *before* whichever order they are given in."""
    from coalitionlens.surveys.models import RoundStatus, SurveyRound
    from coalitionlens.surveys.published import published_results

    rounds = list(
        SurveyRound.objects.filter(
            coalition=coalition, status=RoundStatus.CLOSED, pk__in=[before, after]
        ).order_by("closed_at", "id")
    )
    if len(rounds) != 2:
        return None
    shown = [published_results(round=r) for r in rounds]
    a, b = shown
    if a is None or b is None:
        return None
    changes = compare_results(a.results, b.results, organisations=(len(a.names), len(b.names)))
    return RoundChange(
        before_pk=a.pk,
        before_title=a.title,
        after_pk=b.pk,
        after_title=b.title,
        changes=tuple(changes),
        instruments={c: v for c, v in b.instruments.items() if a.instruments.get(c) == v},
    )


def closed_rounds(*, coalition: Coalition, as_of: dt.date | None = None) -> list[tuple[int, str]]:
    """The closed rounds of ``coalition`` (id, title), in the order they closed: the rounds a change
    can be read between; with ``as_of``, those closed by that day
    (:func:`~coalitionlens.surveys.published.closed_by`)."""
    from coalitionlens.surveys.models import RoundStatus, SurveyRound
    from coalitionlens.surveys.published import closed_by

    rows = (
        SurveyRound.objects.filter(coalition=coalition, status=RoundStatus.CLOSED)
        .order_by("closed_at", "id")
        .values_list("pk", "title", "closed_at")
    )
    return [(pk, title) for pk, title, at in rows if as_of is None or closed_by(at, as_of)]


def default_against(order: list[int], pk: int) -> int | None:
    """The round a closed round is compared with when none is named, on the page and in
    ``coalitionlens compare --round``: of the closed rounds' ids in the order they closed
    (:func:`closed_rounds`), the one that closed just before ``pk``, else the first after it;
    ``None`` when there is no other.

    >>> default_against([4, 7, 9], 7), default_against([4, 7, 9], 4), default_against([4], 4)
    (4, 7, None)
    """
    if pk not in order:
        return None
    at = order.index(pk)
    if at > 0:
        return order[at - 1]
    return order[1] if len(order) > 1 else None


def latest_change(*, coalition: Coalition, as_of: dt.date | None = None) -> RoundChange | None:
    """The change since the last round: from the round that closed before the latest to the
    latest (:func:`round_change`, as the page compares them), or ``None`` with fewer than two
    closed rounds; with ``as_of``, of the rounds closed by that day (a report for a past day)."""
    rounds = closed_rounds(coalition=coalition, as_of=as_of)
    if len(rounds) < 2:
        return None
    return round_change(coalition=coalition, before=rounds[-2][0], after=rounds[-1][0])
