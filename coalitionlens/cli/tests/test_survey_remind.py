"""`coalitionlens survey remind ROUND` in a real process, on a copy of the demo database: the
console mail backend (the demo's) prints exactly the messages sent, so the test reads who got one."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coalitionlens.cli.tests.test_every_command import (
    BIN,
    OWN_SQLITE,
    _person_env,
    demo_data,  # noqa: F401  (the session's demo database, loaded once)
)

pytestmark = [OWN_SQLITE, pytest.mark.slow]

ROUND = 3  # the demo's open round of its first coalition (`survey import`'s example names it too)

# Every invitee of the round gets an address, a link and an invitation ten days old; the first who
# has not submitted then withdraws. Prints who submitted, who withdrew and everyone's address.
PREPARE = f"""
import datetime as dt, json
import django
django.setup()
from django.utils import timezone
from coalitionlens.surveys.models import Respondent, Response
from coalitionlens.surveys.services import response_withdraw, token_hash
people = list(Respondent.objects.filter(round_id={ROUND}, earlier_link_of__isnull=True))
for p in people:
    p.email = f"r{{p.pk}}@example.org"
    p.token_hash = token_hash(f"token-{{p.pk}}")
    p.invited_at = timezone.now() - dt.timedelta(days=10)
    p.save(update_fields=["email", "token_hash", "invited_at"])
submitted = {{
    r.respondent.email
    for r in Response.objects.filter(respondent__in=people, submitted_at__isnull=False)
    .select_related("respondent")
}}
gone = next(p for p in people if p.email not in submitted)
response_withdraw(respondent=gone)
print(json.dumps({{
    "everyone": sorted(p.email for p in people),
    "submitted": sorted(submitted),
    "withdrawn": gone.email,
}}))
"""


def _run(args: list[str], data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        env=_person_env(data),
        cwd=data,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_survey_remind_mails_exactly_those_who_have_not_submitted_and_refuses_a_second_time(
    demo_data: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    shutil.copytree(demo_data, data)
    env = {**_person_env(data), "DJANGO_SETTINGS_MODULE": "coalitionlens.web.settings"}
    prepared = subprocess.run(
        [sys.executable, "-c", PREPARE],
        env=env,
        cwd=data,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert prepared.returncode == 0, prepared.stderr
    world = json.loads(prepared.stdout.strip().splitlines()[-1])
    expected = sorted(set(world["everyone"]) - set(world["submitted"]) - {world["withdrawn"]})
    assert world["submitted"]
    assert expected

    first = _run([str(BIN / "coalitionlens"), "survey", "remind", str(ROUND)], data)
    assert first.returncode == 0, first.stderr
    mailed = sorted(re.findall(r"^To: (\S+)$", first.stdout, re.MULTILINE))
    assert mailed == expected
    assert "who they are, and how many, is not shown" in first.stdout
    assert not re.search(r"/s/|token-", first.stdout)  # no link in any reminder

    second = _run([str(BIN / "coalitionlens"), "survey", "remind", str(ROUND)], data)
    assert second.returncode == 1
    assert "the next one can be sent from" in second.stderr
    assert "To:" not in second.stdout
