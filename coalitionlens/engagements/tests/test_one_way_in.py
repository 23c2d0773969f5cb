"""Every read of engagements and their participants goes through ``engagements_for``.

The source is scanned for the ways round it — a model manager, a related manager, a lookup across
the relation — and each module allowed one says why. A new page that reads engagements directly
fails here instead of leaking a hidden title or counterpart.
"""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]

DOORS = re.compile(
    r"\b(?:Engagement|Participation)\.(?:objects|_default_manager|_base_manager)\b"
    r"|\.(?:participations|engagements)\.(?:all|filter|exclude|values|values_list|count|get|first|aggregate|annotate)\b"
    r"|\b(?:participations|engagements|engagement)__\w+\s*="  # a lookup across the relation
)

ALLOWED = {
    "engagements/selectors.py": "the one way in",
    "engagements/policy.py": "reads the participations the selector prefetched",
    "engagements/services.py": "writes an engagement and its participants",
    "engagements/forms.py": "the edit form, for roles that edit engagements and read them all",
    "transfer/plan.py": "an import compares its rows with the records it will change",
    "transfer/services.py": "an import writes",
    "demo/load.py": "writes the demo",
    "demo/focal_points.py": "writes the demo: which focal points carried its engagements",
    "insights/caching.py": "counts rows and the latest id for cache keys; never shown",
}


def _modules() -> list[Path]:
    return [
        p for p in PACKAGE.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts
    ]


def test_no_module_reads_engagements_round_the_selector() -> None:
    found = {}
    for path in _modules():
        relative = path.relative_to(PACKAGE).as_posix()
        if relative in ALLOWED:
            continue
        hits = [
            f"{n}: {line.strip()}"
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if DOORS.search(line)
        ]
        if hits:
            found[relative] = hits
    assert not found, f"read engagements through engagements.selectors.engagements_for: {found}"


def test_the_scan_sees_the_doors_it_looks_for() -> None:
    for line in (
        "Engagement.objects.filter(coalition=c)",
        "org.participations.all()",
        "Organisation.objects.filter(engagements__title__icontains=q)",
        'qs.filter(engagement__confidentiality="PUBLIC")',
        "Q(participations__organisation_id=pk)",
    ):
        assert DOORS.search(line), line
    assert all((PACKAGE / module).exists() for module in ALLOWED)  # no stale entry
