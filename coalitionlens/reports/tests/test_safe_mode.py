"""Safe mode (SAFETY.md): no organisation name in any output, the same alias every time."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from coalitionlens.coalitions.aliases import alias_map, alias_secret
from coalitionlens.coalitions.models import Organisation
from coalitionlens.reports.services import report_build


def _pdf_text(data: bytes, tmp_path) -> bytes:
    path = tmp_path / "safe.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    return out


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")
@pytest.mark.parametrize("lang", ["en", "km"])
def test_no_safe_mode_output_holds_an_organisation_name(marivo, tmp_path, lang):
    names = list(Organisation.objects.filter(coalition=marivo).values_list("name", flat=True))
    assert len(names) > 20
    outputs = {
        fmt: report_build(coalition=marivo, role="coordinator", fmt=fmt, lang=lang, safe=True)
        for fmt in ("html", "csv", "pdf")
    }
    outputs["pdf-text"] = _pdf_text(outputs["pdf"], tmp_path)
    for fmt, data in outputs.items():
        for name in names:
            assert name.encode("utf-8") not in data, f"{name!r} in the safe {fmt}"
    # The brokers' table names them by alias (the code part is the same in every language).
    ids = Organisation.objects.filter(coalition=marivo).values_list("id", "sector__macro_sector")
    codes = [a.rsplit(" ", 1)[1] for a in alias_map(alias_secret(marivo), list(ids)).values()]
    assert any(code.encode() in outputs["html"] for code in codes)


def test_the_normal_report_does_name_organisations(marivo):
    names = Organisation.objects.filter(coalition=marivo).values_list("name", flat=True)
    html = report_build(coalition=marivo, role="coordinator", fmt="html", lang="en").decode()
    assert any(name in html for name in names)


def test_an_organisation_keeps_its_alias_across_reports(marivo):
    secret = alias_secret(marivo)
    assert alias_secret(marivo) == secret  # stored once per coalition
    orgs = [(1, "CIVIL"), (2, "PUBLIC")]
    first = alias_map(secret, orgs)
    later = alias_map(secret, [*reversed(orgs), (3, "PRIVATE")])  # a new organisation joined
    assert all(later[pk] == alias for pk, alias in first.items())
    assert first[1].startswith("Civil society org. ")
    assert first[1] != alias_map("another secret", orgs)[1]
