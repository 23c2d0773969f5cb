"""``coalitionlens serve``: its help, and the URL it announces."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from coalitionlens.cli.main import app
from coalitionlens.cli.serve import plain_http_on_loopback, url_for

runner = CliRunner()


def test_serve_help_shows_the_options_and_an_example() -> None:
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for text in ("--host", "--port", "Example"):
        assert text in result.output


def test_the_url_puts_brackets_around_an_ipv6_address() -> None:
    assert url_for("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert url_for("::1", 8080) == "http://[::1]:8080"


def test_a_port_out_of_range_is_refused() -> None:
    result = runner.invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code != 0


@pytest.mark.parametrize(
    ("host", "plain"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),  # noqa: S104 - a host name to test, nothing binds
        ("10.1.2.3", False),
    ],
)
def test_plain_http_is_chosen_only_on_a_loopback_address(monkeypatch, host, plain) -> None:
    monkeypatch.delenv("COALITIONLENS_INSECURE_HTTP", raising=False)
    plain_http_on_loopback(host)
    assert (os.environ.get("COALITIONLENS_INSECURE_HTTP") == "1") is plain


def test_the_demo_sets_demo_mode_before_django_starts_only_when_it_serves(monkeypatch) -> None:
    from coalitionlens.cli.serve import serving_environment

    seen = []
    command = serving_environment(demo=True)(
        lambda **kw: seen.append(os.environ.get("COALITIONLENS_DEMO"))
    )
    monkeypatch.delenv("COALITIONLENS_DEMO", raising=False)
    command(no_serve=True, host="127.0.0.1")
    command(no_serve=False, host="127.0.0.1")
    assert seen == [None, "1"]
