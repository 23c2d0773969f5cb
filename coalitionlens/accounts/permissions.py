"""What each coalition role may do, declared once with ``rules``.

Checks take the coalition as the object: ``user.has_perm("cl.edit_directory", coalition)``. A user's
roles are read once per request and cached on the user object, so permission checks cost no queries
after the first.
"""

from __future__ import annotations

from typing import Any

import rules

from coalitionlens.coalitions.vocab import FUNDING_READERS, Confidentiality, Role

_CACHE_ATTR = "_coalitionlens_roles"


def roles_of(user: Any) -> dict[int, str]:
    """``{coalition_id: role}`` for an authenticated user (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from coalitionlens.accounts.models import CoalitionRole

        cached = dict(CoalitionRole.objects.filter(user=user).values_list("coalition_id", "role"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def role_in(user: Any, coalition: Any) -> str | None:
    if coalition is None:
        return None
    return roles_of(user).get(coalition.pk)


def _role_predicate(*allowed: str) -> Any:
    @rules.predicate
    def check(user: Any, coalition: Any) -> bool:
        return role_in(user, coalition) in allowed

    check.name = "role_in_" + "_".join(allowed)
    return check


is_coordinator = _role_predicate(Role.COORDINATOR)
is_analyst = _role_predicate(Role.ANALYST)
is_member = _role_predicate(Role.MEMBER)
is_viewer = _role_predicate(Role.VIEWER)
has_any_role = is_coordinator | is_analyst | is_member | is_viewer

rules.add_perm("cl.view_coalition", has_any_role)
rules.add_perm("cl.edit_directory", is_coordinator)
rules.add_perm("cl.edit_engagements", is_coordinator)
rules.add_perm("cl.view_tensions", is_coordinator | is_analyst)
rules.add_perm("cl.edit_tensions", is_coordinator)
rules.add_perm("cl.view_audit", is_coordinator)
rules.add_perm("cl.manage_roles", is_coordinator)
# Focal points are personal data: their names are read by coordinators alone.
rules.add_perm("cl.view_focal_points", is_coordinator)
# Funding flows (funders' names, amounts, bands) are confidential: coordinators and analysts read
# them, coordinators write them (``cl.edit_directory``); members and viewers see aggregate shares.
rules.add_perm("cl.view_funding", _role_predicate(*sorted(FUNDING_READERS)))
rules.add_perm("cl.export", is_coordinator | is_analyst)
# A coalition's comparison column as a safe file for a study across servers: the coordinators
# decide what leaves the coalition.
rules.add_perm("cl.export_comparison", is_coordinator)
# Surveys: coordinators run rounds; every role reads the (suppressed) results; the per-organisation
# table is for coordinators and analysts.
rules.add_perm("cl.manage_surveys", is_coordinator)
rules.add_perm("cl.view_survey_results", has_any_role)
rules.add_perm("cl.view_survey_targets", is_coordinator | is_analyst)
# Reports: made and downloaded by coordinators and analysts (a report is an export). Each stored
# report is read only by roles that read everything its role reads: see ``report_perm`` below.
may_make_reports = is_coordinator | is_analyst
rules.add_perm("cl.make_reports", may_make_reports)

# Which roles read the sensitive fields of an engagement, per confidentiality class.
CONFIDENTIAL_READERS: dict[str, frozenset[str]] = {
    Confidentiality.PUBLIC: frozenset(Role.values),
    Confidentiality.INTERNAL: frozenset(Role.values),
    Confidentiality.CONFIDENTIAL: frozenset({Role.COORDINATOR, Role.ANALYST}),
    Confidentiality.RESTRICTED: frozenset({Role.COORDINATOR}),
}


def roles_granted(perm: str, coalition: Any) -> list[str]:
    """The coalition roles whose holders ``perm`` is granted to in ``coalition``, in the order of
    :class:`Role` (for the 403 page's sentence); asked of the rules themselves, never a copy."""

    class _Holder:
        is_authenticated = True
        is_active = True
        is_superuser = False

        def __init__(self, role: str) -> None:
            setattr(self, _CACHE_ATTR, {coalition.pk: role})

    if not rules.perm_exists(perm):
        return []
    return [role for role in Role.values if rules.has_perm(perm, _Holder(role), coalition)]


def may_read_sensitive(role: str | None, confidentiality: str) -> bool:
    return role is not None and role in CONFIDENTIAL_READERS.get(confidentiality, frozenset())


def reads_at_least(role: str | None, other: str | None) -> bool:
    """Whether ``role`` reads every field ``other`` reads, so an artefact made for ``other`` (a
    stored report) holds nothing ``role`` may not see. Derived from :data:`CONFIDENTIAL_READERS`,
    the only place where roles differ in what they read: coordinator ⊇ analyst ⊇ member = viewer.
    A role the policy does not know reads nothing, and nobody reads as it (fail closed)."""
    if role not in Role.values or other not in Role.values:
        return False
    return all(role in readers for readers in CONFIDENTIAL_READERS.values() if other in readers)


def roles_read_by(role: str | None) -> list[str]:
    """The roles whose artefacts ``role`` may read (itself included, when it is a role)."""
    return [other for other in Role.values if reads_at_least(role, other)]


def report_perm(report_role: str) -> str:
    """The permission to list, open and download a report made for ``report_role``. A role with no
    such permission registered (an unknown one) is refused to everybody."""
    return f"cl.read_report_{report_role}"


def _reads_as(other: str) -> Any:
    @rules.predicate
    def check(user: Any, coalition: Any) -> bool:
        return reads_at_least(role_in(user, coalition), other)

    check.name = f"reads_at_least_{other}"
    return check


for _made_for in Role.values:
    rules.add_perm(report_perm(_made_for), may_make_reports & _reads_as(_made_for))


#: Roles from the least to the most powerful: a token's role is at most its owner's.
ROLE_RANK: dict[str, int] = {
    Role.VIEWER: 0,
    Role.MEMBER: 1,
    Role.ANALYST: 2,
    Role.COORDINATOR: 3,
}


def role_at_most(role: str | None, ceiling: str | None) -> bool:
    """Whether ``role`` is no more powerful than ``ceiling`` (unknown roles: never)."""
    if role not in ROLE_RANK or ceiling not in ROLE_RANK:
        return False
    return ROLE_RANK[role] <= ROLE_RANK[ceiling]


def lower_role(a: str | None, b: str | None) -> str | None:
    """The less powerful of two roles; None when either is None or unknown (fail closed)."""
    if a not in ROLE_RANK or b not in ROLE_RANK:
        return None
    return a if ROLE_RANK[a] <= ROLE_RANK[b] else b


def restrict_roles(user: Any, grants: dict[int, str]) -> None:
    """Make ``user`` hold exactly ``grants`` (``{coalition_id: role}``) for the rest of this request:
    every ``role_in``/``has_perm``/``get_scope`` sees only them (a personal access token's grant)."""
    setattr(user, _CACHE_ATTR, dict(grants))
