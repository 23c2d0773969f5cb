"""Field-by-field confidentiality of engagements.

Roles that may not read an engagement's sensitive fields get a :class:`MaskedEngagement`: the record
with those fields replaced by :data:`HIDDEN`. Pages, the API and exports all read engagements through
this wrapper, so no template can show a hidden field by mistake.
"""

from __future__ import annotations

from typing import Any

from coalitionlens.accounts.permissions import may_read_sensitive
from coalitionlens.engagements.models import Engagement, ParticipationRole
from coalitionlens.kit.masking import HIDDEN

#: The fields hidden from roles that may not read a confidential engagement. The title is among
#: them: people write counterparts' names into titles ("Briefing with the border police unit").
SENSITIVE_FIELDS = frozenset(
    {
        "title",
        "description",
        "counterparts",
        "outcome",
        "outcome_notes",
        "follow_up",
        "follow_up_due",
    }
)


class MaskedEngagement:
    """Read-only view of an engagement that hides the sensitive fields for the given role."""

    def __init__(self, engagement: Engagement, role: str | None) -> None:
        self._e = engagement
        self.sensitive_visible = may_read_sensitive(role, engagement.confidentiality)

    @property
    def is_masked(self) -> bool:
        return not self.sensitive_visible

    @property
    def leads(self) -> list[Any]:
        return [
            p.organisation for p in self._e.participations.all() if p.role == ParticipationRole.LEAD
        ]

    @property
    def counterparts(self) -> Any:
        if not self.sensitive_visible:
            return HIDDEN
        return [
            p.organisation
            for p in self._e.participations.all()
            if p.role == ParticipationRole.COUNTERPART
        ]

    def __getattr__(self, name: str) -> Any:
        if not self.__dict__.get("sensitive_visible", False):
            base = name.removeprefix("get_").removesuffix("_display")
            if name in SENSITIVE_FIELDS or (name.startswith("get_") and base in SENSITIVE_FIELDS):
                return HIDDEN if name in SENSITIVE_FIELDS else (lambda: HIDDEN)
        return getattr(self._e, name)

    def __str__(self) -> str:
        if not self.sensitive_visible:
            return f"{self._e.date} · {HIDDEN}"
        return str(self._e)


def mask(engagements: Any, role: str | None) -> list[MaskedEngagement]:
    return [MaskedEngagement(e, role) for e in engagements]
