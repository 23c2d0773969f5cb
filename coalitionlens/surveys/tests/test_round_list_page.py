"""The survey list says how many organisations a shown figure needs (k, the setting)."""

from __future__ import annotations

import re

from django.urls import reverse


def test_the_survey_list_names_k(client, cast, settings):
    settings.COALITIONLENS_SURVEY_K = 7
    client.force_login(cast.bob)
    body = client.get(reverse("survey_round_list", args=["lens"])).content.decode()
    assert "from at least 7 organisations" in body
    assert not re.search(r"at least\s+organisations", body)
