"""Exporting a coalition's comparison column (a safe file): coordinators only, through the page
and the command line (the API: test_api_comparison_column.py); every export in the audit log."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from typer.testing import CliRunner

from coalitionlens.accounts.tests.helpers import signed_in_just_now
from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.cli.main import app
from coalitionlens.insights.comparison_file import FORMAT, column_read
from coalitionlens.insights.tests.helpers import grow

NOT_COORDINATORS = ["member", "analyst", "viewer"]


def _exports(coalition) -> int:
    return AuditEntry.objects.filter(action=Action.EXPORT, coalition_id=coalition.pk).count()


def test_a_coordinator_exports_the_column_from_the_page_after_a_recent_sign_in(client, cast):
    grow(cast.lens, 5)
    url = reverse("insights_compare_export", args=["lens"])
    client.force_login(cast.alice)
    page = client.get(reverse("insights_compare", args=["lens"]))
    assert url in page.content.decode()
    answer = client.post(url)
    assert answer.status_code == 302
    assert "reauthenticate" in answer["Location"]
    assert _exports(cast.lens) == 0
    signed_in_just_now(client, cast.alice)
    answer = client.post(url)
    assert answer.status_code == 200
    assert answer["Content-Disposition"].startswith('attachment; filename="comparison-column-')
    doc = json.loads(answer.content)
    assert doc["format"] == FORMAT
    assert (
        column_read(answer.content, name="x.json").facts["organisations"]
        == doc["facts"]["organisations"]
    )
    assert _exports(cast.lens) == 1


@pytest.mark.parametrize("role", NOT_COORDINATORS)
def test_no_other_role_exports_the_column_from_the_page(client, cast, role):
    grow(cast.lens, 5)
    who = cast.by_role()[role]
    client.force_login(who)
    signed_in_just_now(client, who)
    url = reverse("insights_compare_export", args=["lens"])
    assert url not in client.get(reverse("insights_compare", args=["lens"])).content.decode()
    assert client.post(url).status_code == 403
    assert _exports(cast.lens) == 0


def test_a_stranger_gets_404_for_the_export(client, cast):
    client.force_login(cast.dave)
    signed_in_just_now(client, cast.dave)
    assert client.post(reverse("insights_compare_export", args=["lens"])).status_code == 404


@pytest.mark.parametrize("role", NOT_COORDINATORS)
def test_the_command_line_exports_only_as_a_coordinator(cast, tmp_path, role):
    grow(cast.lens, 5)
    path = tmp_path / "lens.json"
    runner = CliRunner()
    args = ["compare", "lens", "--export-column", str(path)]
    refused = runner.invoke(app, [*args, "--role", role])
    assert refused.exit_code == 2
    assert "Only coordinators" in refused.output
    assert not path.exists()
    assert _exports(cast.lens) == 0
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    assert column_read(path.read_bytes(), name="lens.json").alias
    assert _exports(cast.lens) == 1
