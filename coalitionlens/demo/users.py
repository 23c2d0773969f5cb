"""Demo accounts, and the user/role writes the CLI's ``createuser`` shares with them.

Every demo coalition gets one user per role (``coordinator@<slug>.demo`` …) and the platform has one
admin (``admin@coalitionlens.demo``). All share :data:`DEMO_PASSWORD`: they exist only for trying
the product on a laptop.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from coalitionlens.accounts.models import CoalitionRole, User
from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.coalitions.vocab import Role

__all__ = [
    "ADMIN_EMAIL",
    "DEMO_PASSWORD",
    "RESEARCHER_EMAIL",
    "DemoLogin",
    "demo_logins",
    "demo_users_ensure",
]

DEMO_PASSWORD = "lens-demo-2026"  # noqa: S105 - published on purpose: demo accounts only
ADMIN_EMAIL = "admin@coalitionlens.demo"
#: A researcher with the analyst role in every demo coalition, to compare them side by side.
RESEARCHER_EMAIL = "researcher@coalitionlens.demo"
ROLES: tuple[str, ...] = tuple(Role.values)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str  # a coalition role, or "platform admin"
    coalition: str  # slug, or "" for the platform admin


def demo_email(role: str, slug: str) -> str:
    return f"{role}@{slug}.demo"


def demo_logins(slugs: list[str]) -> list[DemoLogin]:
    """The demo logins for these coalitions, the platform admin first."""
    out = [DemoLogin(ADMIN_EMAIL, DEMO_PASSWORD, "platform admin", "")]
    for slug in slugs:
        out += [DemoLogin(demo_email(role, slug), DEMO_PASSWORD, role, slug) for role in ROLES]
    if len(slugs) > 1:
        out.append(DemoLogin(RESEARCHER_EMAIL, DEMO_PASSWORD, "analyst", ", ".join(slugs)))
    return out


def demo_users_ensure(coalitions: list[tuple[Coalition, Organisation, Organisation]]) -> int:
    """Create the demo users and roles that are missing; never change existing ones.

    ``coalitions`` holds (coalition, secretariat, the member user's organisation). Returns how many
    users were created.
    """
    wanted: dict[str, bool] = {ADMIN_EMAIL: True, RESEARCHER_EMAIL: False}
    for coalition, _sec, _org in coalitions:
        for role in ROLES:
            wanted[demo_email(role, coalition.slug)] = False
    existing = set(User.objects.filter(email__in=list(wanted)).values_list("email", flat=True))
    # One hash for all: hashing is deliberately slow, and every demo user has the same password.
    hashed = make_password(DEMO_PASSWORD)
    new = [
        User(
            email=email,
            password=hashed,
            is_superuser=admin,
            is_staff=admin,
            display_name="Platform admin (demo)" if admin else f"Demo {email.split('@')[0]}",
        )
        for email, admin in wanted.items()
        if email not in existing
    ]
    User.objects.bulk_create(new)
    users = {u.email: u for u in User.objects.filter(email__in=list(wanted))}
    have = set(
        CoalitionRole.objects.filter(user__in=list(users.values())).values_list(
            "user__email", "coalition_id"
        )
    )
    roles: list[CoalitionRole] = []
    for coalition, secretariat, member_org in coalitions:
        represents = {"coordinator": secretariat, "member": member_org}
        for role in ROLES:
            email = demo_email(role, coalition.slug)
            if (email, coalition.pk) not in have:
                roles.append(
                    CoalitionRole(
                        user=users[email],
                        coalition=coalition,
                        role=role,
                        organisation=represents.get(role),
                    )
                )
        if (RESEARCHER_EMAIL, coalition.pk) not in have:
            roles.append(
                CoalitionRole(user=users[RESEARCHER_EMAIL], coalition=coalition, role="analyst")
            )
    CoalitionRole.objects.bulk_create(roles)
    return len(new)
