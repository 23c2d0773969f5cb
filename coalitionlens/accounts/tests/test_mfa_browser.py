"""In Debian's Chromium: a coordinator sets up TOTP, signs out, cannot reach the coalition without
a code, and a recovery code works once (issue 12). Codes are computed with pyotp, not allauth."""

from __future__ import annotations

import pytest

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.conftest import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page):
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


def password_step(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    if "/accounts/2fa/authenticate/" in page.url:  # a sign-in left at its code step: cancel it
        page.click("[data-testid=mfa-cancel]")
        page.wait_for_load_state("networkidle")
        page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", "alice@example.org")
    page.fill("#id_password", PASSWORD)
    submit(page)


def test_a_coordinator_enrols_signs_out_and_needs_a_code_and_a_recovery_code_works_once(
    page, live_server, cast
):
    coalition = f"{live_server.url}/c/lens/"
    # First sign-in: no app yet, so the coalition waits behind enrolment (which asks for the
    # password once more).
    password_step(page, live_server)
    page.goto(coalition)
    assert "/accounts/" in page.url
    assert "Lens Coalition" not in page.locator("main").inner_text()
    if "/accounts/reauthenticate/" in page.url:
        page.fill("#id_password", PASSWORD)
        submit(page)
    assert "/accounts/2fa/totp/activate/" in page.url
    secret = page.input_value("#authenticator_secret")
    assert page.locator("img.mfa-qr").evaluate("img => img.naturalWidth") > 0
    page.fill("#id_code", totp_code(secret))
    submit(page)
    assert "/accounts/2fa/recovery-codes/" in page.url
    codes = page.locator("[data-testid=recovery-codes] li").all_inner_texts()
    assert len(codes) == 10
    page.goto(coalition)
    assert page.url == coalition

    # Signed out, a password alone reaches nothing.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("networkidle")
    password_step(page, live_server)
    assert "/accounts/2fa/authenticate/" in page.url
    page.goto(coalition)  # back to the sign-in under way, at its code step
    assert "/accounts/2fa/authenticate/" in page.url
    assert "Lens Coalition" not in page.locator("main").inner_text()

    # A recovery code signs in once ...
    password_step(page, live_server)
    page.fill("#id_code", codes[0])
    submit(page)
    page.goto(coalition)
    assert page.url == coalition
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("networkidle")
    # ... and not twice.
    password_step(page, live_server)
    page.fill("#id_code", codes[0])
    submit(page)
    assert "/accounts/2fa/authenticate/" in page.url
    assert "Incorrect code." in page.locator("main .alert-danger").inner_text()
    page.goto(coalition)
    assert "/accounts/2fa/authenticate/" in page.url

    # The app's code still works.
    password_step(page, live_server)
    page.fill("#id_code", totp_code(secret))
    submit(page)
    page.goto(coalition)
    assert page.url == coalition
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {Action.MFA_ADDED, Action.MFA_RECOVERY_USED, Action.MFA_FAILED} <= actions
