"""Exports: every format opens where it should, confidential fields stay hidden, cells are safe."""

from __future__ import annotations

import io
import json
import zipfile

import igraph as ig
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from coalitionlens.coalitions.tests.factories import (
    OrganisationFactory,
    PartnershipFactory,
    core_sector,
)
from coalitionlens.engagements.models import Participation
from coalitionlens.engagements.tests.factories import EngagementFactory
from coalitionlens.transfer.exports import export_bytes
from coalitionlens.transfer.parse import unneutralise
from coalitionlens.transfer.writers import safe_cell, write_xlsx

pytestmark = pytest.mark.django_db


def _engagement(coalition, lead, counterpart, **kw):
    e = EngagementFactory(coalition=coalition, **kw)
    Participation.objects.filter(engagement=e).delete()
    Participation.objects.create(coalition=coalition, engagement=e, organisation=lead, role="LEAD")
    Participation.objects.create(
        coalition=coalition, engagement=e, organisation=counterpart, role="COUNTERPART"
    )
    return e


@pytest.fixture
def network(cast):
    ngo = OrganisationFactory(coalition=cast.lens, name="Riverside Legal Aid", faith_based=True)
    police = OrganisationFactory(
        coalition=cast.lens, name="Harbour Police Unit", sector=core_sector("LAW_ENFORCEMENT")
    )
    shop = OrganisationFactory(
        coalition=cast.lens, name="Port Traders", sector=core_sector("BUSINESS")
    )
    cast.lens.secretariat = ngo
    cast.lens.save()
    _engagement(cast.lens, ngo, police, title="Open briefing", confidentiality="INTERNAL")
    _engagement(cast.lens, ngo, police, title="Second briefing", confidentiality="INTERNAL")
    _engagement(
        cast.lens, ngo, shop, title="Raid planning with Port Traders", confidentiality="RESTRICTED"
    )
    PartnershipFactory(organisation=shop, level=4)
    return {"ngo": ngo, "police": police, "shop": shop}


def _orgs(cast):
    from coalitionlens.coalitions.models import Organisation

    return Organisation.objects.filter(coalition=cast.lens).count()


def test_graphml_opens_in_networkx_and_igraph_with_sector_and_tie_attributes(
    cast, network, tmp_path
):
    data = export_bytes(coalition=cast.lens, role="coordinator", fmt="graphml")
    graph = nx.read_graphml(io.BytesIO(data))
    ngo, police, shop = (str(network[k].pk) for k in ("ngo", "police", "shop"))
    assert graph.nodes[police]["macro_sector"] == "PUBLIC"
    assert graph.nodes[police]["sector"] == "LAW_ENFORCEMENT"
    assert graph.nodes[ngo]["faith_based"] is True
    assert graph.edges[ngo, police]["engagements"] == 2
    assert graph.edges[ngo, shop]["partnerships"] == 1
    assert graph.edges[ngo, shop]["kind"] == "engagements+partnerships"
    path = tmp_path / "lens.graphml"
    path.write_bytes(data)
    g = ig.Graph.Read_GraphML(str(path))
    assert g.vcount() == _orgs(cast) == graph.number_of_nodes()
    assert g.ecount() == graph.number_of_edges() == 2
    assert {"CIVIL", "PUBLIC", "PRIVATE"} <= set(g.vs["macro_sector"])
    assert "weight" in g.es.attributes()


def test_gexf_opens_in_networkx_and_igraph_and_follows_the_gexf_schema(cast, network):
    data = export_bytes(coalition=cast.lens, role="coordinator", fmt="gexf")
    graph = nx.read_gexf(io.BytesIO(data))
    assert graph.number_of_nodes() == _orgs(cast)
    assert graph.number_of_edges() == 2
    macro = {d["macro_sector"] for _n, d in graph.nodes(data=True)}
    assert {"CIVIL", "PUBLIC", "PRIVATE"} <= macro
    # igraph has no GEXF reader: it opens the networkx graph the file gives.
    g = ig.Graph.from_networkx(graph)
    assert g.vcount() == _orgs(cast)
    text = data.decode()
    assert 'xmlns="http://gexf.net/1.3"' in text
    assert "<attributes" in text
    assert 'class="edge"' in text
    assert 'class="node"' in text


