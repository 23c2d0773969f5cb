"""TOTP MFA (SAFETY.md): required of coordinators and platform admins before they reach coalition
data, optional for others, a setting to require it of all; enrolment, recovery codes and a reset by a
platform admin, all audited."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from coalitionlens.accounts.tests.factories import PASSWORD, RoleFactory, UserFactory
from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.conftest import TEST_TOTP_SECRET, enrol_totp, totp_code

HOME = "/c/lens/"


def password_only(user) -> Client:
    """A session signed in without any record of a second step (Django's own force_login)."""
    client = Client()
    client.force_login(user)
    return client


def sign_in_with_password(client: Client, email: str) -> None:
    client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def reauthenticated_just_now(client, user) -> None:
    """What allauth records when a person confirms their password (changing a second factor asks)."""
    from allauth.account.internal.flows import login as flows

    session = client.session
    records = session.get(flows.AUTHENTICATION_METHODS_SESSION_KEY, [])
    session[flows.AUTHENTICATION_METHODS_SESSION_KEY] = [
        *records,
        {"method": "password", "at": time.time(), "reauthenticated": True},
    ]
    session[flows._AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


def _admin():
    return UserFactory(email="root@example.org", is_superuser=True, is_staff=True)


def test_a_coordinator_without_an_authenticator_app_is_sent_to_set_one_up(cast):
    client = password_only(cast.alice)
    for url in (HOME, reverse("organisation_list", args=["lens"]), reverse("home")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("mfa_activate_totp") + "?next="), url
    assert client.get(reverse("mfa_activate_totp")).status_code in (200, 302)


def test_a_platform_admin_without_one_is_sent_to_set_one_up(cast):
    response = password_only(_admin()).get(reverse("platform_home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))


@pytest.mark.parametrize("who", ["bob", "carol", "vic"])
def test_other_roles_need_no_second_factor(cast, who):
    assert password_only(getattr(cast, who)).get(HOME).status_code == 200


def test_a_setting_requires_it_of_every_role(cast, settings):
    settings.COALITIONLENS_MFA_REQUIRED_FOR_ALL = True
    response = password_only(cast.bob).get(HOME)
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))


def test_a_password_alone_does_not_sign_an_enrolled_coordinator_in(cast):
    enrol_totp(cast.alice)
    client = Client()
    sign_in_with_password(client, "alice@example.org")
    assert "_auth_user_id" not in client.session
    response = client.get(HOME)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TEST_TOTP_SECRET)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.alice.pk)
    assert client.get(HOME).status_code == 200
    failed = AuditEntry.objects.get(action=Action.MFA_FAILED)
    assert "alice@example.org" in failed.summary
    assert "000000" not in str(list(AuditEntry.objects.values()))


def test_a_signed_in_session_without_the_second_step_is_asked_for_a_code(cast):
    enrol_totp(cast.alice)
    client = password_only(cast.alice)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == reverse("mfa_reauthenticate") + "?next=%2Fc%2Flens%2F"
    response = client.post(
        response.url, {"code": totp_code(TEST_TOTP_SECRET), "next": HOME}, follow=False
    )
    assert response.status_code == 302
    assert response.url == HOME
    assert client.get(HOME).status_code == 200


@pytest.mark.django_db(transaction=True)  # allauth records enrolment when its transaction commits
def test_a_coordinator_enrols_gets_recovery_codes_and_reaches_the_coalition(cast):
    client = Client()
    sign_in_with_password(client, "alice@example.org")
    # Setting up a second factor asks for the password again (allauth's re-authentication).
    page = client.get(reverse("mfa_activate_totp"))
    assert page.url.startswith(reverse("account_reauthenticate"))
    page = client.post(page.url, {"password": PASSWORD}, follow=True)
    assert page.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    html = page.content.decode()
    secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', html).group(1)
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code, from this server
    response = client.post(
        reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("mfa_view_recovery_codes")
    codes = re.findall(r"<li>(\d{8})</li>", response.content.decode())
    assert len(codes) == 10
    assert client.get(HOME).status_code == 200
    added = AuditEntry.objects.filter(action=Action.MFA_ADDED, actor=cast.alice)
    assert {e.summary for e in added} == {"TOTP set up", "recovery codes set up"}


def test_a_recovery_code_signs_in_once(cast):
    enrol_totp(cast.alice)
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    code = RecoveryCodes.activate(cast.alice).get_unused_codes()[0]
    for attempt in ("first", "second"):
        client = Client()
        sign_in_with_password(client, "alice@example.org")
        client.post(reverse("mfa_authenticate"), {"code": code})
        signed_in = "_auth_user_id" in client.session
        assert signed_in is (attempt == "first"), attempt
    used = AuditEntry.objects.get(action=Action.MFA_RECOVERY_USED)
    assert used.summary == "recovery code used (9 left)"


def test_a_coordinator_cannot_turn_their_second_factor_off(client, cast):
    enrol_totp(cast.alice)
    client.force_login(cast.alice)
    reauthenticated_just_now(client, cast.alice)
    page = client.get(reverse("mfa_deactivate_totp"))
    assert b'data-testid="mfa-cannot-turn-off"' in page.content
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=cast.alice, type="totp").exists()


