"""``coalitionlens.data.load`` gives what the role's pages show: the analyst's network table (rows
and figures, to the digit the page writes), the directory's organisations, engagement fields masked
for a member exactly as the member's pages mask them; a role the source does not allow is refused;
the backup path: test_load_from_backup.py (issue 14)."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from typing import Any

import pandas as pd
import pytest
from django.urls import reverse

import coalitionlens.data as cld
from coalitionlens.accounts.models import User
from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Coalition
from coalitionlens.demo.load import load_demo
from coalitionlens.engagements.models import Engagement
from coalitionlens.insights.caching import clear_local
from coalitionlens.kit.masking import Hidden
from coalitionlens.kit.templatetags.lens import count, num

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SLUG = "zembora"
ROW = re.compile(
    r'<tr[^>]*><td><a href="[^"]+">(?P<name>[^<]*)</a></td><td>(?P<sector>[^<]*)</td>'
    r'<td class="text-end">(?P<degree>[^<]*)</td><td class="text-end">(?P<btw>[^<]*)</td>'
    r'<td class="text-end">(?P<ei>[^<]*)</td><td class="text-end">(?P<constraint>[^<]*)</td>'
    r'<td class="text-end">(?P<brokerage>[^<]*)</td>'
)


@pytest.fixture
def zembora() -> Coalition:
    load_demo(only=[SLUG])
    clear_local()
    return Coalition.objects.get(slug=SLUG)


def sign_in(client: Any, role: str) -> None:
    client.force_login(User.objects.get(email=f"{role}@{SLUG}.demo"))


def network_page(client: Any, role: str) -> list[tuple[str, ...]]:
    """The network page's table as ``role`` reads it, cell by cell, in page order."""
    sign_in(client, role)
    body = client.get(reverse("insights_network", args=[SLUG])).content.decode()
    table = body.split('data-testid="network-table"', 1)[1].split("</table>", 1)[0]
    rows = [tuple(html.unescape(v) for v in m.groups()) for m in ROW.finditer(table)]
    assert len(rows) == table.count("<tr") - 1 > 30  # every row parsed (the head has one <tr>)
    return rows


def as_page_writes(data: cld.CoalitionData) -> list[tuple[str, ...]]:
    """The measures frame written as the page writes a row, highest betweenness first."""

    def four(x: Any) -> Any:  # the page's rows carry four decimals before the template's digits
        return None if x is None or x != x else round(float(x), 4)

    frame = data.measures.sort_values("betweenness", ascending=False)
    return [
        (
            r["name"],
            str(vocab.SECTOR_LABELS.get(r["sector"], r["sector"])),
            count(int(r["degree"])),
            num(four(r["betweenness"])),
            num(four(r["ei_index"])),
            num(four(r["constraint"])),
            count(int(r["brokerage_total"])),
        )
        for _, r in frame.iterrows()
    ]


def test_the_analyst_gets_the_rows_and_figures_of_the_analyst_network_page(client, zembora):
    data = cld.load(SLUG, role="analyst")
    page = network_page(client, "analyst")
    assert sorted(as_page_writes(data)) == sorted(page)
    assert len(data.ties) == data.summary["ties"]
    assert set(data.ties["source"]) | set(data.ties["target"]) <= set(data.measures.index)


def directory_names(client: Any) -> set[str]:
    """The names the directory's pages list, page after page, to the signed-in client."""
    shown: set[str] = set()
    for page in range(1, 50):
        body = client.get(reverse("organisation_list", args=[SLUG]), {"page": page}).content
        names = set(
            re.findall(r'<a href="/c/zembora/organisations/\d+/">([^<]+)</a>', body.decode())
        )
        if names <= shown:
            break
        shown |= {html.unescape(n) for n in names}
    return shown


def test_the_analyst_gets_the_organisations_of_the_directory_pages(client, zembora):
    data = cld.load(SLUG, role="analyst")
    sign_in(client, "analyst")
    shown = directory_names(client)
    assert shown == set(data.organisations["name"])
    assert list(data.organisations["id"]) == sorted(data.measures.index)
    assert len(data.memberships) == zembora.memberships.count() > 0
    assert len(data.partnerships) == zembora.partnerships.count() > 0


