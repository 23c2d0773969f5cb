"""Django's SQLite backend, whose errors pass :class:`~coalitionlens.web.faults.NotesFaults` on
their way up (so that a full disk met by a write someone ignores still answers 503)."""

from __future__ import annotations

from django.db.backends.sqlite3 import base

from coalitionlens.web.faults import NotesFaults


class DatabaseWrapper(NotesFaults, base.DatabaseWrapper):
    pass
