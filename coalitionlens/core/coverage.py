"""Coverage of a referral pathway: who offers each stage, for which trafficking type and population,
in which province, and where the pathway breaks.

This module is the one definition of the coverage matrix and its gaps (STYLE.md habit 13): the
coverage page, the pathway view, the API and the diagnostic rules all read :func:`coverage`.

A **cell** is one (province, trafficking type, population, stage). Its **providers** are the
distinct organisations with an :class:`Offer` at that stage for that type and population that
covers the province (an offer with no province covers every province). Three flags:

- **gap**: no provider, while the same (province, type, population) has a provider at another
  stage — the pathway exists there but breaks at this stage. A row with no provider at any stage
  is *unserved*, not a gap: the coalition does not claim that pathway at all.
- **fragile**: exactly one provider — the stage hangs on one organisation.
- **unlinked**: providers exist, and so do providers at the nearest earlier stage of the same row,
  but no referral tie runs from an earlier provider's offer to one of this cell's offers, and no
  organisation offers both (an organisation passing people on within itself needs no tie).

Examples
--------
Two stages in one province: a hotline identifies labour trafficking of adults, one shelter takes
them in, with no referral tie between the two.

>>> offers = [
...     Offer(1, 10, "IDENTIFICATION", frozenset({"LABOUR"}), frozenset({"ADULTS"}), frozenset()),
...     Offer(2, 20, "SHELTER", frozenset({"LABOUR"}), frozenset({"ADULTS"}), frozenset({"North"})),
... ]
>>> cov = coverage(offers, [], provinces=["North", "South"], stages=["IDENTIFICATION", "SHELTER"],
...                types=["LABOUR"], populations=["ADULTS"])
>>> [(c.province, c.stage, c.providers, c.gap, c.fragile, c.unlinked) for c in cov.cells]
...  # doctest: +NORMALIZE_WHITESPACE
[('North', 'IDENTIFICATION', (10,), False, True, False),
 ('North', 'SHELTER', (20,), False, True, True),
 ('South', 'IDENTIFICATION', (10,), False, True, False),
 ('South', 'SHELTER', (), True, False, False)]
>>> coverage(offers, [(1, 2)], provinces=["North"], stages=["IDENTIFICATION", "SHELTER"],
...          types=["LABOUR"], populations=["ADULTS"]).cells[1].unlinked
False
>>> dict(cov.sole_providers())
{10: 2, 20: 1}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Cell", "Coverage", "Offer", "coverage"]


@dataclass(frozen=True)
class Offer:
    """One service: its id, its organisation's id, its stage, and whom and where it serves
    (``provinces`` empty: nationwide)."""

    service: int
    organisation: int
    stage: str
    types: frozenset[str]
    populations: frozenset[str]
    provinces: frozenset[str]

    def covers(self, province: str | None) -> bool:
        return province is None or not self.provinces or province in self.provinces


@dataclass(frozen=True)
class Cell:
    province: str | None
    trafficking_type: str
    population: str
    stage: str
    providers: tuple[int, ...]
    services: tuple[int, ...]
    gap: bool
    fragile: bool
    unlinked: bool

    @property
    def row(self) -> tuple[str | None, str, str]:
        return (self.province, self.trafficking_type, self.population)


@dataclass(frozen=True)
class Coverage:
    """Every cell of the matrix, in the order province, type, population, stage."""

    cells: tuple[Cell, ...]

    def gaps(self) -> list[Cell]:
        return [c for c in self.cells if c.gap]

    def fragile(self) -> list[Cell]:
        return [c for c in self.cells if c.fragile]

    def unlinked(self) -> list[Cell]:
        return [c for c in self.cells if c.unlinked]

    def sole_providers(self) -> Counter[int]:
        """Organisation id → the number of cells it alone provides (its single points of failure)."""
        return Counter(c.providers[0] for c in self.cells if c.fragile)


def coverage(
    offers: Iterable[Offer],
    ties: Iterable[tuple[int, int]],
    *,
    provinces: Sequence[str | None],
    stages: Sequence[str],
    types: Sequence[str],
    populations: Sequence[str],
) -> Coverage:
    """The coverage matrix over ``provinces`` (``[None]``: the whole country as one place) ×
    ``types`` × ``populations`` × ``stages`` (in pathway order), from the offers and the referral
    ties between them (``(from service id, to service id)``)."""
    offers = list(offers)
    linked = set(ties)
    by_key: dict[tuple[str, str, str], list[Offer]] = {}
    for offer in offers:
        for t in offer.types:
            for p in offer.populations:
                by_key.setdefault((offer.stage, t, p), []).append(offer)
    cells: list[Cell] = []
    for province in provinces:
        for t in types:
            for p in populations:
                row = [[o for o in by_key.get((s, t, p), []) if o.covers(province)] for s in stages]
                served = any(row)
                earlier: list[Offer] = []
                for stage, here in zip(stages, row, strict=True):
                    orgs = tuple(sorted({o.organisation for o in here}))
                    unlinked = bool(here and earlier) and not _joined(earlier, here, linked)
                    cells.append(
                        Cell(
                            province=province,
                            trafficking_type=t,
                            population=p,
                            stage=stage,
                            providers=orgs,
                            services=tuple(sorted(o.service for o in here)),
                            gap=served and not here,
                            fragile=len(orgs) == 1,
                            unlinked=unlinked,
                        )
                    )
                    if here:
                        earlier = here
    return Coverage(tuple(cells))


def _joined(earlier: list[Offer], here: list[Offer], linked: set[tuple[int, int]]) -> bool:
    if {o.organisation for o in earlier} & {o.organisation for o in here}:
        return True
    return any((a.service, b.service) in linked for a in earlier for b in here)
