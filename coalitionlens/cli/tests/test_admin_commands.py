from __future__ import annotations

import pytest
from typer.testing import CliRunner

from coalitionlens.cli.main import app
from coalitionlens.coalitions.models import Coalition

runner = CliRunner()


@pytest.mark.django_db
def test_delete_coalition_asks_for_confirmation_then_deletes_only_that_one(cast):
    refused = runner.invoke(app, ["delete-coalition", "lens"])
    assert refused.exit_code == 1
    assert Coalition.objects.filter(slug="lens").exists()
    done = runner.invoke(app, ["delete-coalition", "lens", "--yes"])
    assert done.exit_code == 0, done.output
    assert not Coalition.objects.filter(slug="lens").exists()
    assert Coalition.objects.filter(slug="other").exists()


@pytest.mark.django_db
def test_delete_coalition_names_an_unknown_slug(cast):
    result = runner.invoke(app, ["delete-coalition", "nowhere", "--yes"])
    assert result.exit_code == 2
    assert "nowhere" in result.output


@pytest.mark.django_db
def test_purge_reports_what_it_deleted(cast):
    result = runner.invoke(app, ["purge"])
    assert result.exit_code == 0
    assert "Purged 0 audit entries" in result.output
    assert "Purged 0 ended access tokens." in result.output
