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


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "Your role: Member representative"), ("fr", "Votre rôle\u00a0: Représentant d'un membre"),
     ("km", "តំណាងសមាជិក")],
)  # fmt: skip
def test_the_home_page_names_the_role_in_the_language_of_the_page(client, cast, lang, said):
    client.force_login(cast.bob)
    body = client.get(reverse("coalition_home", args=["lens"]), HTTP_ACCEPT_LANGUAGE=lang)
    text = body.content.decode().replace("&#x27;", "'")
    assert said in text
    assert ">member<" not in text
    assert ": member" not in text
