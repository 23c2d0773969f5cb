"""The GraphML and GEXF exports are valid against the official schemas (copies in ``schemas/``).

The schemas are read from this folder only: their imports of each other by URL are mapped to the
local copies, so the check needs no network.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import xmlschema

from coalitionlens.transfer.exports import export_bytes
from coalitionlens.transfer.tests.test_exports import network  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).with_name("schemas")
GRAPHML_URL = "http://graphml.graphdrawing.org/xmlns/1.1/"


def _local(url: str) -> str:
    if url.startswith(GRAPHML_URL):
        return str(SCHEMAS / "graphml-1.1" / url.removeprefix(GRAPHML_URL))
    return url


def schema(fmt: str) -> xmlschema.XMLSchema:
    if fmt == "graphml":
        path = SCHEMAS / "graphml-1.1" / "graphml.xsd"
    else:
        path = SCHEMAS / "gexf-1.3" / "gexf.xsd"
    return xmlschema.XMLSchema(
        str(path), uri_mapper=_local, allow="sandbox", base_url=str(path.parent)
    )


def _errors(fmt: str, data: bytes) -> list[str]:
    return [str(e.reason) for e in schema(fmt).iter_errors(data.decode())]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_the_network_export_is_valid_against_the_official_schema(cast, network, fmt):  # noqa: F811
    data = export_bytes(coalition=cast.lens, role="coordinator", fmt=fmt)
    assert _errors(fmt, data) == []


def test_graphml_booleans_are_written_as_the_schema_spells_them(cast, network):  # noqa: F811
    text = export_bytes(coalition=cast.lens, role="coordinator", fmt="graphml").decode()
    assert 'attr.type="boolean"' in text
    assert ">True<" not in text
    assert ">False<" not in text
    assert ">true<" in text
    assert ">false<" in text


@pytest.mark.parametrize(
    ("fmt", "good", "broken"),
    [
        ("graphml", 'edgedefault="', 'edgedefault="sideways" x="'),
        ("gexf", 'defaultedgetype="', 'defaultedgetype="sideways" x="'),
    ],
)
def test_the_check_fails_on_a_broken_copy(cast, network, fmt, good, broken):  # noqa: F811
    data = export_bytes(coalition=cast.lens, role="coordinator", fmt=fmt)
    assert good.encode() in data
    errors = _errors(fmt, data.replace(good.encode(), broken.encode(), 1))
    assert errors
