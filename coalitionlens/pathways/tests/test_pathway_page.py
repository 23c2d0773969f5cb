"""The pathway view: stages as columns, organisations as nodes, referral ties listed in a table
that says everything without JavaScript; every role reads it, nobody else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitionlens.pathways.tests.factories import ReferralTieFactory, ServiceFactory

pytestmark = pytest.mark.django_db

URL = "pathway_view"


def test_the_board_shows_each_stage_with_its_organisations_and_the_ties(client, cast):
    tie = ReferralTieFactory(
        from_service__organisation__coalition=cast.lens,
        from_service__organisation__name="Hotline NGO",
        to_service__organisation__name="Harbour Shelter",
    )
    client.force_login(cast.bob)
    response = client.get(reverse(URL, args=["lens"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Identification") < html.index("Hotline NGO") < html.index("Harbour Shelter")
    assert f'data-node="SHELTER-{tie.to_service.organisation_id}"' in html
    ties = html[html.index('data-testid="ties"') :]
    assert "Hotline NGO" in ties
    assert "Harbour Shelter" in ties
    assert 'data-flag="gap"' in html  # four stages have no provider at all


def test_the_board_filters_by_province_and_population(client, cast):
    ServiceFactory(organisation__coalition=cast.lens, name="North shelter", provinces=["North"])
    ServiceFactory(organisation__coalition=cast.lens, name="Minors home", populations=["MINORS"])
    ServiceFactory(organisation__coalition=cast.lens, name="South shelter", provinces=["South"])
    client.force_login(cast.vic)
    south = client.get(reverse(URL, args=["lens"]), {"province": "South"}).content
    assert b"North shelter" not in south
    assert b"Minors home" in south
    assert b"South shelter" in south
    minors = client.get(reverse(URL, args=["lens"]), {"population": "MINORS"}).content
    assert b"North shelter" not in minors
    assert b"Minors home" in minors


def test_nobody_of_another_coalition_reads_the_board(client, cast):
    ServiceFactory(organisation__coalition=cast.lens, name="Hidden shelter")
    client.force_login(cast.dave)
    assert client.get(reverse(URL, args=["lens"])).status_code == 404
    assert b"Hidden shelter" not in client.get(reverse(URL, args=["other"])).content
