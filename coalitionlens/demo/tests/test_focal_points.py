"""The demo's focal points (issue 18): one organisation's government ties run through one person,
one focal point leaves soon, and both continuity findings fire on the demo."""

from __future__ import annotations

import pytest

from coalitionlens.coalitions.models import Coalition, FocalPoint
from coalitionlens.demo.load import load_demo
from coalitionlens.insights.facts import coalition_findings

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_tie_on_one_person_and_a_focal_point_leaving():
    load_demo(only=["marivo"])
    c = Coalition.objects.get(slug="marivo")
    assert FocalPoint.objects.filter(coalition=c).count() >= 2
    rules = {f.rule for f in coalition_findings(c, "coordinator")}
    assert {"SINGLE_PERSON_TIES", "FOCAL_POINT_LEAVING"} <= rules
