"""The diagnostics page is for coordinators and analysts."""

from __future__ import annotations

import pytest
from django.urls import reverse

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
