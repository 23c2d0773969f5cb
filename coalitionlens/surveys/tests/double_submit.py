"""Two threads give consent and save the same page at the same moment; prints the row counts.

Run by test_survey_services on SQLite against a database *file* (WAL, IMMEDIATE transactions, busy
timeout): the in-memory test database shares one cache between threads, which locks tables instead
of queueing writers, so it cannot stand for a real server.

    COALITIONLENS_SQLITE_PATH=/tmp/x.sqlite3 python -m coalitionlens.surveys.tests.double_submit
"""

from __future__ import annotations

import json
import os
import threading


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalitionlens.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    print(json.dumps(run_double_submit()))


def run_double_submit() -> dict[str, int]:
    import datetime as dt

    from django.db import connection

    from coalitionlens.coalitions.models import Coalition, Organisation, Sector
    from coalitionlens.surveys import services
    from coalitionlens.surveys.answering import AnswerIn
    from coalitionlens.surveys.models import Answer, Consent, Respondent, Response, SurveyRound

    coalition = Coalition.objects.create(
        slug=f"double-{os.getpid()}-{threading.get_ident()}",
        name="Double",
        country="X",
        region="SOUTHEAST_ASIA",
        governance_model="LEAD_ORGANISATION",
    )
    org = Organisation.objects.create(
        coalition=coalition,
        name="A",
        sector=Sector.objects.get(code="CIVIL_SOCIETY", coalition=None),
    )
    round_ = SurveyRound.objects.create(
        coalition=coalition,
        title="R",
        instruments={"health": 1},
        opens_on=dt.date(2026, 1, 1),
        closes_on=dt.date(2026, 2, 1),
        status="open",
    )
    respondent = Respondent.objects.create(coalition=coalition, round=round_, organisation=org)
    barrier = threading.Barrier(2)
    errors: list[str] = []

    def submit() -> None:
        try:
            barrier.wait()
            response = services.consent_give(respondent=respondent)
            services.answers_save(
                response=response,
                replace=["health:"],
                answers=[AnswerIn("health", "trust_1", None, "", 4)],
            )
        except Exception as exc:  # reported to the caller
            errors.append(repr(exc))
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        "errors": len(errors),
        "responses": Response.objects.filter(respondent=respondent).count(),
        "consents": Consent.objects.filter(respondent=respondent).count(),
        "answers": Answer.objects.filter(response__respondent=respondent).count(),
    }


if __name__ == "__main__":
    main()
