"""The table by province on the organisation list, the pathway board and the coverage page: per
province, its organisations, the services covering it, and the coverage page's gaps and single
providers there (one definition: the coverage matrix)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.pathways.coverage_table import coverage_table
from coalitionlens.pathways.selectors import by_province
from coalitionlens.pathways.tests.factories import ReferralTieFactory


@pytest.fixture
def pathway(cast: Any) -> None:
    hotline = OrganisationFactory(coalition=cast.lens, name="Fictional Lantern Hotline")
    shelter = OrganisationFactory(coalition=cast.lens, name="Fictional Shelter", province="North")
    OrganisationFactory(coalition=cast.lens, province="South")
    OrganisationFactory(coalition=cast.lens, province="South")
    ReferralTieFactory(
        from_service__organisation=hotline,
        to_service__organisation=shelter,
        to_service__provinces=["North"],
    )


def test_each_province_counts_its_organisations_services_and_the_coverage_pages_flags(
    cast: Any, pathway: None
) -> None:
    rows = {r.province: r for r in by_province(cast.lens)}
    assert list(rows) == ["North", "South"]
    assert (rows["North"].organisations, rows["North"].services) == (1, 2)
    assert (rows["South"].organisations, rows["South"].services) == (2, 1)
    for name, row in rows.items():
        counts = coverage_table(cast.lens, province=name).counts
        assert (row.gaps, row.fragile) == (counts["gap"], counts["fragile"]), name
    assert (rows["South"].gaps, rows["North"].gaps) == (5, 4)


@pytest.mark.parametrize("role", ["coordinator", "member", "analyst", "viewer"])
@pytest.mark.parametrize("page", ["organisation_list", "pathway_view", "pathway_coverage"])
def test_the_pages_show_the_table(client: Any, cast: Any, pathway: None, role: str, page: str):
    client.force_login(cast.by_role()[role])
    html = client.get(reverse(page, args=["lens"])).content.decode()
    assert 'data-testid="by-province"' in html
    assert '<a href="?province=South">South</a>' in html


def test_no_table_without_provinces(client: Any, cast: Any) -> None:
    client.force_login(cast.bob)
    html = client.get(reverse("pathway_view", args=["lens"])).content.decode()
    assert 'data-testid="by-province"' not in html


def test_another_coalition_sees_none_of_the_provinces(client: Any, cast: Any, pathway: None):
    client.force_login(cast.dave)
    html = client.get(reverse("organisation_list", args=["other"])).content.decode()
    assert "North" not in html
    assert 'data-testid="by-province"' not in html
