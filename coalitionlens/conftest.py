"""The cast every test can use (after healthchecks' hc/test.py).

Coalition ``lens`` has alice the coordinator, bob a member, carol an analyst and vic a viewer;
dave coordinates another coalition, ``other``, and has no role in ``lens``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
from dataclasses import dataclass
from typing import Any

import pytest

_real_connect = socket.socket.connect
#: The lanes of ``make test`` (see :func:`pytest_collection_modifyitems`).
LANES = ("sqlite", "postgresql")


def _loopback_only(self: socket.socket, address: Any) -> Any:
    host = address[0] if isinstance(address, tuple) else address
    inet = self.family in (socket.AF_INET, socket.AF_INET6)
    if (
        inet
        and isinstance(host, str)
        and not (host.startswith("127.") or host in {"localhost", "::1"})
    ):
        raise OSError(
            f"test tried an outbound connection to {host!r}: the app must call no outside host"
        )
    return _real_connect(self, address)


@pytest.fixture(autouse=True, scope="session")
def _no_outbound_network() -> Any:
    """SAFETY.md: the app makes no outbound connection. Any non-loopback socket fails the test."""
    socket.socket.connect = _loopback_only  # type: ignore[method-assign,assignment]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]


#: What matplotlib, fontTools and WeasyPrint say when a character is drawn without a font that has
#: it (a box, or nothing), or when a font family is not found and another is used instead.
_GLYPH_MESSAGES = ("missing from font", ".notdef glyph rendered", "font family", "font-face")


class _GlyphLog(logging.Handler):
    """Keeps every log record about a missing glyph or font, from any logger."""

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if any(m in message.lower() for m in _GLYPH_MESSAGES):
            self.records.append(f"{record.name}: {message}")


_glyph_log = _GlyphLog()


def pytest_configure(config: Any) -> None:
    # matplotlib warns (UserWarning "Glyph … missing from font(s) …"): an error in the test that
    # draws it. WeasyPrint and fontTools log instead: caught by the handler below.
    config.addinivalue_line("filterwarnings", "error:Glyph .* missing from font:UserWarning")
    logging.getLogger().addHandler(_glyph_log)


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """When ``make test`` runs the suite on SQLite and on PostgreSQL side by side it sets
    ``COALITIONLENS_TEST_LANE`` to the lane's engine: the tests whose result does not depend on the
    engine (browser tests reading markup, PDF handouts: marked ``browser`` or ``one_engine``, not
    ``both_engines``) then run in one lane only, alternately by node id, so each lane takes half.
    Without the variable (``pytest`` or ``make test-sqlite`` alone) every test runs."""
    lane = os.environ.get("COALITIONLENS_TEST_LANE", "")
    if lane not in LANES:
        return
    shared = sorted(
        item.nodeid
        for item in items
        if (item.get_closest_marker("browser") or item.get_closest_marker("one_engine"))
        and not item.get_closest_marker("both_engines")
    )
    others = {nodeid for i, nodeid in enumerate(shared) if LANES[i % len(LANES)] != lane}
    if others:
        config.hook.pytest_deselected(items=[i for i in items if i.nodeid in others])
        items[:] = [i for i in items if i.nodeid not in others]


@pytest.fixture(autouse=True)
def _no_missing_glyph() -> Any:
    """No test draws a missing glyph (a box in a chart or a PDF) or falls back from a missing font:
    the product ships the fonts it needs (coalitionlens/insights/fonts.py)."""
    start = len(_glyph_log.records)
    yield
    found = _glyph_log.records[start:]
    if found:
        pytest.fail("missing glyph or font:\n" + "\n".join(dict.fromkeys(found)), pytrace=False)


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    if _glyph_log.records and exitstatus == 0:
        session.exitstatus = 1  # a record outside any test (a fixture at session scope)


@pytest.fixture(autouse=True)
def _language_reset() -> Any:
    """A request's LocaleMiddleware leaves its language active in the test's thread: each test
    starts and ends in the default language, so one test's Khmer is never the next one's."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_insights_cache() -> Any:
    """The database is rolled back after each test, so ids and data stamps can repeat in the next
    one: the insights' in-process cache (keyed by them) starts each test empty, as a server's
    does after its data were restored (a real database never goes back under a running cache)."""
    from coalitionlens.insights.caching import clear_local

    clear_local()
    yield
    clear_local()


