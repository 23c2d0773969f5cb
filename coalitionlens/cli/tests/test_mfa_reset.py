"""``coalitionlens mfa-reset``: removes a person's second factor, audited, with clear errors."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from typer.testing import CliRunner

from coalitionlens.accounts.tests.factories import UserFactory
from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.conftest import enrol_totp

runner = CliRunner()
pytestmark = pytest.mark.django_db


def invoke(*args: str):
    from coalitionlens.cli.main import app

    return runner.invoke(app, ["mfa-reset", *args])


def test_mfa_reset_removes_the_authenticator_and_is_audited() -> None:
    ana = UserFactory(email="ana@example.org")
    enrol_totp(ana)
    result = invoke("Ana@example.org")
    assert result.exit_code == 0, result.output
    assert "set up a new authenticator app at their next sign-in" in result.output
    assert not Authenticator.objects.filter(user=ana).exists()
    entry = AuditEntry.objects.get(action=Action.MFA_RESET)
    assert entry.object_id == str(ana.pk)
    assert "from the command line" in entry.summary


def test_mfa_reset_of_an_unknown_address_fails_with_a_message() -> None:
    result = invoke("nobody@example.org")
    assert result.exit_code == 1
    assert "nobody signs in with nobody@example.org" in result.output


def test_mfa_reset_of_someone_without_a_second_factor_says_so() -> None:
    UserFactory(email="ben@example.org")
    result = invoke("ben@example.org")
    assert result.exit_code == 0
    assert "had no second factor" in result.output
