"""The chart endpoint: an SVG with its text drawn as paths, under its own content policy."""

from __future__ import annotations

from django.urls import reverse

from coalitionlens.insights.tests.helpers import grow


def test_a_chart_is_an_svg_with_text_as_paths_and_its_own_policy(client, cast):
    grow(cast.lens, 6)
    client.force_login(cast.bob)
    response = client.get(reverse("insights_chart", args=["lens"]) + "?name=macro")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content
    assert b"<text" not in response.content  # text drawn as outlines
    assert "script-src" not in response["Content-Security-Policy"]
    assert client.get(reverse("insights_chart", args=["lens"]) + "?name=nope").status_code == 404