def test_a_member_may_turn_theirs_off(client, cast):
    enrol_totp(cast.bob)
    client.force_login(cast.bob)
    reauthenticated_just_now(client, cast.bob)
    client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=cast.bob).exists()


def test_a_platform_admin_resets_a_persons_second_factor_and_their_sessions_end(client, cast):
    enrol_totp(cast.alice)
    alices = password_only(cast.alice)
    alices.get(reverse("mfa_index"))
    assert Session.objects.count() == 1
    admin = _admin()
    client.force_login(admin)
    response = client.post(
        reverse("platform_home"), {"form": "mfa_reset", "mfa_email": "Alice@example.org"}
    )
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=cast.alice).exists()
    assert alices.get(HOME).url.startswith("/accounts/login/")  # her old session ended
    entry = AuditEntry.objects.get(action=Action.MFA_RESET)
    assert entry.actor == admin
    assert entry.object_id == str(cast.alice.pk)
    assert "by root@example.org" in entry.summary
    # at her next sign-in she sets up a new app
    sign_in_with_password(alices, "alice@example.org")
    assert alices.get(HOME).url.startswith(reverse("mfa_activate_totp"))


def test_only_platform_admins_reset_and_an_unknown_address_is_said_so(client, cast):
    enrol_totp(cast.bob)
    for user in (cast.alice, cast.dave):
        client.force_login(user)
        response = client.post(
            reverse("platform_home"), {"form": "mfa_reset", "mfa_email": "bob@example.org"}
        )
        assert response.status_code == 404
    assert Authenticator.objects.filter(user=cast.bob).exists()
    client.force_login(_admin())
    response = client.post(
        reverse("platform_home"), {"form": "mfa_reset", "mfa_email": "nobody@example.org"}
    )
    assert response.status_code == 400
    assert "Nobody signs in with this address." in response.content.decode()


def test_no_mfa_page_reads_or_changes_another_persons_second_factor(client, cast):
    enrol_totp(cast.alice)
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    alice_codes = RecoveryCodes.activate(cast.alice).get_unused_codes()
    before = list(Authenticator.objects.filter(user=cast.alice).values())
    client.force_login(cast.bob)
    from coalitionlens.web.tests.test_tenant_isolation import MFA_ROUTES

    for name in MFA_ROUTES:
        for method in ("get", "post"):
            body = getattr(client, method)(reverse(name)).content.decode("utf-8", "replace")
            assert not any(code in body for code in alice_codes), name
            assert TEST_TOTP_SECRET not in body, name
    assert list(Authenticator.objects.filter(user=cast.alice).values()) == before


def test_demo_mode_lets_only_the_demo_accounts_in_without_a_second_factor(cast, settings):
    demo = UserFactory(email="coordinator@lens.demo")
    RoleFactory(user=demo, coalition=cast.lens, role="coordinator")
    assert password_only(demo).get(HOME).status_code == 302  # not in demo mode
    settings.COALITIONLENS_DEMO = True
    page = password_only(demo).get(HOME)
    assert page.status_code == 200
    assert b'data-testid="mfa-demo-banner"' in page.content
    assert password_only(cast.alice).get(HOME).status_code == 302  # a real account still must
    assert b"mfa-demo-banner" not in password_only(cast.bob).get(HOME).content


def test_demo_mode_fails_the_deployment_check(settings):
    from coalitionlens.web.checks import demo_mode_is_off

    assert demo_mode_is_off(None) == []
    settings.COALITIONLENS_DEMO = True
    assert [w.id for w in demo_mode_is_off(None)] == ["coalitionlens.W001"]
