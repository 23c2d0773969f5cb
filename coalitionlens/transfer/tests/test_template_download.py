"""The import template downloads as a workbook."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_template_downloads_as_a_workbook(client, cast):
    client.force_login(cast.carol)
    response = client.get(reverse("transfer_template", args=["lens"]))
    assert response.status_code == 200
    assert response.content.startswith(b"PK")
