"""The demo coalitions' referral pathways: services by stage, provinces, referral ties.

Each coalition's pathway tells a different story in its coverage matrix (issue 18):

- **zembora**: no shelter takes in minors in one of its three provinces, though minors are
  identified there (a *gap*);
- **marivo**: one organisation gives all the legal aid on the islands (every legal-aid cell
  hangs on one provider: *fragile*);
- **lenhara**: the return-and-reintegration services have no referral tie with the legal-aid
  services before them (*unlinked*).

Services offered, never cases or people served. Deterministic: the same coalitions get the same
pathways (organisations are picked by sector and name, not at random).
"""

from __future__ import annotations

from collections.abc import Sequence

from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.pathways.models import ReferralTie, Service

__all__ = ["PROVINCES", "write_pathways"]

#: Three invented provinces per demo coalition.
PROVINCES: dict[str, tuple[str, ...]] = {
    "zembora": ("Kalendi", "Ostara", "Mbeli Hills"),
    "marivo": ("Windward Isles", "Leeward Isles", "Outer Reef"),
    "lenhara": ("Upper Sarn", "Delta Lowlands", "Border Marches"),
}

TYPES = ["LABOUR", "SEXUAL", "DOMESTIC_SERVITUDE", "FORCED_MARRIAGE"]
EVERYONE = ["ADULTS", "MINORS", "WOMEN", "MEN", "DOMESTIC", "FOREIGN"]
ADULTS = ["ADULTS", "WOMEN", "MEN", "DOMESTIC", "FOREIGN"]

#: Which sectors offer each stage, first choice first.
OFFERED_BY: dict[str, tuple[str, ...]] = {
    "IDENTIFICATION": ("LAW_ENFORCEMENT", "GOVERNMENT"),
    "FIRST_RESPONSE": ("CIVIL_SOCIETY", "FAITH_BASED"),
    "SHELTER": ("CIVIL_SOCIETY", "FAITH_BASED"),
    "LEGAL_AID": ("CIVIL_SOCIETY", "LABOUR_PROFESSIONAL", "ACADEMIA"),
    "REINTEGRATION": ("INTERNATIONAL_NGO", "INTERGOVERNMENTAL", "SURVIVOR_LED", "CIVIL_SOCIETY"),
    "FOLLOW_UP": ("SURVIVOR_LED", "FAITH_BASED", "CIVIL_SOCIETY"),
}
SERVICE_NAMES: dict[str, str] = {
    "IDENTIFICATION": "Screening and identification",
    "FIRST_RESPONSE": "First response and referral desk",
    "SHELTER": "Shelter and assistance",
    "LEGAL_AID": "Legal aid",
    "REINTEGRATION": "Return and reintegration support",
    "FOLLOW_UP": "Follow-up visits",
}
LANGUAGES: dict[str, list[str]] = {
    "zembora": ["English", "Swahili"],
    "marivo": ["English", "Marivan"],
    "lenhara": ["Khmer", "Thai", "English"],
}


def _providers(
    orgs: Sequence[Organisation], stage: str, used: set[int], n: int
) -> list[Organisation]:
    """``n`` organisations of the stage's sectors, preferring ones that offer nothing yet."""
    ranked = sorted(
        (o for o in orgs if o.sector.code in OFFERED_BY[stage]),
        key=lambda o: (o.pk in used, OFFERED_BY[stage].index(o.sector.code), o.name),
    )
    picked = ranked[:n]
    used.update(o.pk for o in picked)
    return picked


def write_pathways(coalition: Coalition) -> None:
    """Set the provinces of the coalition's organisations and write its pathway (a demo
    coalition only; call inside the demo's transaction)."""
    slug = coalition.slug
    provinces = PROVINCES.get(slug)
    if provinces is None:
        return
    orgs = list(
        Organisation.objects.filter(coalition=coalition, origin="DOMESTIC")
        .select_related("sector")
        .order_by("name")
    )
    for i, org in enumerate(orgs):
        org.province = provinces[i % len(provinces)]
    Organisation.objects.bulk_update(orgs, ["province"], batch_size=500)

    used: set[int] = set()
    languages = LANGUAGES[slug]
    plan: list[tuple[Organisation, str, list[str], list[str], str]] = []
    for stage in OFFERED_BY:
        n = 1 if (slug == "marivo" and stage == "LEGAL_AID") else 2
        for k, org in enumerate(_providers(orgs, stage, used, n)):
            pops, where = EVERYONE, list[str]()
            if slug == "zembora" and stage == "SHELTER":
                # The first shelter takes adults only; the second takes minors in two provinces.
                pops, where = (ADULTS, []) if k == 0 else (EVERYONE, list(provinces[:2]))
            plan.append((org, stage, pops, where, "LIMITED" if k else "MODERATE"))
    services = Service.objects.bulk_create(
        [
            Service(
                coalition=coalition,
                organisation=org,
                name=SERVICE_NAMES[stage],
                stage=stage,
                trafficking_types=TYPES,
                populations=pops,
                provinces=where,
                capacity=capacity,
                languages=languages,
            )
            for org, stage, pops, where, capacity in plan
        ]
    )
    stages = list(OFFERED_BY)
    ties = []
    for a in services:
        for b in services:
            if stages.index(b.stage) != stages.index(a.stage) + 1:
                continue
            if slug == "lenhara" and b.stage == "REINTEGRATION":
                continue  # the story: nobody refers people on to return and reintegration
            ties.append(
                ReferralTie(
                    coalition=coalition,
                    from_service=a,
                    to_service=b,
                    kind="PROTOCOL" if a.stage == "IDENTIFICATION" else "PRACTICE",
                )
            )
    ReferralTie.objects.bulk_create(ties)
