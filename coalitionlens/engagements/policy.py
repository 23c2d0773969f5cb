"""Field-by-field confidentiality of engagements: what is hidden, and the masked record.

Roles that may not read an engagement's sensitive fields get a :class:`MaskedEngagement`: the record
with those fields replaced by :data:`HIDDEN`. It exposes the engagement's own fields and nothing else
(no related managers), so no template can reach a hidden field or a counterpart through it. Only
:mod:`coalitionlens.engagements.selectors` builds these; everything else reads engagements there.
"""

from __future__ import annotations

from typing import Any

from coalitionlens.accounts.permissions import may_read_sensitive
from coalitionlens.coalitions.vocab import Role
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

#: What a masked record answers to: the engagement's own columns (not its relations) and ids.
_FIELDS = frozenset(
    {f.attname for f in Engagement._meta.concrete_fields}
    | {f.name for f in Engagement._meta.concrete_fields if not f.is_relation}
    | {"pk"}
)
_DISPLAYS = frozenset(f"get_{f.name}_display" for f in Engagement._meta.fields if f.choices)


class MaskedEngagement:
    """Read-only view of an engagement that hides the sensitive fields for the given role.

    ``engagement`` must come with its participations prefetched (the selector does this).
    """

    __slots__ = ("_e", "_role", "sensitive_visible")

    def __init__(self, engagement: Engagement, role: str | None) -> None:
        self._e = engagement
        self._role = role
        self.sensitive_visible = may_read_sensitive(role, engagement.confidentiality)

    @property
    def focal_points(self) -> Any:
        """Who carried it: personal data, for coordinators alone."""
        if self._role != Role.COORDINATOR:
            return HIDDEN
        return list(self._e.focal_points.all())

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
        if name in _FIELDS:
            if name in SENSITIVE_FIELDS and not self.sensitive_visible:
                return HIDDEN
            return getattr(self._e, name)
        if name in _DISPLAYS:
            if name[4:-8] in SENSITIVE_FIELDS and not self.sensitive_visible:
                return lambda: HIDDEN
            return getattr(self._e, name)
        raise AttributeError(name)

    def __str__(self) -> str:
        if not self.sensitive_visible:
            return f"{self._e.date} · {HIDDEN}"
        return str(self._e)