def test_an_analyst_export_hides_what_an_analyst_may_not_read(cast, network):
    for fmt in ("xlsx", "csv", "json", "graphml", "gexf"):
        data = export_bytes(coalition=cast.lens, role="analyst", fmt=fmt)
        raw = (
            data
            if fmt != "csv"
            else b"".join(
                zipfile.ZipFile(io.BytesIO(data)).read(n)
                for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
            )
        )
        if fmt == "xlsx":
            book = load_workbook(io.BytesIO(data))
            raw = repr([list(r) for r in book["engagements"].iter_rows(values_only=True)]).encode()
        assert b"Raid planning" not in raw, fmt
    coordinator = json.loads(export_bytes(coalition=cast.lens, role="coordinator", fmt="json"))
    analyst = json.loads(export_bytes(coalition=cast.lens, role="analyst", fmt="json"))
    secret = next(e for e in analyst["engagements"] if e["confidentiality"] == "RESTRICTED")
    assert secret["title"] is None
    assert secret["counterparts"] == []
    assert secret["leads"] == ["Riverside Legal Aid"]
    assert any(e["title"].startswith("Raid") for e in coordinator["engagements"])
    graph = nx.read_graphml(
        io.BytesIO(export_bytes(coalition=cast.lens, role="analyst", fmt="graphml"))
    )
    ngo, shop = str(network["ngo"].pk), str(network["shop"].pk)
    assert graph.edges[ngo, shop]["engagements"] == 0  # the tie remains only as a partnership


def test_csv_export_is_a_zip_of_one_csv_per_kind_and_the_two_network_tables(cast, network):
    archive = zipfile.ZipFile(
        io.BytesIO(export_bytes(coalition=cast.lens, role="coordinator", fmt="csv"))
    )
    from coalitionlens.transfer.whole import EXTRA_COLUMNS

    kinds = ["engagements", "memberships", "organisations", "partnerships", *EXTRA_COLUMNS]
    # the four import kinds, the whole coalition's other records, and the two network tables
    assert sorted(archive.namelist()) == sorted(
        [f"{kind}.csv" for kind in kinds] + ["network-organisations.csv", "network-ties.csv"]
    )
    assert archive.read("organisations.csv").decode("utf-8-sig").startswith("name,acronym,sector")


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(max_size=30),
        st.text(alphabet="=+-@\t\r", min_size=1, max_size=3).flatmap(
            lambda p: st.text(max_size=20).map(lambda t: p + t)
        ),
    )
)
def test_no_text_cell_can_start_like_a_formula_and_the_import_gets_it_back(text):
    cell = safe_cell(text)
    assert not (isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"))
    assert unneutralise(cell) == text or (text.startswith("'") and text[1:2] in "=+-@\t\r")


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(-(10**9), 10**9), st.floats(allow_nan=False, allow_infinity=False, width=32)
        ),
        min_size=1,
        max_size=5,
    ),
    st.text(alphabet="=+-@abc", min_size=1, max_size=8),
)
def test_numbers_are_written_as_numbers_and_text_is_neutralised(numbers, text):
    from coalitionlens.transfer import writers

    original = writers.COLUMNS
    writers.COLUMNS = {
        "organisations": [type("C", (), {"key": f"c{i}"})() for i in range(len(numbers) + 1)]
    }
    try:
        row = {f"c{i}": n for i, n in enumerate(numbers)} | {f"c{len(numbers)}": text}
        data = write_xlsx({"organisations": [row]})
    finally:
        writers.COLUMNS = original
    cells = next(iter(load_workbook(io.BytesIO(data))["organisations"].iter_rows(min_row=2)))
    values = [c.value for c in cells]
    for written, number in zip(values, numbers, strict=False):
        assert isinstance(written, (int, float))
        assert not isinstance(written, bool)
        assert written == pytest.approx(number)
    # Text as typed, no apostrophe; a formula-like start is a text cell with the quote prefix.
    assert values[-1] == text
    assert cells[-1].data_type == "s"
    assert cells[-1].quotePrefix == text.startswith(("=", "+", "-", "@"))


def test_xlsx_keeps_formula_like_text_as_text_without_an_apostrophe_and_csv_neutralises_it(cast):
    from coalitionlens.transfer.writers import csv_text

    OrganisationFactory(
        coalition=cast.lens, name="-5 Street Shelter", notes="=1+1", city="+855 12 345"
    )
    data = export_bytes(coalition=cast.lens, role="coordinator", fmt="xlsx")
    sheet = load_workbook(io.BytesIO(data))["organisations"]
    head = [c.value for c in sheet[1]]
    row = {head[i]: c for i, c in enumerate(sheet[2])}
    for key, text in (("name", "-5 Street Shelter"), ("notes", "=1+1"), ("city", "+855 12 345")):
        assert row[key].value == text
        assert row[key].data_type == "s"
        assert row[key].quotePrefix is True
    assert row["sector"].quotePrefix is False
    text = csv_text("organisations", [{"name": "-5 Street Shelter", "notes": "=1+1"}])
    assert "'-5 Street Shelter" in text
    assert "'=1+1" in text
    # And the workbook imports back as it was.
    from coalitionlens.transfer.services import ImportFile, import_preview

    report = import_preview(coalition=cast.lens, file=ImportFile("back.xlsx", data))
    assert report.ok, [str(e) for e in report.errors]
    assert report.totals()["unchanged"] == 1
