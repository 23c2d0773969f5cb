"""The platform page: for platform admins only, where they create a coalition and its first
coordinator."""

from __future__ import annotations

from django.urls import reverse

from coalitionlens.accounts.models import CoalitionRole
from coalitionlens.coalitions.models import Coalition
from coalitionlens.directory.tests.helpers import _admin


def test_only_platform_admins_see_the_platform_page(client, cast):
    for user in [*cast.by_role().values(), cast.dave]:
        client.force_login(user)
        assert client.get(reverse("platform_home")).status_code == 404
        assert client.post(reverse("platform_home"), {"slug": "x", "name": "X"}).status_code == 404
    assert not Coalition.objects.filter(slug="x").exists()


def test_a_platform_admin_creates_a_coalition_with_its_first_coordinator(client, cast):
    client.force_login(_admin())
    response = client.post(
        reverse("platform_home"),
        {
            "slug": "tidewater",
            "name": "Tidewater Alliance",
            "country": "Fictland",
            "region": "ASIA_PACIFIC_ISLANDS",
            "origin_sector": "CIVIL",
            "governance_model": "LEAD_ORGANISATION",
            "default_language": "en",
            "coordinator_email": "lead@tidewater.example",
        },
    )
    assert response.status_code == 302
    c = Coalition.objects.get(slug="tidewater")
    assert CoalitionRole.objects.get(coalition=c).role == "coordinator"
    page = client.get(reverse("platform_home")).content.decode()
    assert "Tidewater Alliance" in page
