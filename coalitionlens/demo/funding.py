"""Demo power and money (issue 18): staff and budget bands on most organisations, and fictional
funding flows that make each demo coalition tell its own story.

- ``marivo`` depends on one funder: a ministry gives about 60 % of the coalition's funding (on the
  bands' midpoints, ``vocab.BAND_BOUNDS``), and its members range from a one-room association to a
  secretariat a hundred times its budget;
- ``lenhara`` is funded from abroad: bilateral and multilateral donors, a foreign foundation and
  international NGOs give most of the money, none of them much more than a fifth of it;
- ``zembora`` is funded at home and from many hands: ministries, businesses, faith-based and civil
  society organisations, none above about a tenth.

Every flow runs today (started in the past, no end), so the shares hold on any day of the demo.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from coalitionlens.coalitions.models import Coalition, Funding, Organisation, Partnership

__all__ = ["STORIES", "write_funding"]

#: The story each demo coalition's funding tells.
STORIES = {"marivo": "one_funder", "lenhara": "foreign", "zembora": "domestic"}

#: (funder's sector, band) of each flow, per story; the n-th flow of a sector goes to the n-th
#: organisation of that sector (in the order they were written).
_FLOWS: dict[str, list[tuple[str, str]]] = {
    "one_funder": [
        ("GOVERNMENT", "F_OVER_1M"),
        ("DONOR_BILATERAL", "F_250K_1M"),
        ("DONOR_FOUNDATION", "F_50K_250K"),
        ("BUSINESS", "F_50K_250K"),
        ("INTERNATIONAL_NGO", "F_10K_50K"),
        ("FAITH_BASED", "F_10K_50K"),
    ],
    "foreign": [
        ("DONOR_BILATERAL", "F_250K_1M"),
        ("DONOR_BILATERAL", "F_250K_1M"),
        ("DONOR_BILATERAL", "F_250K_1M"),
        ("DONOR_MULTILATERAL", "F_250K_1M"),
        ("DONOR_FOUNDATION", "F_50K_250K"),  # the foreign foundation, written after the domestic
        ("INTERNATIONAL_NGO", "F_50K_250K"),
        ("INTERNATIONAL_NGO", "F_50K_250K"),
        ("GOVERNMENT", "F_50K_250K"),
        ("BUSINESS", "F_10K_50K"),
        ("BUSINESS", "F_10K_50K"),
    ],
    "domestic": [
        ("GOVERNMENT", "F_50K_250K"),
        ("GOVERNMENT", "F_50K_250K"),
        ("GOVERNMENT", "F_50K_250K"),
        ("BUSINESS", "F_50K_250K"),
        ("BUSINESS", "F_50K_250K"),
        ("BUSINESS", "F_50K_250K"),
        ("CIVIL_SOCIETY", "F_50K_250K"),
        ("CIVIL_SOCIETY", "F_50K_250K"),
        ("FAITH_BASED", "F_10K_50K"),
        ("FAITH_BASED", "F_10K_50K"),
        ("ACADEMIA", "F_10K_50K"),
        ("LABOUR_PROFESSIONAL", "F_10K_50K"),
        ("DONOR_FOUNDATION", "F_50K_250K"),
    ],
}
#: An exact amount for some bands (the rest are recorded as a band only).
_AMOUNTS = {"F_OVER_1M": Decimal("1450000"), "F_250K_1M": Decimal("600000")}

_LARGE = {"GOVERNMENT", "LAW_ENFORCEMENT", "DONOR_BILATERAL", "DONOR_MULTILATERAL"}
_INTERNATIONAL = {"INTERGOVERNMENTAL", "INTERNATIONAL_NGO", "DONOR_FOUNDATION"}
#: The small organisations' bands, in turn: from a volunteer association to a mid-sized NGO.
_SMALL = (("S1_5", "B_UNDER_50K"), ("S6_20", "B_50K_250K"), ("S21_100", "B_250K_1M"))


def _bands(org: Organisation, n: int, secretariat_id: int | None) -> tuple[str, str]:
    code = org.sector.code
    if org.pk == secretariat_id:
        return "S101_500", "B_1M_10M"
    if code in _LARGE:
        return "S500_PLUS", "B_OVER_10M"
    if code in _INTERNATIONAL:
        return "S101_500", "B_1M_10M"
    if code == "BUSINESS":
        return "S21_100", "B_1M_10M"
    return _SMALL[n % len(_SMALL)]


def write_funding(coalition: Coalition, *, today: dt.date | None = None) -> list[Funding]:
    """Write the coalition's demo bands and funding flows; call inside a transaction."""
    today = today or dt.date.today()
    orgs = list(
        Organisation.objects.filter(coalition=coalition).select_related("sector").order_by("pk")
    )
    banded = []
    for n, org in enumerate(orgs):
        if n % 8 == 7:  # most organisations, not all: some never said
            continue
        org.staff_band, org.budget_band = _bands(org, n, coalition.secretariat_id)
        banded.append(org)
    Organisation.objects.bulk_update(banded, ["staff_band", "budget_band"])
    story = STORIES.get(coalition.slug)
    if story is None:
        return []
    by_sector: dict[str, list[Organisation]] = {}
    for org in orgs:
        by_sector.setdefault(org.sector.code, []).append(org)
    if story == "foreign":
        # The foreign foundation, not the domestic one, is the foreign flow's funder.
        by_sector["DONOR_FOUNDATION"] = sorted(
            by_sector.get("DONOR_FOUNDATION", []), key=lambda o: o.origin != "FOREIGN"
        )
    recipients = [
        o for o in orgs if o.sector.macro_sector == "CIVIL" and o.sector.code not in {"FAITH_BASED"}
    ]
    funding_partnerships = {
        p.organisation_id: p
        for p in Partnership.objects.filter(coalition=coalition, partnership_type="FUNDING")
    }
    used: dict[str, int] = {}
    made: list[Funding] = []
    for i, (sector, band) in enumerate(_FLOWS[story]):
        candidates = by_sector.get(sector, [])
        n = used.get(sector, 0)
        if n >= len(candidates):
            continue
        used[sector] = n + 1
        funder = candidates[n]
        # The largest flow of each coalition goes to the coalition itself (its secretariat's
        # work), the others to members in turn.
        recipient: Any = None
        if i > 0:
            options = [o for o in recipients if o.pk != funder.pk]
            recipient = options[i % len(options)] if options else None
        amount = _AMOUNTS.get(band) if i % 2 == 0 else None
        made.append(
            Funding(
                coalition=coalition,
                funder=funder,
                recipient=recipient,
                partnership=funding_partnerships.get(funder.pk),
                amount_band=band,
                amount=amount,
                currency="USD" if amount is not None else "",
                started_on=today - dt.timedelta(days=200 + 90 * i),
                notes="Fictional grant: core costs and shelter referrals." if i == 0 else "",
            )
        )
    for funding in made:
        funding.full_clean()
    return Funding.objects.bulk_create(made)
