"""A process that has set Django up once and forks a child per command, so each kill costs no start-up.

The harness starts it with the scenario's environment and writes one JSON line per command on its
standard input: ``{"argv": [...], "out": PATH}`` runs ``coalitionlens ARGV`` (the real CLI, in a
forked child that starts its own session so that a kill reaches its subprocesses, such as pg_dump),
``{"manage": [...], "out": PATH}`` a management command (the task worker). It answers ``pid N`` for
each child and ``exit N CODE`` when one ends. The child is an ordinary process: it opens its own
database connection and is killed with SIGKILL like any other.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from typing import Any


def _child(command: dict[str, Any]) -> int:
    os.setsid()
    fd = os.open(str(command["out"]), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    sys.stdin.close()
    try:
        if "manage" in command:
            from django.core.management import call_command

            if list(command["manage"])[:1] == ["db_worker"]:
                # Django was set up before this child became a worker, so ReportsConfig.ready
                # did not see "db_worker" in the arguments: start what it starts in a worker.
                from coalitionlens.reports.tasks import reaper_start

                reaper_start()

            call_command(*list(command["manage"]))
            return 0
        from coalitionlens.cli.main import app

        app(args=list(command["argv"]), prog_name="coalitionlens")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
        return 1
    return 0


def _reap(lock: threading.Lock) -> None:
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            threading.Event().wait(0.02)
            continue
        with lock:
            print(f"exit {pid} {os.waitstatus_to_exitcode(status)}", flush=True)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalitionlens.web.settings")
    import django

    django.setup()
    # What the commands import, loaded once before the first fork.
    from django.db import connections

    import coalitionlens.cli.main
    import coalitionlens.reports.images
    import coalitionlens.reports.rendering
    import coalitionlens.reports.tasks
    import coalitionlens.transfer.backup
    import coalitionlens.transfer.services  # noqa: F401

    connections.close_all()
    lock = threading.Lock()
    threading.Thread(target=_reap, args=(lock,), daemon=True).start()
    print("ready", flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        with lock:
            pid = os.fork()
            if pid == 0:
                sys.stdout.flush()
                os._exit(_child(command))
            print(f"pid {pid}", flush=True)


if __name__ == "__main__":
    main()
