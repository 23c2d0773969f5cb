"""What the three demo coalitions have in common, on purpose: the paper's headline is that the
coalitions share their cross-sector challenges while their strategies differ. Each profile writes
its own tensions; this adds, to the coalitions whose profile lacks them, the two tensions every
coalition of the paper met (power and resources held unequally, and trust across sectors), so a
comparison of the three finds challenges they share beside strategies that differ.

No randomness: the rest of a coalition's plan is what it was before these were added.
"""

from __future__ import annotations

import datetime as dt

from coalitionlens.demo.plan import TensionSpec

__all__ = ["SHARED", "shared_tensions"]

#: Category → (level, title, description), in this product's own words.
SHARED: dict[str, tuple[str, str, str]] = {
    "POWER_ASYMMETRY": (
        "CROSS_SECTOR",
        "Larger funded members set the agenda",
        "Members with programme funding fill the working groups; small community groups say "
        "their priorities arrive at meetings already decided.",
    ),
    "TRUST_SUSPICION": (
        "CROSS_SECTOR",
        "Doubts about sharing referral information with officials",
        "Some service members hold back from joint case conferences with government units, "
        "unsure how what they share will be used.",
    ),
}


def shared_tensions(
    tensions: list[TensionSpec], *, secretariat: int, observed_on: dt.date
) -> list[TensionSpec]:
    """The shared tensions missing from ``tensions``, with the secretariat as their party."""
    present = {t.category for t in tensions}
    return [
        TensionSpec(
            title,
            description,
            level,
            category,
            (secretariat,),
            "MONITORING",
            observed_on,
        )
        for category, (level, title, description) in SHARED.items()
        if category not in present
    ]
