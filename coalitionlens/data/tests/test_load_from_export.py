"""A CSV export (``coalitionlens export --format csv``) loads for the role that wrote it, with the
network and measures the database gives that role (by name: exports name organisations), and is
refused for a role that reads more, or less, than what it holds."""

from __future__ import annotations

import pytest

import coalitionlens.data as cld
from coalitionlens.coalitions.models import Coalition
from coalitionlens.demo.load import load_demo
from coalitionlens.insights.caching import clear_local
from coalitionlens.transfer.exports import export_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SLUG = "marivo"


@pytest.fixture
def marivo() -> Coalition:
    load_demo(only=[SLUG])
    clear_local()
    return Coalition.objects.get(slug=SLUG)


def test_an_analyst_export_gives_the_analyst_network_and_measures(marivo, tmp_path):
    path = tmp_path / "marivo-analyst.zip"
    path.write_bytes(export_bytes(coalition=marivo, role="analyst", fmt="csv"))
    exported = cld.load(SLUG, role="analyst", source=path)
    live = cld.load(SLUG, role="analyst")
    assert exported.source == "export"
    assert sorted(exported.organisations["id"]) == sorted(live.organisations["name"])
    assert exported.secretariat == marivo.secretariat.name
    assert len(exported.ties) == len(live.ties) == live.summary["ties"]
    assert len(exported.engagements) == len(live.engagements)
    assert len(exported.memberships) == len(live.memberships)
    by_name = live.measures.set_index("name")
    for name, row in exported.measures.iterrows():
        shown = by_name.loc[name]
        assert row["degree"] == shown["degree"], name
        assert row["brokerage_total"] == shown["brokerage_total"], name
        # betweenness: equal to the two decimals the page shows (as `coalitionlens analyze`)
        assert abs(row["betweenness"] - shown["betweenness"]) <= 0.005 + 0.0001, name


def test_an_export_is_refused_for_a_role_that_reads_more_or_less_than_it_holds(marivo, tmp_path):
    analyst = tmp_path / "analyst.zip"
    analyst.write_bytes(export_bytes(coalition=marivo, role="analyst", fmt="csv"))
    member = tmp_path / "member.zip"
    member.write_bytes(export_bytes(coalition=marivo, role="member", fmt="csv"))
    with pytest.raises(cld.RoleRefused, match="which the member role does not read"):
        cld.load(SLUG, role="member", source=analyst)
    with pytest.raises(cld.RoleRefused, match="written for a role that reads less than analyst"):
        cld.load(SLUG, role="analyst", source=member)
    data = cld.load(SLUG, role="viewer", source=member)
    hidden = data.engagements[~data.engagements["visible"]]
    assert len(hidden) > 0
    assert hidden["title"].isna().all() or (hidden["title"] == "").all()
    assert (hidden["counterparts"].map(len) == 0).all()
