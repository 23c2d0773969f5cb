"""Non-interference: change every field a role may not read, and nothing that role can fetch changes.

The fields hidden from a role — titles, descriptions, outcomes, notes, follow-ups and counterparts of
the engagements it may not fully read — are rewritten in the demo data (counterparts moved to other
organisations). Every door of that role is fetched before and after: the engagement log with its
search, filters and sorts, each hidden engagement, the pages of the organisations involved, the home
page, the dashboard, the network map, its data and table, an organisation's place in the network,
the comparison and the exports. A door whose answer changed reads hidden data.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from coalitionlens.accounts.models import User
from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.conftest import within_one_day
from coalitionlens.demo.load import load_demo
from coalitionlens.engagements.models import Engagement, Participation
from coalitionlens.insights.caching import clear_local
from coalitionlens.transfer.exports import export_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SLUG = "marivo"
#: role → the classes whose sensitive fields it may not read (SAFETY.md), and who else shares them
HIDDEN_FROM = {
    "analyst": ({"RESTRICTED"}, ("analyst",)),
    "member": ({"CONFIDENTIAL", "RESTRICTED"}, ("member", "viewer")),
}
CSRF = re.compile(
    r'(name="csrfmiddlewaretoken" value=")[^"]+|(csrf[-_]?token["\']?\s*[:=]\s*["\'])[^"\']+'
)


def _normal(body: bytes) -> str:
    return CSRF.sub(lambda m: (m.group(1) or m.group(2)) + "…", body.decode())


def _doors(coalition: Coalition, hidden: list[Engagement], orgs: set[int]) -> list[str]:
    slug = coalition.slug
    log = reverse("engagement_list", args=[slug])
    words = sorted({w.casefold() for e in hidden for w in re.findall(r"\w{4,}", e.title)})[:12]
    urls = [
        reverse("coalition_home", args=[slug]),
        log,
        log + "?sort=title",
        log + "?sort=practice",
        log + "?sort=date&page=2",
        reverse("insights_dashboard", args=[slug]),
        reverse("insights_network", args=[slug]),
        reverse("insights_network_data", args=[slug]),
        reverse("insights_compare", args=[slug]),
    ]
    urls += [log + f"?q={w}" for w in words] + [log + f"?q={w}&sort=title" for w in words[:4]]
    urls += [reverse("engagement_detail", args=[slug, e.pk]) for e in hidden]
    for pk in sorted(orgs):
        urls += [
            log + f"?organisation={pk}",
            reverse("organisation_detail", args=[slug, pk]),
            reverse("organisation_network", args=[slug, pk]),
        ]
    return urls


def _fetch(client: Any, role: str, urls: list[str], coalition: Coalition) -> dict[str, str]:
    client.force_login(User.objects.get(email=f"{role}@{SLUG}.demo"))
    out = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (role, url)
        out[url] = _normal(response.content)
    if role == "analyst":
        for fmt in ("json", "csv", "graphml", "gexf"):
            out[f"export.{fmt}"] = repr(export_bytes(coalition=coalition, role=role, fmt=fmt))
    return out


def _moves(hidden: list[Engagement], coalition: Coalition) -> dict[int, int]:
    """Participation id → the organisation each hidden counterpart moves to."""
    spare = list(Organisation.objects.filter(coalition=coalition).order_by("-pk"))
    moves = {}
    for e in hidden:
        taken = set(e.participations.values_list("organisation_id", flat=True))
        for p in e.participations.filter(role="COUNTERPART"):
            other = next(o for o in spare if o.pk not in taken)
            taken.add(other.pk)
            moves[p.pk] = other.pk
    return moves


def _rewrite(hidden: list[Engagement], moves: dict[int, int]) -> None:
    """Every field the role may not read takes another value; counterparts move elsewhere."""
    for i, e in enumerate(hidden):
        Engagement.objects.filter(pk=e.pk).update(
            title=f"Zz rewritten {i} {e.title[::-1]}",
            description="rewritten description",
            outcome="NOT_ACHIEVED" if e.outcome != "NOT_ACHIEVED" else "ACHIEVED",
            outcome_notes="rewritten notes",
            follow_up="rewritten follow-up",
            follow_up_due=None if e.follow_up_due else e.date,
        )
    for participation, organisation in moves.items():
        Participation.objects.filter(pk=participation).update(organisation_id=organisation)
    cache.clear()
    clear_local()


@pytest.mark.parametrize("role", list(HIDDEN_FROM))
def test_rewriting_what_a_role_may_not_read_changes_nothing_it_can_fetch(client, role):
    within_one_day(600)  # the pages count days: before and after are fetched on the same one
    load_demo(only=[SLUG])
    coalition = Coalition.objects.get(slug=SLUG)
    classes, roles = HIDDEN_FROM[role]
    hidden = list(
        Engagement.objects.filter(coalition=coalition, confidentiality__in=classes).order_by("pk")
    )
    assert hidden
    moves = _moves(hidden, coalition)
    involved = set(moves.values()) | set(
        Participation.objects.filter(engagement__in=hidden).values_list(
            "organisation_id", flat=True
        )
    )
    urls = _doors(coalition, hidden, involved)
    before = {r: _fetch(client, r, urls, coalition) for r in roles}
    _rewrite(hidden, moves)
    for r in roles:
        after = _fetch(client, r, urls, coalition)
        changed = [url for url in before[r] if before[r][url] != after[url]]
        assert not changed, f"{r}: these answers changed with data {r} may not read: {changed}"
    # and the coordinator, who reads it all, does see the change
    log = reverse("engagement_list", args=[SLUG]) + "?q=rewritten"
    assert "Zz rewritten" in _fetch(client, "coordinator", [log], coalition)[log]
