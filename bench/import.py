"""Benchmark: importing 100,000 engagement rows from CSV into SQLite, against a raw executemany.

Run: ``.venv/bin/python bench/import.py`` (``make bench``); ``--rows N`` changes the size.

Both sides start from the same CSV file (100,000 engagements, each with a lead and a counterpart
among 300 organisations) in a fresh SQLite database configured as the product runs it (WAL,
IMMEDIATE transactions):

* **import** — ``transfer.services.import_apply``: sniffing, header matching, every value checked
  and coded, natural keys matched, ``full_clean`` on every record, bulk inserts, one transaction;
* **reference** — the same file read with the ``csv`` module, organisation names looked up in a
  dict, and two ``executemany`` INSERTs (engagements, participations) in one transaction, with no
  checks at all.

It prints both times and their ratio, and exits 1 unless the import takes at most 30 s and at most
5 × the reference.

``--synchronous`` prices durable commits instead (``PRAGMA synchronous=FULL``, the product's
setting, against NORMAL): the same import of ``--rows`` rows into a fresh coalition, ``--rounds``
times under each mode, interleaved (NORMAL, FULL, FULL, NORMAL, ...) so that a machine busier in one
moment than the next weighs on both; it prints each mode's median and the ratio FULL / NORMAL.

Run: ``.venv/bin/python bench/import.py --synchronous --rows 20000 --rounds 3``
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LIMIT_SECONDS = 30.0
LIMIT_RATIO = 5.0
PRACTICES = ["JOINT_EVENT", "POLICY_CONSULTATION", "TRAINING_GIVEN", "REFERRAL_PROTOCOL", "MOU"]
DOMAINS = ["AWARENESS", "PREVENTION", "RESEARCH", "INTERVENTION"]


def make_csv(rows: int, orgs: list[str], seed: int = 2019) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["date", "practice_type", "title", "leads", "counterparts", "domains", "outcome"]
    )
    start = dt.date(2015, 1, 1)
    for i in range(rows):
        lead, counterpart = rng.sample(orgs, 2)
        writer.writerow(
            [
                (start + dt.timedelta(days=rng.randrange(3650))).isoformat(),
                rng.choice(PRACTICES),
                f"Engagement {i:06d}",
                lead,
                counterpart,
                "; ".join(sorted(rng.sample(DOMAINS, 2))),
                "ACHIEVED",
            ]
        )
    return out.getvalue().encode()


def reference(data: bytes, coalition_id: int, org_ids: dict[str, int]) -> float:
    """csv + executemany with Django's own connection (same pragmas), no validation."""
    from django.db import connection, transaction
    from django.utils import timezone

    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        cursor = connection.cursor()
        reader = csv.reader(io.StringIO(data.decode()))
        next(reader)
        engagements, people = [], []
        for date, practice, title, lead, counterpart, domains, outcome in reader:
            engagements.append(
                (
                    coalition_id,
                    date,
                    practice,
                    title,
                    "",
                    json.dumps(domains.split("; ")),
                    "[]",
                    "COALITION",
                    outcome,
                    "",
                    "",
                    "INTERNAL",
                    now,
                    now,
                )
            )
            people.append((org_ids[lead], org_ids[counterpart]))
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM engagements_engagement")
        first_id = cursor.fetchone()[0] + 1
        cursor.executemany(
            "INSERT INTO engagements_engagement (coalition_id, date, practice_type, title,"
            " description, domains, four_ps, initiated_by, outcome, outcome_notes, follow_up,"
            " confidentiality, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            engagements,
        )
        cursor.executemany(
            "INSERT INTO engagements_participation (coalition_id, engagement_id,"
            " organisation_id, role) VALUES (?, ?, ?, ?)",
            [
                (coalition_id, first_id + i, org, role)
                for i, (lead, counterpart) in enumerate(people)
                for org, role in ((lead, "LEAD"), (counterpart, "COUNTERPART"))
            ],
        )
    return time.perf_counter() - started


def interleaved(rounds: int) -> list[str]:
    """NORMAL, FULL, FULL, NORMAL, NORMAL, FULL, ...: each mode first in half the rounds."""
    order: list[str] = []
    for i in range(rounds):
        order += ["NORMAL", "FULL"] if i % 2 == 0 else ["FULL", "NORMAL"]
    return order


