"""A backup (``coalitionlens backup``) loads into the frames the database it was taken from gives,
for every role, read through the same path; the live database is read again afterwards."""

from __future__ import annotations

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
