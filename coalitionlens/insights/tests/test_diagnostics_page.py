"""The diagnostics page is for coordinators and analysts, and links each exercise to its page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coalitionlens.insights.exercises import exercise_by_id
from coalitionlens.insights.tests.helpers import grow


@pytest.mark.parametrize(
    ("role", "status"), [("coordinator", 200), ("analyst", 200), ("member", 403), ("viewer", 403)]
)
def test_diagnostics_are_for_coordinators_and_analysts(client, cast, role, status):
    grow(cast.lens, 6)
    client.force_login(cast.by_role()[role])
    assert client.get(reverse("insights_diagnostics", args=["lens"])).status_code == status


def test_the_page_shows_no_rule_id(client, cast):
    import re

    from coalitionlens.insights.facts import coalition_findings

    grow(cast.lens, 6)
    findings = coalition_findings(cast.lens, "coordinator")
    assert findings
    client.force_login(cast.alice)
    html = client.get(reverse("insights_diagnostics", args=["lens"])).content.decode()
    text = re.sub(r"<[^>]+>", " ", html)  # what a reader sees: attributes left out
    for f in findings:
        assert f.rule not in text, f.rule


def test_the_diagnostics_link_each_exercise_to_its_page(client, cast):
    grow(cast.lens, 6)
    client.force_login(cast.alice)
    body = client.get(reverse("insights_diagnostics", args=["lens"])).content.decode()
    linked = re.findall(r"exercises/exercise/\?id=([a-z0-9-]+)", body)
    assert linked
    assert all(exercise_by_id(i) for i in linked)
