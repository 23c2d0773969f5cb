"""The examples of docs/python-api.md run, against the demo coalition zembora in the test database
and a backup of it, and print what the page says they print."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest
from django.db import connection

from coalitionlens.coalitions.models import Coalition
from coalitionlens.data.tests.helpers import committed_demo, sqlite_backup
from coalitionlens.transfer.exports import export_bytes

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

DOC = Path(__file__).resolve().parents[3] / "docs" / "python-api.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def examples() -> str:
    blocks = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 4, "the page lost its examples"
    return "\n".join(blocks)


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the page's backup is a SQLite one (a pg_dump is refused)"
)
def test_the_examples_of_the_python_api_page_print_what_it_says(tmp_path, monkeypatch):
    committed_demo("zembora")
    sqlite_backup(tmp_path / "zembora.bak")  # what `coalitionlens backup -o zembora.bak` writes
    zembora = Coalition.objects.get(slug="zembora")
    for fmt, suffix in (("csv", "zip"), ("json", "json")):
        (tmp_path / f"zembora-analyst.{suffix}").write_bytes(
            export_bytes(coalition=zembora, role="analyst", fmt=fmt)
        )
    monkeypatch.chdir(tmp_path)
    test = doctest.DocTestParser().get_doctest(examples(), {}, str(DOC), str(DOC), 0)
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    result = runner.run(test, out=report.append)
    assert result.attempted >= 15
    assert result.failed == 0, "".join(report)
