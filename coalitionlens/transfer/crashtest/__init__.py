"""Crash harness: SIGKILL the product mid-operation, again and again, and check what survived.

Run: ``python -m coalitionlens.transfer.crashtest --engine sqlite|postgresql --runs 20
[--scenario NAME]`` (``.ci/run`` runs every scenario on both engines).

Every kill is proven to have landed mid-operation: the process is first stopped (SIGSTOP), the phase
of its operation is read from the database and from what the client or the command had been told
(write transaction open, committed but not acknowledged, not begun, acknowledged), and then it is
killed (SIGKILL). Kills that did not land between "begun" and "acknowledged" are counted as missed
and the run is tried again with a new kill time (at most five times). Per scenario it prints the
kills that landed, the writes acknowledged, and how many were lost, duplicated or half-written; it
exits 1 when any was, or when fewer than 15 of 20 kills (three in four) landed.

The scenarios (one module each):

* ``cli-import`` (:mod:`.imports`): ``coalitionlens import`` of a CSV.
* ``web-import`` (:mod:`.web_import`): upload, preview and apply through a real ``coalitionlens
  serve``, the server killed during "Apply".
* ``web-creates`` (:mod:`.web_creates`): engagement create forms posted with their one-time key,
  each unacknowledged post resent with the same key after the restart.
* ``backup`` (:mod:`.backups`): ``coalitionlens backup`` while an import writer writes.
* ``survey`` (:mod:`.survey`): respondents answering and submitting through their links.
* ``report-worker`` (:mod:`.reports`): the task worker killed while it makes a report.

Each scenario runs in its own database, copied from one migrated template per engine and dropped at
the end (:mod:`.harness`).
"""
