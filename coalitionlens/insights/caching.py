"""The cache of the insight pages' computed parts: analyses, tables, findings, charts, JSON.

Every entry is keyed by the coalition, the reader's *visibility class* (which confidentiality classes
the role may read, and of which it may read the sensitive fields: members and viewers see fewer
engagements than coordinators and analysts, so they never share an entry), the language, the date,
whatever else the part depends on (filters, thresholds, the survey k and bands in force) and the
coalition's *data stamp*: one query that changes whenever a record of the coalition is added,
changed or removed (row counts, largest ids, latest ``updated_at``, the latest audited write, the
closed survey rounds and the latest close). A stale entry is never read again: a write changes the
stamp, hence the key. Charts are keyed on their numbers, the language, their size and the *font
stamp* (:func:`coalitionlens.insights.fonts.font_stamp`): a chart drawn before a font changed (or
while one was missing, in boxes) is drawn again.

Two levels: the shared database cache (``CACHES``), so one process's work serves the others, and in
front of it a small least-recently-used dictionary per process, so a large object (a DataFrame, an
SVG) is not unpickled on every request. Entries of the dictionary are shared between threads and
must be treated as read-only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection
from django.utils.translation import get_language

from coalitionlens.accounts.permissions import CONFIDENTIAL_READERS, may_read_sensitive
from coalitionlens.audit.models import AuditEntry
from coalitionlens.coalitions.models import (
    Coalition,
    Funding,
    GovernmentSeat,
    Membership,
    Observation,
    Organisation,
    Partnership,
    UnitMember,
)
from coalitionlens.engagements.models import Engagement, Participation
from coalitionlens.engagements.selectors import readable_classes
from coalitionlens.insights.fonts import font_stamp
from coalitionlens.surveys.conf import survey_bands, survey_k
from coalitionlens.surveys.models import RoundStatus, SurveyRound

__all__ = [
    "cached",
    "chart_key",
    "clear_local",
    "data_stamp",
    "data_stamps",
    "scoped_key",
    "visibility",
]

T = TypeVar("T")

#: Entries kept per process. A network analysis of a large coalition is a few MB at most.
LOCAL_SIZE = 256
TIMEOUT = 7 * 24 * 3600
#: Part of every key: bump it when the shape of a cached value changes, so that a new release never
#: reads what an older one stored in the shared cache.
SHAPE = 6
WRITES = ["create", "update", "delete", "import"]

_local: OrderedDict[str, Any] = OrderedDict()
_lock = threading.Lock()


def clear_local() -> None:
    """Empty this process's dictionary (tests: ids and stamps repeat after a rollback)."""
    with _lock:
        _local.clear()


def visibility(role: str | None) -> str:
    """The visibility class of a role: two roles with the same class read the same records."""
    sensitive = [c for c in CONFIDENTIAL_READERS if may_read_sensitive(role, c)]
    return ",".join(sorted(readable_classes(role))) + "/" + ",".join(sorted(sensitive))


