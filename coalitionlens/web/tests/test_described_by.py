"""Help texts reach screen readers: every ``aria-describedby`` (and ``aria-labelledby``,
``aria-controls``) on every page names ids that the page prints. Pages are enumerated as the
one-time-key meta-test enumerates them, and the reports page is checked by name."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coalitionlens.accounts.tests.factories import UserFactory
from coalitionlens.kit.tests.test_every_create_form_has_a_key import _pages
from coalitionlens.web.tests.test_tenant_isolation import _seed

REFS = re.compile(r'\s(aria-(?:describedby|labelledby|controls))="([^"]*)"')
IDS = re.compile(r'\sid="([^"]+)"')


def _missing(body: str) -> list[str]:
    ids = set(IDS.findall(body))
    return [
        f"{attr}={ref}"
        for attr, refs in REFS.findall(body)
        for ref in refs.split()
        if ref not in ids
    ]


@pytest.mark.django_db
def test_every_aria_reference_names_an_id_the_page_prints(client, cast):
    objs = _seed(cast.lens)
    admin = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    problems: list[str] = []
    checked = 0
    for who, pages in (
        (cast.alice, [*_pages(objs), "/c/lens/reports/", "/c/lens/surveys/new/"]),
        (cast.bob, ["/c/lens/", "/c/lens/engagements/"]),
        (admin, [reverse("platform_home")]),
    ):
        client.force_login(who)
        for page in pages:
            response = client.get(page)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            checked += 1
            problems += [f"{page}: {m}" for m in _missing(response.content.decode())]
    assert checked > 40
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_the_safe_mode_explanation_is_what_its_checkbox_describes(client, cast):
    client.force_login(cast.alice)
    body = client.get("/c/lens/reports/").content.decode()
    box = re.search(r'<input[^>]*name="safe"[^>]*>', body)
    assert box is not None
    described = re.search(r'aria-describedby="([^"]+)"', box[0])
    assert described is not None
    help_text = re.search(rf'id="{described[1]}"[^>]*>([^<]+)<', body)
    assert help_text is not None
    assert "alias" in help_text[1]
