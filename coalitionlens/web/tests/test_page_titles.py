"""Every page has a title of its own ("Page — Coalition — Coalition Lens"): a browser's tabs, its
history and a screen reader's first words tell the pages apart. Pages are enumerated as the
one-time-key meta-test enumerates them (every scoped route of coalition ``lens``)."""

from __future__ import annotations

import html
import re
from collections import defaultdict

import pytest
from django.urls import reverse

from coalitionlens.accounts.tests.factories import UserFactory
from coalitionlens.kit.tests.test_every_create_form_has_a_key import _pages
from coalitionlens.web.tests.test_tenant_isolation import _seed

TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


def _title(response) -> str | None:
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return None
    found = TITLE.search(response.content.decode())
    return html.unescape(found[1]).strip() if found else None


@pytest.mark.django_db
def test_every_page_has_a_title_of_its_own(client, cast):
    objs = _seed(cast.lens)
    admin = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    by_title: dict[str, list[str]] = defaultdict(list)
    problems: list[str] = []
    client.force_login(cast.alice)
    for page in [*_pages(objs), reverse("home")]:
        title = _title(client.get(page))
        if title is None:
            continue  # a partial, a chart, a download, a redirect
        by_title[title].append(page)
        if not title.endswith(" — Coalition Lens") or title.startswith("—"):
            problems.append(f"{page}: {title!r}")
        elif page.startswith("/c/lens/") and " — Lens Coalition — " not in title:
            problems.append(f"{page}: {title!r} does not name the coalition")
    client.force_login(admin)
    title = _title(client.get(reverse("platform_home")))
    assert title is not None
    by_title[title].append(reverse("platform_home"))
    assert len(by_title) > 40, "the enumeration found too few pages"
    duplicates = {t: p for t, p in by_title.items() if len(p) > 1}
    assert duplicates == {}
    assert problems == []


@pytest.mark.django_db
def test_a_title_says_the_page_first_then_the_coalition(client, cast):
    client.force_login(cast.alice)
    assert _title(client.get("/c/lens/engagements/")) == (
        "Engagement log — Lens Coalition — Coalition Lens"
    )
    assert _title(client.get("/c/lens/insights/diagnostics/")) == (
        "Diagnostics — Lens Coalition — Coalition Lens"
    )
