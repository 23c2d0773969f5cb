"""Figures that depend on the role say so — in the same words for every role, so the line itself
tells nothing about what is left out (no "3 ties hidden")."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.insights.tests.helpers import grow
from coalitionlens.reports.rendering import report_html
from coalitionlens.reports.selectors import report_data

NOTE = re.compile(r'<p[^>]*data-testid="role-note"[^>]*>([^<]*)</p>')
ROLES = ("coordinator", "analyst", "member", "viewer")


@pytest.fixture
def lens(cast):
    hidden = OrganisationFactory(
        coalition=cast.lens, name="Border unit X", sector=core_sector("LAW_ENFORCEMENT")
    )
    orgs = grow(cast.lens, 6, confidential_counterpart=hidden)
    return cast.lens, orgs[0]


def _pages(org_pk: int) -> list[tuple[str, set[str]]]:
    everyone = set(ROLES)
    return [
        (reverse("insights_network", args=["lens"]), everyone),
        (reverse("organisation_network", args=["lens", org_pk]), everyone),
        (reverse("insights_compare", args=["lens"]), everyone),
        (reverse("insights_timeline", args=["lens"]), everyone),
        (reverse("insights_diagnostics", args=["lens"]), {"coordinator", "analyst"}),
    ]


@pytest.mark.parametrize("lang", ["en", "fr", "km"])
def test_every_network_figure_page_says_its_figures_follow_the_role(client, cast, lens, lang):
    _coalition, org = lens
    client.cookies["django_language"] = lang
    expected = {
        "en": "Computed from what your role may see.",
        "fr": "Calculé à partir de ce que votre rôle peut voir.",
        "km": "គណនាពីអ្វីដែលតួនាទីរបស់អ្នកអាចមើលឃើញ។",
    }[lang]
    for url, roles in _pages(org.pk):
        notes = {}
        for role in roles:
            client.force_login(cast.by_role()[role])
            body = client.get(url).content.decode()
            notes[role] = NOTE.findall(body)
        assert set(map(tuple, notes.values())) == {(expected,)}, (url, notes)


def test_the_coordinator_and_a_member_see_different_ties_and_the_same_line(client, cast, lens):
    counts = {}
    for role in ("coordinator", "member"):
        client.force_login(cast.by_role()[role])
        body = client.get(reverse("insights_network", args=["lens"])).content.decode()
        counts[role] = re.search(r"(\d+) ties", body).group(1)  # type: ignore[union-attr]
        assert "hidden" not in NOTE.search(body).group(1).casefold()  # type: ignore[union-attr]
    assert int(counts["coordinator"]) > int(counts["member"])  # the confidential ties


@pytest.mark.parametrize("role", ["coordinator", "analyst"])
def test_a_report_names_the_role_its_figures_were_computed_for(cast, lens, role):
    coalition, _org = lens
    data = report_data(coalition=coalition, role=role, lang="en")
    summary = next(s for s in data.sections if s.anchor == "summary")
    assert summary.note == f"Computed from what the role “{role.title()}” may see."
    assert "Computed from what the role" in report_html(data)
