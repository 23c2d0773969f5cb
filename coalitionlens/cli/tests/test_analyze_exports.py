"""``coalitionlens analyze`` on the product's own exports, in a real process, gives the web app's
network table for the role that exported them: degree, betweenness and brokerage, by name.

Issue 11: the GraphML of zembora had 575 ties against the map's 585 (the membership ties to the
secretariat were missing), and analyze printed ids, because the export writes ``label`` and analyze
read ``name``.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from coalitionlens.accounts.models import User
from coalitionlens.coalitions.models import Coalition
from coalitionlens.demo.load import load_demo
from coalitionlens.transfer.exports import export_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SLUG = "marivo"
COALITIONLENS = Path(sys.executable).with_name("coalitionlens")
ROW = re.compile(
    r'<tr[^>]*><td><a href="[^"]+">(?P<name>[^<]*)</a></td><td>[^<]*</td>'
    r'<td class="text-end">(?P<degree>[^<]*)</td><td class="text-end">(?P<btw>[^<]*)</td>'
    r'<td class="text-end">[^<]*</td><td class="text-end">[^<]*</td>'
    r'<td class="text-end">(?P<brokerage>[^<]*)</td>'
)


@pytest.fixture
def marivo() -> Coalition:
    load_demo(only=[SLUG])
    return Coalition.objects.get(slug=SLUG)


def _read(text: str) -> float | None:
    """A number as the page writes it in English ("1,270", "29.23", "—")."""
    return None if text == "—" else float(text.replace(",", ""))


def ui_table(client: Any, role: str) -> dict[str, tuple[float | None, ...]]:
    """The network page's table as ``role`` reads it: name → (degree, betweenness, brokerage)."""
    client.force_login(User.objects.get(email=f"{role}@{SLUG}.demo"))
    body = client.get(reverse("insights_network", args=[SLUG])).content.decode()
    table = body.split('data-testid="network-table"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for m in ROW.finditer(table):
        assert "." not in m["degree"] + m["brokerage"], "a count shown with decimals"
        rows[html.unescape(m["name"])] = tuple(_read(m[k]) for k in ("degree", "btw", "brokerage"))
    assert len(rows) == table.count("<tr") - 1 > 30  # every row parsed (the head has one <tr>)
    return rows


def analyze(path: Path, tmp_path: Path) -> dict[str, Any]:
    """``coalitionlens analyze FILE --json`` as a person runs it: no test settings inherited."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env["COALITIONLENS_DATA_DIR"] = str(tmp_path / "data")
    result = subprocess.run(
        [str(COALITIONLENS), "analyze", str(path), "--json", "--permutations", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def measures(document: dict[str, Any]) -> dict[str, tuple[float | None, ...]]:
    return {
        org["name"]: (org["degree"], org["betweenness"], org["brokerage_total"])
        for org in document["organisations"]
    }


def same(cli: tuple[float | None, ...], ui: tuple[float | None, ...]) -> bool:
    """Counts equal; betweenness equal to the two decimals the page shows (its last digit rounded,
    from a figure ``analyze`` gives to four)."""
    (cd, cb, ck), (ud, ub, uk) = cli, ui
    if cd != ud or ck != uk or (cb is None) != (ub is None):
        return False
    return cb is None or ub is None or abs(cb - ub) <= 0.005 + 0.0001


@pytest.mark.parametrize(
    ("fmt", "suffix", "roles"),
    [
        ("graphml", "graphml", ("coordinator", "member")),
        ("gexf", "gexf", ("analyst",)),
        ("csv", "zip", ("viewer",)),
    ],
)
def test_analyze_on_an_export_gives_the_ui_network_table_of_the_same_role(
    client, marivo, tmp_path, fmt, suffix, roles
):
    for role in roles:
        path = tmp_path / f"{SLUG}-{role}.{suffix}"
        path.write_bytes(export_bytes(coalition=marivo, role=role, fmt=fmt))
        document = analyze(path, tmp_path)
        ui = ui_table(client, role)
        cli = measures(document)
        assert set(cli) == set(ui), f"{fmt} {role}: names differ (ids instead of names?)"
        differ = {name: (cli[name], ui[name]) for name in ui if not same(cli[name], ui[name])}
        assert not differ, f"{fmt} {role}: (analyze, UI) differ for {len(differ)}: {differ}"
        secretariat = marivo.secretariat
        assert document["network"]["secretariat"] in (str(secretariat.pk), secretariat.name)


def test_an_export_has_as_many_ties_as_the_map_for_every_role(client, marivo):
    import io

    import networkx as nx

    from coalitionlens.insights.networks import network_view

    ties = {}
    for role in ("coordinator", "analyst", "member", "viewer"):
        graph = nx.read_graphml(
            io.BytesIO(export_bytes(coalition=marivo, role=role, fmt="graphml"))
        )
        view = network_view(marivo, role)
        assert graph.number_of_edges() == view.summary["ties"], role
        ties[role] = graph.number_of_edges()
    # more is hidden from fewer roles
    assert ties["coordinator"] >= ties["analyst"] >= ties["member"] == ties["viewer"]
