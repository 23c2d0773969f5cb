"""The coalition's home page: its navigation offers import and export to coordinators and analysts."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_navigation_offers_import_and_export_to_coordinators_and_analysts(client, cast):
    for user, shown in ((cast.alice, True), (cast.carol, True), (cast.bob, False)):
        client.force_login(user)
        html = client.get(reverse("coalition_home", args=["lens"])).content.decode()
        assert ("Import and export" in html) == shown
