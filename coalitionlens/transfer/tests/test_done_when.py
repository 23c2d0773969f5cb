"""Issue 17's Done-when: a workbook laid out as people keep them (a title above a two-row merged
header, an extra Contacts sheet, US dates, French sector values and one unknown value) imports
with the mapping and the date order given, through the CLI in a real process and through the web
mapping step, with exactly the right records and a warning naming the skipped sheet."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from coalitionlens.coalitions.models import Membership, Organisation
from coalitionlens.transfer.models import ImportBatch

pytestmark = pytest.mark.django_db

BIN = Path(sys.executable).parent
UNKNOWN = "Entr. privée"
WANT_ORGS = {
    "Riverside Legal Aid": "CIVIL_SOCIETY",
    "Harbour Trading Co": "BUSINESS",
    "Lotus Trading House": "BUSINESS",
}
WANT_MEMBERSHIPS = {
    ("Riverside Legal Aid", dt.date(2019, 3, 4), "ACTIVE"),
    ("Harbour Trading Co", dt.date(2020, 11, 2), "ACTIVE"),
    ("Lotus Trading House", dt.date(2021, 1, 12), "SUSPENDED"),
}


def _workbook() -> bytes:
    book = Workbook()
    members = book.active
    assert members is not None
    members.title = "Members 2025"
    members.append(["Copy coalition: members"])
    members.append([])
    members.append(["Organisation", "Sector", None, "Membership", None])
    members.append([None, None, None, "Joined", "Status"])
    members.merge_cells("A3:A4")
    members.merge_cells("B3:B4")
    members.merge_cells("D3:E3")
    members.append(["Riverside Legal Aid", "Société civile", None, "3/4/2019", "ACTIVE"])
    members.append(["Harbour Trading Co", "Entreprise", None, "11/2/2020", "ACTIVE"])
    members.append(["Lotus Trading House", UNKNOWN, None, "1/12/2021", "SUSPENDED"])
    contacts = book.create_sheet("Contacts")
    contacts.append(["Name", "E-mail", "Phone"])
    contacts.append(["Ana Example", "ana@example.org", "+855 12 000 000"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _env(data: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
        and not k.startswith(("COALITIONLENS_", "PYTEST"))
    }
    env["COALITIONLENS_DATA_DIR"] = str(data)
    return env


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


READ = """
import json, django
django.setup()
from coalitionlens.coalitions.models import Coalition, Membership, Organisation
{body}
"""


def _python(body: str, env: dict[str, str], cwd: Path) -> str:
    env = {**env, "DJANGO_SETTINGS_MODULE": "coalitionlens.web.settings"}
    return _run([sys.executable, "-c", READ.format(body=body)], env, cwd).stdout


def _cli_import(tmp_path: Path) -> None:
    """``coalitionlens import`` in a process of its own, on a data directory of its own."""
    data = tmp_path / "data"
    data.mkdir()
    env = _env(data)
    _python(
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "Coalition.objects.create(slug='copy', name='Copy', country='Elsewhere',"
        " region='EUROPE', governance_model='LEAD')",
        env,
        tmp_path,
    )
    book = tmp_path / "members.xlsx"
    book.write_bytes(_workbook())
    args = [str(BIN / "coalitionlens"), "import", "copy", str(book)]
    done = _run(
        [*args, "--map", f"sector:{UNKNOWN}=BUSINESS", "--date-order", "mdy"], env, tmp_path
    )
    assert "Contacts" in done.stdout + done.stderr
    got = json.loads(
        _python(
            "print(json.dumps({'orgs': dict(Organisation.objects.values_list('name',"
            " 'sector__code')), 'members': [[m.organisation.name, m.joined_on.isoformat(),"
            " m.status] for m in Membership.objects.select_related('organisation')]}))",
            env,
            tmp_path,
        )
    )
    assert got["orgs"] == WANT_ORGS
    assert {(n, dt.date.fromisoformat(d), s) for n, d, s in got["members"]} == WANT_MEMBERSHIPS


def _web_import(client: Any, cast: Any) -> None:
    client.force_login(cast.alice)
    response = client.post(
        reverse("transfer_import", args=["lens"]),
        {"file": SimpleUploadedFile("members.xlsx", _workbook()), "kind": ""},
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get(coalition=cast.lens)
    questions = batch.preview["questions"]
    assert [(q["column"], q["value"]) for q in questions["values"]] == [("sector", UNKNOWN)]
    assert len(questions["dates"]) == 1
    column = questions["dates"][0]["column"]
    response = client.post(
        reverse("importbatch_map", args=["lens", batch.pk]),
        {
            "column_0": "sector",
            "value_0": UNKNOWN,
            "code_0": "BUSINESS",
            f"order_{column}": "mdy",
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("importbatch_preview", args=["lens", batch.pk])).content.decode()
    assert 'data-testid="apply"' in html
    assert "Contacts" in html
    response = client.post(reverse("importbatch_apply", args=["lens", batch.pk]))
    assert response.status_code == 302
    orgs = Organisation.objects.filter(coalition=cast.lens).values_list("name", "sector__code")
    assert dict(orgs) == WANT_ORGS
    members = Membership.objects.filter(coalition=cast.lens).values_list(
        "organisation__name", "joined_on", "status"
    )
    assert set(members) == WANT_MEMBERSHIPS


@pytest.mark.slow
def test_a_workbook_as_people_keep_it_imports_right_through_the_cli_and_the_web(
    client: Any, cast: Any, tmp_path: Path
) -> None:
    _web_import(client, cast)
    if not os.environ.get("DATABASE_URL"):  # the process runs on SQLite files of its own
        _cli_import(tmp_path)
