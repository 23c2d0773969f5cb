"""A backup (``coalitionlens backup``) loads into the frames the database it was taken from gives,
for every role, read through the same path; the live database is read again afterwards."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest
from django.db import connection

import coalitionlens.data as cld
from coalitionlens.data.tests.helpers import committed_demo, sqlite_backup
from coalitionlens.engagements.models import Engagement
from coalitionlens.insights.caching import clear_local

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="a PostgreSQL backup is a pg_dump, refused by load"
    ),
]

SLUG = "zembora"
FRAMES = ("organisations", "memberships", "partnerships", "engagements", "ties", "measures")


def test_a_backup_gives_the_frames_the_database_gives(tmp_path):
    committed_demo(SLUG)
    backup = sqlite_backup(tmp_path / "zembora.bak")
    for role in ("analyst", "member"):
        live = cld.load(SLUG, role=role)
        restored = cld.load(SLUG, role=role, source=backup)
        assert (restored.source, live.source) == ("backup", "database")
        for frame in FRAMES:
            pd.testing.assert_frame_equal(getattr(restored, frame), getattr(live, frame))
        assert dict(restored.summary) == dict(live.summary)
        assert restored.secretariat == live.secretariat
    # The live database is read again afterwards, and the backup stays what it was.
    Engagement.objects.filter(coalition__slug=SLUG).delete()
    clear_local()
    assert len(cld.load(SLUG, role="analyst").engagements) == 0
    assert len(cld.load(SLUG, role="analyst", source=backup).engagements) > 0


def test_a_backup_refuses_a_role_that_is_no_coalition_role(tmp_path):
    committed_demo("marivo")
    backup = sqlite_backup(tmp_path / "marivo.bak")
    with pytest.raises(cld.RoleRefused, match="not a coalition role"):
        cld.load("marivo", role="platform-admin", source=backup)
    with pytest.raises(
        cld.SourceError, match=r"no coalition with the short name 'zembora'.*marivo"
    ):
        cld.load("zembora", role="analyst", source=backup)


def test_a_notebook_loads_a_backup_with_no_server_and_no_settings(tmp_path):
    """As an analyst runs it: a fresh Python, no Django settings in the environment, no database
    of its own; Django is set up on the first ``load``."""
    committed_demo("marivo")
    backup = sqlite_backup(tmp_path / "marivo.bak")
    expected = cld.load("marivo", role="analyst")
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env["COALITIONLENS_DATA_DIR"] = str(tmp_path / "data")
    code = (
        "import coalitionlens.data as cld; "
        f"d = cld.load('marivo', role='analyst', source={str(backup)!r}); "
        "print(len(d.organisations), len(d.ties), round(float(d.measures['betweenness'].sum()), 4))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    betweenness = round(float(expected.measures["betweenness"].sum()), 4)
    assert result.stdout.split() == [
        str(len(expected.organisations)),
        str(len(expected.ties)),
        str(betweenness),
    ]
