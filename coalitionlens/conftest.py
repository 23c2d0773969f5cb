"""The cast every test can use (after healthchecks' hc/test.py).

Coalition ``lens`` has alice the coordinator, bob a member, carol an analyst and vic a viewer;
dave coordinates another coalition, ``other``, and has no role in ``lens``.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import Any

import pytest

_real_connect = socket.socket.connect


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


def sign_in(page: Any, live_server: Any, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


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
