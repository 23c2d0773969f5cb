"""The organisation page's network partial."""

from __future__ import annotations

from django.urls import reverse

from coalitionlens.insights.tests.helpers import grow


def test_the_organisation_partial_shows_its_place_in_the_network(client, cast):
    orgs = grow(cast.lens, 6)
    client.force_login(cast.bob)
    response = client.get(reverse("organisation_network", args=["lens", orgs[0].pk]))
    assert response.status_code == 200
    assert b"organisation-network" in response.content
    detail = client.get(reverse("organisation_detail", args=["lens", orgs[0].pk]))
    assert b"organisation-network-loader" in detail.content


def test_the_partial_explains_each_measure_it_shows(client, cast):
    from coalitionlens.insights.measures import MEASURE_HELP

    orgs = grow(cast.lens, 6)
    client.force_login(cast.bob)
    html = client.get(reverse("organisation_network", args=["lens", orgs[0].pk])).content.decode()
    for name in ("degree", "betweenness", "ei_index", "constraint"):
        assert f'id="measure-{name}"' in html
        assert str(MEASURE_HELP[name][0]).replace("'", "&#x27;") in html, name
