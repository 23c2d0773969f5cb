"""Reads for the directory's pages that gather several apps' records."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from coalitionlens.coalitions.models import Coalition, Organisation, Unit
from coalitionlens.engagements.selectors import engagements_for
from coalitionlens.insights.modes import basis_label, coalition_modes
from coalitionlens.tensions.models import Strategy, Tension


def coalition_counts(*, coalition: Coalition, role: str | None = None) -> dict[str, Any]:
    """The key counts shown on a coalition's home page, in a fixed number of queries.

    Members, partners and counterparts per macro-sector (``modes``, a
    :class:`~coalitionlens.core.modes.ModeCounts`, labelled by ``modes_basis``) are the one
    definition of :mod:`coalitionlens.insights.modes`; counterparts come only from engagements
    ``role`` may read. ``partnerships`` counts the current partnerships themselves (an organisation
    may hold two), ``partners`` the organisations.
    """
    orgs = Organisation.objects.filter(coalition=coalition)
    by_macro = dict(orgs.values_list("sector__macro_sector").annotate(n=Count("id")).order_by())
    modes = coalition_modes(coalition, role)
    # Counted as ``role`` reads them: by practice, which every role reads.
    engagements = engagements_for(coalition=coalition, role=role)
    by_practice = engagements.count_by("practice_type")[:5]
    return {
        "organisations": orgs.count(),
        "organisations_by_macro": by_macro,
        "modes": modes,
        "modes_basis": basis_label(modes),
        "active_members": modes.totals["MEMBERSHIP"],
        "partners": modes.totals["PARTNERSHIP"],
        "partnerships": len(modes.rows["PARTNERSHIP"]),
        "engagements": engagements.count(),
        "engagements_by_practice": by_practice,
        "units": Unit.objects.filter(coalition=coalition).count(),
        "open_tensions": Tension.objects.filter(coalition=coalition)
        .exclude(status="RESOLVED")
        .count(),
        "strategies": Strategy.objects.filter(coalition=coalition).count(),
    }
