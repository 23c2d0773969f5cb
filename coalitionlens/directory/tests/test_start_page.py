"""The start page (/) sends a user to where they work."""

from __future__ import annotations

from django.urls import reverse


def test_the_start_page_sends_a_one_coalition_user_to_it(client, cast):
    client.force_login(cast.alice)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("coalition_home", args=["lens"])
