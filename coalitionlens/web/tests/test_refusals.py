"""One rule for refusals: a page that exists in the coalition but that the role may not use answers
403 inside the normal layout (navigation included), with a sentence saying which roles may; it is
never a 404. Checked for every role on every enumerated page of coalition ``lens``."""

from __future__ import annotations

import pytest
from django.utils import translation

from coalitionlens.accounts.permissions import roles_granted
from coalitionlens.coalitions.vocab import Role
from coalitionlens.kit.tests.test_every_create_form_has_a_key import _pages
from coalitionlens.web.tests.test_tenant_isolation import _seed

# Pages that 404 for every role, with the reason (they are not refusals).
NOT_THERE = {
    "/insights/chart.svg": "a chart is asked for by name (?name=…); the bare address names none",
    "/results/": "results exist only after the round closes; the seeded round is open",
    "/compare/": "rounds are compared only once closed, against another closed round; the "
    "seeded round is open",
    "/exercises/exercise/": "an exercise is asked for by id (?id=…); the bare address names none",
    "/exercises/handout.pdf": "a handout is asked for by id (?id=…); the bare address names none",
}


@pytest.mark.django_db
def test_a_role_is_refused_with_403_in_the_layout_and_told_who_may(client, cast):
    objs = _seed(cast.lens)
    problems: list[str] = []
    refused: dict[str, int] = {}
    for role, user in cast.by_role().items():
        client.force_login(user)
        for page in _pages(objs):
            response = client.get(page)
            if response.status_code == 404:
                if not any(page.endswith(tail) for tail in NOT_THERE):
                    problems.append(f"{role}: {page} answers 404")
                continue
            if response.status_code != 403:
                continue
            refused[role] = refused.get(role, 0) + 1
            body = response.content.decode()
            if 'aria-label="Main navigation"' not in body or 'id="mainnav"' not in body:
                problems.append(f"{role}: {page}'s 403 has no navigation")
            if 'data-testid="refusal-roles"' not in body or "Your role here: " not in body:
                problems.append(f"{role}: {page}'s 403 does not say who may")
            elif f"Your role here: {Role(role).label}." not in body:
                problems.append(f"{role}: {page}'s 403 names another role")
    assert problems == []
    assert refused.get("coordinator", 0) == 0
    assert all(refused.get(r, 0) > 0 for r in ("member", "analyst", "viewer")), refused


@pytest.mark.django_db
def test_the_sentence_names_the_roles_the_rules_grant(client, cast):
    assert roles_granted("cl.make_reports", cast.lens) == ["coordinator", "analyst"]
    assert roles_granted("cl.view_coalition", cast.lens) == list(Role.values)
    client.force_login(cast.bob)
    body = client.get("/c/lens/reports/").content.decode()
    assert (
        "Who may use this page: Coordinator, Analyst. Your role here: Member representative."
        in body
    )
    client.force_login(cast.vic)
    for lang, said in (
        (
            "fr",
            "Qui peut utiliser cette page\u00a0: Coordinateur, Analyste. Votre rôle ici\u00a0: Lecteur.",
        ),
        ("km", "តួនាទីរបស់អ្នកនៅទីនេះ៖ អ្នកមើល។"),
    ):
        with translation.override(lang):
            body = client.get("/c/lens/tensions/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert said in body