def _stamp_sql(n: int) -> str:
    q = connection.ops.quote_name
    marks = ", ".join(["%s"] * n)

    def part(tag: str, model: Any, *, updated: bool = False) -> str:
        table = q(model._meta.db_table)
        latest = f"CAST(MAX({q('updated_at')}) AS VARCHAR(40))" if updated else "NULL"
        return (
            f"SELECT '{tag}', {q('coalition_id')}, COUNT(*), MAX({q('id')}), {latest} FROM {table} "  # noqa: S608 -- quoted identifiers from model metadata; values are parameters  # nosec B608
            f"WHERE {q('coalition_id')} IN ({marks}) GROUP BY {q('coalition_id')}"
        )

    audit = q(AuditEntry._meta.db_table)
    actions = ", ".join(f"'{a}'" for a in WRITES)
    # Only quoted identifiers and constants are formatted in; the ids are parameters.
    parts = [
        f"SELECT 'a', {q('coalition_id')}, 0, MAX({q('id')}), NULL FROM {audit} "  # noqa: S608 -- quoted identifiers from model metadata; values are parameters  # nosec B608
        f"WHERE {q('coalition_id')} IN ({marks}) AND {q('action')} IN ({actions}) "
        f"GROUP BY {q('coalition_id')}",
        f"SELECT 'c', {q('id')}, 0, {q('secretariat_id')}, NULL FROM "  # noqa: S608 -- quoted identifiers from model metadata; values are parameters  # nosec B608
        f"{q(Coalition._meta.db_table)} WHERE {q('id')} IN ({marks})",
        part("e", Engagement, updated=True),
        part("o", Organisation, updated=True),
        part("p", Participation),
        part("m", Membership),
        part("s", Partnership),
        part("g", GovernmentSeat),
        part("u", UnitMember),
        part("b", Observation),
        part("f", Funding, updated=True),
        # Closed survey rounds: findings and the comparison read the latest one's results, so a
        # close (or a closed round removed) changes the stamp.
        f"SELECT 'r', {q('coalition_id')}, COUNT(*), MAX({q('id')}), "  # noqa: S608 -- quoted identifiers from model metadata; values are parameters  # nosec B608
        f"CAST(MAX({q('closed_at')}) AS VARCHAR(40)) FROM {q(SurveyRound._meta.db_table)} "
        f"WHERE {q('coalition_id')} IN ({marks}) AND {q('status')} = '{RoundStatus.CLOSED.value}' "
        f"GROUP BY {q('coalition_id')}",
    ]
    return " UNION ALL ".join(parts)


def data_stamps(pks: Iterable[int]) -> dict[int, str]:
    """Coalition id → a short digest that changes whenever one of its records does. One query."""
    ids = sorted({int(pk) for pk in pks})
    if not ids:
        return {}
    rows: dict[int, list[tuple[Any, ...]]] = {pk: [] for pk in ids}
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql(len(ids)), ids * 12)
        for tag, pk, n, top, latest in cursor.fetchall():
            rows[int(pk)].append((tag, int(n or 0), top, str(latest)))
    return {pk: hashlib.sha256(repr(sorted(r)).encode()).hexdigest()[:16] for pk, r in rows.items()}


def data_stamp(coalition: Coalition) -> str:
    """The data stamp of one coalition (see :func:`data_stamps`)."""
    return data_stamps([coalition.pk])[coalition.pk]


def scoped_key(
    kind: str,
    coalition: Coalition,
    role: str | None,
    *parts: Any,
    stamp: str | None = None,
    today: dt.date | None = None,
) -> str:
    """The key of a part computed for ``coalition`` as ``role`` may see it, in the active language."""
    stamp = stamp if stamp is not None else data_stamp(coalition)
    today = today or dt.date.today()
    # The survey k and bands: a raised k must never serve figures suppressed at a lower one.
    survey = (survey_k(), survey_bands())
    raw = repr(
        (coalition.pk, visibility(role), get_language(), today.isoformat(), parts, survey, stamp)
    )
    return f"insights:{SHAPE}:{kind}:" + hashlib.sha256(raw.encode()).hexdigest()


def chart_key(signature: str, size: str, *, fonts: str | None = None) -> str:
    """The key of a chart drawn from numbers whose signature is ``signature`` (the numbers a role
    may see: two roles seeing the same numbers share the drawing), in the active language, at
    ``size``, with the shipped fonts (``fonts``: their stamp, by default the installed set's)."""
    fonts = fonts if fonts is not None else font_stamp()
    raw = f"{get_language()}|{size}|{fonts}|{signature}"
    return f"insights:{SHAPE}:chart:" + hashlib.sha256(raw.encode()).hexdigest()


def cached(key: str, build: Callable[[], T], *, timeout: int = TIMEOUT) -> T:
    """The value under ``key``: from this process, else the shared cache, else ``build()``."""
    with _lock:
        if key in _local:
            _local.move_to_end(key)
            return _local[key]
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=timeout)
    with _lock:
        _local[key] = value
        while len(_local) > LOCAL_SIZE:
            _local.popitem(last=False)
    return value
