"""Scale-out, proven: two app servers and a report worker on one PostgreSQL (DESIGN §8).

One signed-in browser's requests go alternately to two real ``coalitionlens serve`` processes: the
session made on one is honoured by the other, sign-in failures are counted across both, the
cached insight pages never serve one server's stale figures after a write through the other, a
report asked for on one is made by the worker and downloaded from the other. Then one server is
killed (SIGKILL) in the middle of the run, and everything written through either is still there.
docs/deploy.md describes the same set-up.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection

from coalitionlens.transfer.crashtest.harness import Client, Server, free_port

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SLUG = "scale"
PASSWORD = "lens-demo-2026"


@pytest.fixture
def shared_database(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("scale-out needs PostgreSQL: SQLite is the one-process embedded database")
    from django.conf import settings as live

    from coalitionlens.coalitions.models import Coalition, Organisation, Sector
    from coalitionlens.conftest import _ensure_core_sectors
    from coalitionlens.demo.users import demo_users_ensure

    # The servers check passwords with the production hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    _ensure_core_sectors()
    coalition = Coalition.objects.create(
        slug=SLUG,
        name="Scale",
        country="Fictland",
        region="SOUTHEAST_ASIA",
        governance_model="LEAD_ORGANISATION",
    )
    sector = Sector.objects.get(code="CIVIL_SOCIETY", coalition__isnull=True)
    orgs = [
        Organisation.objects.create(coalition=coalition, name=f"Scale org {i}", sector=sector)
        for i in range(6)
    ]
    demo_users_ensure([(coalition, orgs[0], orgs[1])])
    db = live.DATABASES["default"]
    url = (
        f"postgresql://{db['USER'] or 'postgres'}"
        + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        + f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{connection.settings_dict['NAME']}"
    )
    import os

    env = {
        **os.environ,
        "DATABASE_URL": url,
        "COALITIONLENS_DEMO": "1",
        "COALITIONLENS_INSECURE_HTTP": "1",
        "COALITIONLENS_DATA_DIR": str(tmp_path),
        "COALITIONLENS_LOG_LEVEL": "ERROR",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env, orgs


def _servers(env, tmp_path):
    a = Server(env, tmp_path / "a.log", workers=1)
    b = Server(env, tmp_path / "b.log", workers=1)
    starts = [threading.Thread(target=s.start) for s in (a, b)]
    for t in starts:
        t.start()
    for t in starts:
        t.join()
    return a, b


def _form_fields(html):
    """The engagement create form, filled the way a person would leave the defaults."""
    fields = {}
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    fields["csrfmiddlewaretoken"] = token.group(1) if token else ""
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        fields.setdefault(name, value)
    return fields


def _engagement_form(client, base, orgs, title):
    """The engagement create form as shown by ``base``, filled in (its one-time key included)."""
    client.base = base
    status, html, _ = client.request(f"/c/{SLUG}/engagements/new/")
    assert status == 200, html[:300]
    return {
        **_form_fields(html),
        "date": "2026-06-01",
        "practice_type": "JOINT_EVENT",
        "title": title,
        "leads": str(orgs[0].pk),
        "counterparts": str(orgs[2].pk),
        "initiated_by": "COALITION",
        "outcome": "PENDING",
        "confidentiality": "INTERNAL",
    }


def _create(client, base, orgs, title):
    data = _engagement_form(client, base, orgs, title)
    status, body, where = client.request(f"/c/{SLUG}/engagements/new/", data)
    assert status == 302, re.sub(r"\s+", " ", body)[:2000]
    return where


def test_two_servers_and_a_worker_share_sessions_throttling_caches_and_reports(
    shared_database, tmp_path
):
    from coalitionlens.engagements.models import Engagement

    env, orgs = shared_database
    a, b = _servers(env, tmp_path)
    worker = subprocess.Popen(
        [sys.executable, "-m", "django", "db_worker", "--settings=coalitionlens.web.settings"],
        env=env,
        stdout=(tmp_path / "worker.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        # A session made on A is honoured by B (sessions live in the database).
        client = Client(a.base)
        client.sign_in(f"coordinator@{SLUG}.demo", PASSWORD)
        client.base = b.base
        status, html, where = client.request(f"/c/{SLUG}/")
        assert status == 200, (status, where)
        assert "Scale" in html

        # Writes alternate between the servers; the cached dashboard follows them on both.
        titles = []
        for k in range(4):
            server = (a, b)[k % 2]
            titles.append(f"scale engagement {k}")
            _create(client, server.base, orgs, titles[-1])
            for other in (a, b):
                client.base = other.base
                status, page, _ = client.request(f"/c/{SLUG}/engagements/")
                assert status == 200
                assert all(t in page for t in titles), f"{other.base} shows a stale list"
        # A form sent to A and sent again to B with the same one-time key (a browser's retry that
        # the load balancer routes to the other server) is saved once: the keys are shared too.
        resent = _engagement_form(client, a.base, orgs, "scale engagement resent")
        assert resent.get("once_key"), "the create form carries no one-time key"
        first = client.request(f"/c/{SLUG}/engagements/new/", resent)
        client.base = b.base
        second = client.request(f"/c/{SLUG}/engagements/new/", resent)
        assert first[0] == second[0] == 302, (first[0], second[0])
        assert first[2] == second[2], "the resend did not lead to the record the first sending made"
        assert Engagement.objects.filter(title="scale engagement resent").count() == 1

        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM coalitionlens_cache")
            assert cursor.fetchone()[0] > 0, "the insight cache is not the shared database cache"

        # A report asked for on A, made by the worker, downloaded from B.
        client.base = a.base
        html = client.request(f"/c/{SLUG}/reports/")[1]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        status, body, where = client.request(
            f"/c/{SLUG}/reports/",
            {"csrfmiddlewaretoken": token, "format": "html", "language": "en"},
        )
        assert status == 302, body[:500]
        pk = int(re.search(r"/reports/(\d+)/", where).group(1))
        client.base = b.base
        deadline = time.monotonic() + 240
        while True:
            status, body, _ = client.request(f"/c/{SLUG}/reports/{pk}/download/")
            if status == 200:
                break
            assert time.monotonic() < deadline, f"the worker did not make report {pk}"
            time.sleep(1)
        assert "<html" in body.lower()

        # A is killed while a create is in flight; B carries on, nothing acknowledged is lost.
        acknowledged = list(titles)
        in_flight = threading.Thread(
            target=lambda: _safe_create(Client(a.base), client, a.base, orgs), daemon=True
        )
        in_flight.start()
        time.sleep(0.05)
        a.stop()
        in_flight.join(30)
        for k in range(4, 8):
            acknowledged.append(f"scale engagement {k}")
            _create(client, b.base, orgs, acknowledged[-1])
        stored = list(
            Engagement.objects.filter(title__startswith="scale engagement ").values_list(
                "title", flat=True
            )
        )
        assert sorted(set(stored) & set(acknowledged)) == sorted(acknowledged)
        assert len(stored) == len(set(stored)), "an engagement was written twice"
    finally:
        worker.kill()
        worker.wait()
        a.stop()
        b.stop()


def test_sign_in_failures_are_counted_across_both_servers(shared_database, tmp_path):
    env, _orgs = shared_database
    a, b = _servers(env, tmp_path)
    try:
        # Sign-in failures are counted across both servers (10 per account in 5 minutes): after
        # 12 failures, six on each, even the right password is refused.
        stranger = Client(a.base)
        answers = []
        for k in range(13):
            stranger.base = (a, b)[k % 2].base
            html = stranger.request("/accounts/login/")[1]
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
            answers.append(
                stranger.request(
                    "/accounts/login/",
                    {
                        "csrfmiddlewaretoken": token,
                        "login": f"analyst@{SLUG}.demo",
                        "password": "wrong password" if k < 12 else PASSWORD,
                    },
                )[1]
            )
        refused = [k for k, page in enumerate(answers) if "Too many failed sign-ins" in page]
        assert refused, [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))[:300] for page in answers[-2:]
        ]
        assert refused[0] >= 10
        assert refused[-1] == 12
        assert not any(c.name == "sessionid" for c in stranger.jar)

    finally:
        a.stop()
        b.stop()


def _safe_create(_fresh, client, base, orgs):
    import copy

    mine = copy.copy(client)
    with contextlib.suppress(OSError, AssertionError):  # cut off by the kill: not acknowledged
        _create(mine, base, orgs, "scale engagement in flight")


def test_free_port_is_a_loopback_port():
    assert 1024 < free_port() < 65536
