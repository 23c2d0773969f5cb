"""Benchmark: scoring and suppression of one survey round of 500 respondents, each rating 50 partners.

Run: ``.venv/bin/python bench/surveys.py`` (``--repeat N``, ``--threads N``). The round is generated
from a seed (500 organisations, one respondent each, all answering every instrument). Prints the
median seconds of :func:`coalitionlens.surveys.scoring.score_round` (every score, every suppression,
k = 5) over the repeats, after one warm-up run, and the ratio to the 1 s target.

BLAS runs single-threaded by default: on a small shared machine a multi-threaded eigensolver spends
more time waiting than working. ``--threads`` sets it before numpy is imported.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

TARGET_SECONDS = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(args.threads))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

    from coalitionlens.surveys.scoring import RoundData, score_round
    from coalitionlens.surveys.synthetic import random_snapshot

    snapshot = random_snapshot(
        seed=args.seed, organisations=500, respondents=500, partners=50, response_rate=1.0
    )
    ties = len(snapshot["relationship"]["target"])
    score_round(RoundData.from_snapshot(snapshot), k=5)  # warm-up: imports, caches
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        results = score_round(RoundData.from_snapshot(snapshot), k=5)
        times.append(time.perf_counter() - start)
    cells = results.cells()
    hidden = sum(c.hidden for c in cells)
    median = statistics.median(times)
    print(
        f"survey round: 500 respondents x 50 partners = {ties} ratings, {len(cells)} cells, {hidden} hidden"
    )
    print(
        f"scoring + suppression (k=5): median {median:.3f} s over {args.repeat} runs "
        f"(min {min(times):.3f}, max {max(times):.3f}); target {TARGET_SECONDS:.1f} s, "
        f"ratio {median / TARGET_SECONDS:.2f}"
    )


if __name__ == "__main__":
    main()