def within_one_day(seconds: int) -> None:
    """Wait past midnight (in the server's time zone) when fewer than ``seconds`` remain of today.

    For tests that compare pages before and after a change: the pages count days (overdue
    follow-ups, days left, a date in a cache key), so a run straddling midnight would see a change
    that no data made. The wait happens only in the last ``seconds`` of a day."""
    from django.utils import timezone

    now = timezone.localtime()
    midnight = (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    left = (midnight - now).total_seconds()
    if left < seconds:
        time.sleep(left + 1)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is the production hasher (asserted in accounts tests); tests hash thousands of times."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Any:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    import os
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test itself
    # (fixtures, assertions) are ordinary synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.set_default_timeout(15_000)
    yield p
    context.close()


#: The authenticator-app secret that :func:`sign_in` enrols for people who must use one.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - tests only
_codes_given: set[tuple[str, int]] = set()


def totp_code(secret: str) -> str:
    """A TOTP code for ``secret`` (computed by pyotp, independently of allauth) that this test
    session has not given out before: allauth accepts each code once, and one step ahead of the
    clock (MFA_TOTP_TOLERANCE = 1), so a second sign-in within 30 seconds takes the next step's."""
    import pyotp

    totp = pyotp.TOTP(secret)
    step = int(time.time()) // totp.interval
    for candidate in (step, step + 1):
        if (secret, candidate) not in _codes_given:
            _codes_given.add((secret, candidate))
            return totp.at(candidate * totp.interval)
    time.sleep(totp.interval - time.time() % totp.interval + 0.1)
    return totp_code(secret)


def enrol_totp(user: Any, secret: str = TEST_TOTP_SECRET) -> None:
    """Give ``user`` an authenticator app with ``secret`` (as enrolment would, without the pages)."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, secret)


def sign_in(page: Any, live_server: Any, email: str, password: str) -> None:
    """Sign in through the pages; someone who must use a second factor is enrolled with
    :data:`TEST_TOTP_SECRET` beforehand when they have no app yet, and gives a code."""
    from coalitionlens.accounts.mfa import mfa_enrolled, mfa_required
    from coalitionlens.accounts.models import User

    user = User.objects.filter(email=email).first()
    if user is not None and mfa_required(user) and not mfa_enrolled(user):
        enrol_totp(user)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    if "/accounts/2fa/authenticate/" in page.url:
        page.fill("#id_code", totp_code(TEST_TOTP_SECRET))
        page.click("main button[type=submit]")
        page.wait_for_load_state("networkidle")


def passed_second_step(client: Any, user: Any) -> None:
    """Record in the test client's session that ``user`` gave a second-factor code, long ago (so it
    is no *recent* sign-in: exports still ask for one, as after a plain ``force_login``)."""
    from allauth.account.internal.flows import login as flows

    session = client.session
    session[flows.AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "mfa", "at": 0.0, "type": "totp", "test": True}
    ]
    session[flows._AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


@pytest.fixture
def client() -> Any:
    """pytest-django's test client, whose ``force_login`` stands for a whole sign-in: the password
    and, for whoever must use one, the second factor (coalitionlens/accounts/mfa.py). Tests of the
    second factor itself sign in through the pages or call ``Client.force_login`` of Django's own."""
    from django.test import Client

    class SignedInClient(Client):
        def force_login(self, user: Any, backend: str | None = None) -> None:
            super().force_login(user, backend)
            passed_second_step(self, user)

    return SignedInClient()


@dataclass
class Cast:
    lens: Any
    other: Any
    alice: Any
    bob: Any
    carol: Any
    vic: Any
    dave: Any

    def by_role(self) -> dict[str, Any]:
        return {
            "coordinator": self.alice,
            "member": self.bob,
            "analyst": self.carol,
            "viewer": self.vic,
        }


def _ensure_core_sectors() -> None:
    """Transactional tests flush the tables between tests, data migrations included: re-seed."""
    import importlib

    from django.apps import apps

    seed = importlib.import_module("coalitionlens.coalitions.migrations.0002_seed_sectors").seed
    seed(apps, None)


@pytest.fixture
def cast(db: Any) -> Cast:
    from coalitionlens.accounts.tests.factories import RoleFactory, UserFactory

    _ensure_core_sectors()
    from coalitionlens.coalitions.tests.factories import CoalitionFactory

    lens = CoalitionFactory(slug="lens", name="Lens Coalition")
    other = CoalitionFactory(slug="other", name="Other Coalition")
    people = {}
    for name, role in (
        ("alice", "coordinator"),
        ("bob", "member"),
        ("carol", "analyst"),
        ("vic", "viewer"),
    ):
        people[name] = UserFactory(email=f"{name}@example.org", display_name=name.title())
        RoleFactory(user=people[name], coalition=lens, role=role)
    dave = UserFactory(email="dave@example.org", display_name="Dave")
    RoleFactory(user=dave, coalition=other, role="coordinator")
    return Cast(lens=lens, other=other, dave=dave, **people)
