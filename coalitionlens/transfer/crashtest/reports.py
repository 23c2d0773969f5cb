"""Scenario ``report-worker``: the task worker killed while it makes a report.

Needs the report worker's lease (h13c: an expired lease is taken over by a worker, retried once,
then marked FAILED with a reason). That work was not ready to merge when this harness was written,
so the scenario reports itself skipped, with the reason, rather than pretend.
"""

from __future__ import annotations

import random

from coalitionlens.transfer.crashtest.harness import Engine, Tally

REASON = "needs the report worker's lease (branch h13c), not merged: no READY commit by 15:00 UTC"


def run(engine: Engine, runs: int, rng: random.Random) -> Tally:
    tally = Tally("report-worker", engine.name)
    tally.skipped = REASON
    return tally
