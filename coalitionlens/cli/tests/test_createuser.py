"""``coalitionlens createuser``: creates or updates a user and a role, with clear errors."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from coalitionlens.accounts.models import CoalitionRole, User
from coalitionlens.audit.models import AuditEntry
from coalitionlens.coalitions.tests.factories import CoalitionFactory

runner = CliRunner()
pytestmark = pytest.mark.django_db
PASSWORD = "a-long-passphrase-42\n"


def invoke(*args: str, password: str | None = PASSWORD) -> object:
    from coalitionlens.cli.main import app

    return runner.invoke(app, ["createuser", *args], input=password)


def test_createuser_creates_a_user_with_a_role() -> None:
    CoalitionFactory(slug="tala")
    result = invoke(
        "ana@example.org", "--coalition", "tala", "--role", "analyst", "--password-stdin"
    )
    assert result.exit_code == 0, result.output
    user = User.objects.get(email="ana@example.org")
    assert user.check_password("a-long-passphrase-42")
    assert CoalitionRole.objects.get(user=user).role == "analyst"
    assert AuditEntry.objects.filter(action="role_change").exists()


def test_createuser_updates_the_role_of_an_existing_user_without_touching_the_password() -> None:
    CoalitionFactory(slug="tala")
    invoke("ana@example.org", "--coalition", "tala", "--role", "analyst", "--password-stdin")
    result = invoke(
        "ana@example.org", "--coalition", "tala", "--role", "coordinator", password=None
    )
    assert result.exit_code == 0, result.output
    assert "Updated" in result.output
    assert CoalitionRole.objects.get(user__email="ana@example.org").role == "coordinator"
    assert User.objects.get(email="ana@example.org").check_password("a-long-passphrase-42")


def test_createuser_makes_a_platform_admin() -> None:
    result = invoke("root@example.org", "--admin", "--password-stdin")
    assert result.exit_code == 0, result.output
    assert User.objects.get(email="root@example.org").is_superuser


def test_an_unknown_coalition_is_refused_with_the_known_slugs() -> None:
    CoalitionFactory(slug="tala")
    result = invoke(
        "ana@example.org", "--coalition", "nowhere", "--role", "analyst", "--password-stdin"
    )
    assert result.exit_code == 1
    assert "No coalition 'nowhere'" in result.output
    assert "tala" in result.output
    assert not User.objects.exists()


def test_an_unknown_role_is_refused_with_the_roles_to_choose_from() -> None:
    CoalitionFactory(slug="tala")
    result = invoke("ana@example.org", "--coalition", "tala", "--role", "boss", "--password-stdin")
    assert result.exit_code == 1
    assert "Unknown role 'boss'" in result.output
    assert "coordinator, member, analyst, viewer" in result.output
    assert not User.objects.exists()


def test_a_weak_password_is_refused_by_the_password_rules() -> None:
    CoalitionFactory(slug="tala")
    result = invoke(
        "ana@example.org",
        "--coalition",
        "tala",
        "--role",
        "analyst",
        "--password-stdin",
        password="short\n",
    )
    assert result.exit_code == 1
    assert "Password refused" in result.output
    assert "12 characters" in result.output
    assert not User.objects.exists()


def test_a_new_user_without_a_password_is_refused_when_not_at_a_terminal() -> None:
    CoalitionFactory(slug="tala")
    result = invoke("ana@example.org", "--coalition", "tala", "--role", "analyst", password=None)
    assert result.exit_code == 1
    assert "--password-stdin" in result.output


def test_a_role_without_a_coalition_is_refused() -> None:
    result = invoke("ana@example.org", "--password-stdin")
    assert result.exit_code == 1
    assert "--coalition and --role" in result.output
