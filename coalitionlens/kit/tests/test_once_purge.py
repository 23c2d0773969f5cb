"""`coalitionlens purge` deletes create forms' one-time keys past their retention (kit/once.py)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from coalitionlens.kit.models import OnceKey
from coalitionlens.kit.once import new_once_key, once_key_purge


def _key(user, age_days: float) -> OnceKey:
    row = OnceKey.objects.create(key=new_once_key(), user=user, path="/c/lens/engagements/new/")
    OnceKey.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - dt.timedelta(days=age_days)
    )
    return row


@pytest.mark.django_db
def test_keys_older_than_the_retention_go_and_younger_ones_stay(cast, settings):
    settings.COALITIONLENS_ONCE_KEY_RETENTION_DAYS = 7
    old = _key(cast.alice, 7.1)
    young = _key(cast.alice, 6.9)
    assert once_key_purge() == 1
    assert list(OnceKey.objects.values_list("key", flat=True)) == [young.key]
    assert not OnceKey.objects.filter(key=old.key).exists()


@pytest.mark.django_db
def test_the_retention_is_a_setting(cast, settings):
    settings.COALITIONLENS_ONCE_KEY_RETENTION_DAYS = 30
    _key(cast.alice, 8)
    assert once_key_purge() == 0


@pytest.mark.django_db(transaction=True)
def test_the_daily_purge_command_deletes_old_keys(cast):
    """The command as cron runs it: a real process on the same database."""
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database is not reachable from another process")
    _key(cast.alice, 10)
    _key(cast.alice, 1)
    settings_db = connection.settings_dict
    url = (
        f"postgresql://{settings_db['USER']}@{settings_db['HOST']}:{settings_db['PORT']}/"
        f"{settings_db['NAME']}"
    )
    ran = subprocess.run(
        [str(Path(sys.executable).parent / "coalitionlens"), "purge"],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert "Purged 1 one-time form keys." in ran.stdout
    assert OnceKey.objects.count() == 1
