"""The platform page's "New coalition" sent twice: the second sending gets the first's answer,
not a "this short name is taken" error (kit/once.py)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from coalitionlens.accounts.tests.factories import UserFactory
from coalitionlens.coalitions.models import Coalition

pytestmark = pytest.mark.django_db


def test_a_new_coalition_form_sent_twice_creates_one_and_answers_alike(client, cast):
    client.force_login(UserFactory(email="root@example.org", is_superuser=True, is_staff=True))
    assert 'name="once_key"' in client.get(reverse("platform_home")).text
    data = {
        "once_key": uuid.uuid4().hex,
        "slug": "tidewater",
        "name": "Tidewater Alliance",
        "country": "Fictland",
        "region": "ASIA_PACIFIC_ISLANDS",
        "origin_sector": "CIVIL",
        "governance_model": "LEAD_ORGANISATION",
        "default_language": "en",
        "coordinator_email": "lead@tidewater.example",
    }
    first = client.post(reverse("platform_home"), data)
    second = client.post(reverse("platform_home"), data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Coalition.objects.filter(slug="tidewater").count() == 1
