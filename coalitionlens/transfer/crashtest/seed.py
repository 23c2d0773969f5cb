"""The template database every scenario copies: migrated once, then a fictional coalition.

``crash``: 40 organisations, the demo accounts of every role (``coordinator@crash.demo`` …, the demo
password; the harness's servers run in demo mode, so no second factor), and an open survey round
with 120 invited respondents whose links are written to ``survey-links.json`` in the data directory.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

SLUG = "crash"
ORGS = 40
RESPONDENTS = 120


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalitionlens.web.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", interactive=False, verbosity=0)
    from coalitionlens.accounts.models import User
    from coalitionlens.coalitions.models import Coalition, Organisation, Sector
    from coalitionlens.demo.users import ADMIN_EMAIL, demo_users_ensure
    from coalitionlens.surveys import services as surveys
    from coalitionlens.surveys.instruments import KINDS

    with transaction.atomic():
        coalition = Coalition.objects.create(
            slug=SLUG,
            name="Crash",
            country="Fictland",
            region="SOUTHEAST_ASIA",
            governance_model="LEAD_ORGANISATION",
        )
        sector = Sector.objects.get(code="CIVIL_SOCIETY", coalition__isnull=True)
        orgs = [
            Organisation.objects.create(
                coalition=coalition, name=f"Crash organisation {i:02d}", sector=sector
            )
            for i in range(ORGS)
        ]
        demo_users_ensure([(coalition, orgs[0], orgs[1])])
        admin = User.objects.get(email=ADMIN_EMAIL)
        today = dt.date.today()
        round_ = surveys.round_create(
            coalition=coalition,
            title="Crash round",
            instruments=list(KINDS),
            opens_on=today,
            closes_on=today + dt.timedelta(days=30),
            actor=admin,
        )
        people = [
            surveys.respondent_add(
                round=round_, organisation=orgs[k % ORGS], name=f"Respondent {k}", actor=admin
            )
            for k in range(RESPONDENTS)
        ]
        round_ = surveys.round_open(round=round_, actor=admin)
        links = surveys.invitations_issue(
            round=round_, respondents=people, base_url="http://crash.invalid", actor=admin
        )
    tokens = [url.rstrip("/").rsplit("/", 1)[1] for _r, url in links.links]
    Path(settings.DATA_DIR, "survey-links.json").write_text(json.dumps(tokens))


if __name__ == "__main__":
    main()
