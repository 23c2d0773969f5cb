"""A report request sent twice makes one report (kit/once.py)."""

from __future__ import annotations

import uuid

import pytest

from coalitionlens.reports.models import Report

pytestmark = pytest.mark.django_db


def test_a_report_request_sent_twice_makes_one_report(client, cast):
    client.force_login(cast.alice)
    data = {"once_key": uuid.uuid4().hex, "format": "html", "language": "en"}
    first = client.post("/c/lens/reports/", data)
    second = client.post("/c/lens/reports/", data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Report.objects.filter(coalition=cast.lens).count() == 1


def test_the_report_page_carries_a_key(client, cast):
    client.force_login(cast.alice)
    assert 'name="once_key"' in client.get("/c/lens/reports/").text