def synchronous_costs(rows: int, rounds: int) -> int:
    """The import under synchronous=NORMAL and =FULL, interleaved; prints medians and the ratio."""
    import statistics

    from django.db import connection

    from coalitionlens.coalitions.models import Coalition, Organisation, Sector
    from coalitionlens.transfer.services import ImportFile, import_apply

    sector = Sector.objects.get(code="CIVIL_SOCIETY", coalition__isnull=True)
    names = [f"Organisation {i:03d}" for i in range(300)]
    data = make_csv(rows, names)
    times: dict[str, list[float]] = {"NORMAL": [], "FULL": []}
    for n, mode in enumerate(interleaved(rounds)):
        c = Coalition.objects.create(
            slug=f"bench-sync-{n}",
            name=f"bench-sync-{n}",
            country="Fictland",
            region="SOUTHEAST_ASIA",
            governance_model="NETWORK_ADMINISTRATIVE",
        )
        Organisation.objects.bulk_create(
            Organisation(coalition=c, name=name, sector=sector) for name in names
        )
        with connection.cursor() as cursor:  # what the init_command of each mode sets
            cursor.execute(f"PRAGMA synchronous={mode}")
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == {"NORMAL": 1, "FULL": 2}[mode]
        started = time.perf_counter()
        report = import_apply(coalition=c, file=ImportFile("bench.csv", data), actor=None)
        times[mode].append(time.perf_counter() - started)
        if not report.ok:
            print("import failed:", *[str(e) for e in report.errors[:5]], sep="\n  ")
            return 1
        print(f"  round {n // 2 + 1} {mode:6s} {times[mode][-1]:6.2f} s")
    normal, full = statistics.median(times["NORMAL"]), statistics.median(times["FULL"])
    print(f"{rows:,} rows, {rounds} imports per mode, interleaved; median of each:")
    print(f"synchronous=NORMAL: {normal:6.2f} s")
    print(f"synchronous=FULL:   {full:6.2f} s")
    print(f"ratio FULL / NORMAL: {full / normal:.2f} ×")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--synchronous", action="store_true", help="price synchronous=FULL against NORMAL"
    )
    parser.add_argument("--rounds", type=int, default=3, help="imports per mode (--synchronous)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="coalitionlens-bench-"))
    os.environ["DATABASE_URL"] = ""
    os.environ["COALITIONLENS_SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    os.environ["COALITIONLENS_DATA_DIR"] = str(workdir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "coalitionlens.web.settings"
    os.environ["COALITIONLENS_IMPORT_MAX_BYTES"] = str(1 << 30)
    # Past the caps of an upload (50,000 rows, 1,000,000 cells): this measures the import itself.
    os.environ["COALITIONLENS_IMPORT_MAX_ROWS"] = str(args.rows + 1)
    os.environ["COALITIONLENS_IMPORT_MAX_CELLS"] = str(7 * (args.rows + 1))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    if args.synchronous:
        return synchronous_costs(args.rows, args.rounds)
    from coalitionlens.coalitions.models import Coalition, Organisation, Sector
    from coalitionlens.engagements.models import Engagement, Participation
    from coalitionlens.transfer.services import ImportFile, import_apply

    sector = Sector.objects.get(code="CIVIL_SOCIETY", coalition__isnull=True)
    coalitions = []
    for slug in ("bench-import", "bench-raw"):
        c = Coalition.objects.create(
            slug=slug,
            name=slug,
            country="Fictland",
            region="SOUTHEAST_ASIA",
            governance_model="NETWORK_ADMINISTRATIVE",
        )
        Organisation.objects.bulk_create(
            Organisation(coalition=c, name=f"Organisation {i:03d}", sector=sector)
            for i in range(300)
        )
        coalitions.append(c)
    names = [f"Organisation {i:03d}" for i in range(300)]
    data = make_csv(args.rows, names)
    print(f"{args.rows:,} engagement rows, {len(data) / 2**20:.1f} MiB of CSV, SQLite at {workdir}")

    started = time.perf_counter()
    report = import_apply(coalition=coalitions[0], file=ImportFile("bench.csv", data), actor=None)
    imported = time.perf_counter() - started
    if not report.ok:
        print("import failed:", *[str(e) for e in report.errors[:5]], sep="\n  ")
        return 1
    raw_ids = dict(Organisation.objects.filter(coalition=coalitions[1]).values_list("name", "pk"))
    raw = reference(data, coalitions[1].pk, raw_ids)
    for c in coalitions:
        assert Engagement.objects.filter(coalition=c).count() == args.rows
        assert Participation.objects.filter(coalition=c).count() == 2 * args.rows
    ratio = imported / raw
    print(f"import (parse, check, full_clean, bulk insert): {imported:6.2f} s")
    print(f"reference (csv + executemany, no checks):       {raw:6.2f} s")
    print(f"ratio: {ratio:.2f} × (limits: {LIMIT_SECONDS:.0f} s, {LIMIT_RATIO:.0f} ×)")
    ok = imported <= LIMIT_SECONDS and ratio <= LIMIT_RATIO
    print("OK" if ok else "OVER THE LIMIT")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