def test_a_member_sees_confidential_engagement_fields_masked_as_on_the_member_pages(
    client, zembora
):
    from coalitionlens.engagements.selectors import engagements_for

    data = cld.load(SLUG, role="member").engagements.set_index("id")
    pages = {e.pk: e for e in engagements_for(coalition=zembora, role="member")}
    assert set(data.index) == set(pages)
    masked = [pk for pk, e in pages.items() if isinstance(e.title, Hidden)]
    assert masked, "the demo coalition has confidential engagements"
    for pk, e in pages.items():
        row = data.loc[pk]
        for field in ("title", "outcome", "follow_up", "description", "outcome_notes"):
            if isinstance(getattr(e, field), Hidden):
                assert pd.isna(row[field]), (pk, field)
            elif getattr(e, field):
                assert row[field] == getattr(e, field), (pk, field)
        assert row["visible"] == (pk not in masked)
        if pk in masked:
            assert row["counterparts"] == ()
    # The member's own page of a masked engagement hides the title the frame leaves empty; the
    # analyst reads it (a confidential one: a restricted one is the coordinator's alone).
    pk = next(
        pk for pk in masked if pages[pk].confidentiality == vocab.Confidentiality.CONFIDENTIAL
    )
    secret = Engagement.objects.get(pk=pk).title
    sign_in(client, "member")
    body = client.get(reverse("engagement_detail", args=[SLUG, pk])).content.decode()
    assert secret not in html.unescape(body)
    analyst = cld.load(SLUG, role="analyst").engagements.set_index("id")
    assert analyst.loc[pk, "title"] == secret
    assert analyst.loc[pk, "visible"]


def test_a_role_that_is_no_coalition_role_is_refused(db):
    with pytest.raises(cld.RoleRefused, match="not a coalition role"):
        cld.load(SLUG, role="admin")


def test_an_unknown_coalition_says_which_there_are(db):
    from coalitionlens.coalitions.tests.factories import CoalitionFactory

    CoalitionFactory(slug="lens")
    with pytest.raises(cld.SourceError, match=r"'nowhere'.*lens"):
        cld.load("nowhere", role="analyst")


def test_a_file_that_is_no_backup_nor_export_is_refused(db, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a backup")
    with pytest.raises(cld.SourceError, match="neither a backup"):
        cld.load(SLUG, role="analyst", source=path)
    pg = tmp_path / "pg.bak"
    pg.write_bytes(b"PGDMP" + b"\0" * 20)
    with pytest.raises(cld.SourceError, match="PostgreSQL backup"):
        cld.load(SLUG, role="analyst", source=pg)
    with pytest.raises(cld.SourceError, match="no such file"):
        cld.load(SLUG, role="analyst", source=tmp_path / "missing.bak")


def test_the_network_converts_to_igraph_and_networkx_and_the_object_is_frozen(zembora):
    data = cld.load(SLUG, role="analyst")
    graph = data.to_igraph()
    assert graph.vcount() == len(data.measures)
    assert graph.ecount() == len(data.ties)
    assert graph.vs["id"] == list(data.measures.index)
    secretariat = graph.vs.find(id=data.secretariat)
    assert secretariat.degree() == data.measures.loc[data.secretariat, "degree"]
    nxg = data.to_networkx()
    assert nxg.number_of_nodes() == len(data.measures)
    assert nxg.number_of_edges() == len(data.ties)
    assert nxg.degree(data.secretariat) == data.measures.loc[data.secretariat, "degree"]
    # and the object is frozen
    with pytest.raises(AttributeError):
        data.role = "coordinator"  # type: ignore[misc]
    with pytest.raises(TypeError):
        data.summary["ties"] = 0  # type: ignore[index]


def test_importing_the_package_loads_no_django_pandas_or_igraph():
    code = (
        "import sys, coalitionlens.data; "
        "print(sorted(m for m in ('django', 'pandas', 'igraph', 'networkx') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
