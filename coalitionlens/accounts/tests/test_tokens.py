"""Personal access tokens (accounts/tokens.py): a token grants one coalition and one role no higher
than its owner's, for its owner's current role at most, until it expires or is revoked; its secret
is stored hashed and never written anywhere."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.apps import apps
from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from coalitionlens.accounts.models import AccessToken, CoalitionRole
from coalitionlens.accounts.scoping import get_scope
from coalitionlens.accounts.services import role_grant
from coalitionlens.accounts.tokens import (
    TokenThrottled,
    token_authenticate,
    token_create,
    token_purge,
    token_revoke,
    tokens_for,
)
from coalitionlens.audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db


def _request(path: str = "/nowhere/api-request", method: str = "get"):
    return getattr(RequestFactory(), method)(path)


def _token(user, coalition, role, **kw):
    return token_create(user=user, coalition=coalition, role=role, **kw)


def test_a_token_runs_with_its_coalition_and_role_alone(cast):
    CoalitionRole.objects.create(user=cast.alice, coalition=cast.other, role="coordinator")
    _token_row, raw = _token(cast.alice, cast.lens, "viewer")
    request = _request()
    user = token_authenticate(raw, request)
    assert user == cast.alice
    request.user = user
    scope = get_scope(request, "lens")
    assert scope.role == "viewer"
    # A viewer's token of a coordinator writes nothing: 403 and an audit entry.
    with pytest.raises(PermissionDenied):
        scope.require("cl.edit_directory", request)
    assert AuditEntry.objects.filter(action=Action.DENIED, actor=cast.alice).exists()
    # The other coalition, where alice coordinates, is not there for this token: 404.
    with pytest.raises(Http404):
        get_scope(request, "other")


def test_a_platform_admins_token_is_no_admin(cast):
    cast.alice.is_superuser = cast.alice.is_staff = True
    cast.alice.save()
    _t, raw = _token(cast.alice, cast.lens, "viewer")
    request = _request()
    request.user = token_authenticate(raw, request)
    assert not request.user.has_perm("cl.edit_directory", cast.lens)
    assert request.user.has_perm("cl.view_coalition", cast.lens)


def test_every_use_is_audited_with_the_prefix_and_stamps_the_last_use(cast):
    token, raw = _token(cast.carol, cast.lens, "analyst")
    assert token.last_used_at is None
    token_authenticate(raw, _request())
    entry = AuditEntry.objects.get(action=Action.TOKEN_USE)
    assert token.prefix in entry.summary
    assert "GET /nowhere/api-request" in entry.summary
    assert entry.actor == cast.carol
    assert entry.coalition_id == cast.lens.pk
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_role_above_the_owners_is_refused(cast):
    for role in ("coordinator", "analyst"):
        with pytest.raises(ValidationError):
            _token(cast.bob, cast.lens, role)  # bob is a member
    with pytest.raises(ValidationError):
        _token(cast.dave, cast.lens, "viewer")  # dave holds no role in lens
    assert not AccessToken.objects.exists()
    _t, _raw = _token(cast.bob, cast.lens, "viewer")
    assert AuditEntry.objects.filter(action=Action.CREATE, object_type="accounts.accesstoken")


def test_an_expiry_in_the_past_or_beyond_a_year_is_refused(cast):
    now = timezone.now()
    for when in (now - dt.timedelta(minutes=1), now + dt.timedelta(days=400)):
        with pytest.raises(ValidationError):
            _token(cast.alice, cast.lens, "viewer", expires_at=when)
    token, _raw = _token(cast.alice, cast.lens, "viewer")
    assert abs(token.expires_at - now - dt.timedelta(days=90)) < dt.timedelta(minutes=1)


def test_expired_revoked_and_wrong_tokens_authenticate_nobody(cast):
    expired, raw_expired = _token(cast.alice, cast.lens, "viewer")
    AccessToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    revoked, raw_revoked = _token(cast.alice, cast.lens, "viewer")
    token_revoke(token=revoked, actor=cast.alice)
    _t, good = _token(cast.alice, cast.lens, "viewer")
    forged = good[:-1] + ("A" if good[-1] != "A" else "B")
    for raw in (raw_expired, raw_revoked, forged, "", "cl_x", good + "x"):
        assert token_authenticate(raw, _request()) is None, raw
    refused = AuditEntry.objects.filter(action=Action.DENIED).values_list("summary", flat=True)
    assert any("expired" in s for s in refused)
    assert any("revoked" in s for s in refused)
    assert token_authenticate(good, _request()) == cast.alice


def test_an_inactive_owner_s_token_authenticates_nobody(cast):
    _t, raw = _token(cast.alice, cast.lens, "viewer")
    cast.alice.is_active = False
    cast.alice.save()
    assert token_authenticate(raw, _request()) is None


def test_demoting_the_owner_lowers_the_token_and_removing_them_ends_it(cast):
    _t, raw = _token(cast.alice, cast.lens, "coordinator")
    role_grant(coalition=cast.lens, email=cast.dave.email, role="coordinator", actor=None)
    role_grant(coalition=cast.lens, email=cast.alice.email, role="analyst", actor=None)
    request = _request()
    request.user = token_authenticate(raw, request)
    assert get_scope(request, "lens").role == "analyst"
    assert not request.user.has_perm("cl.edit_directory", cast.lens)
    CoalitionRole.objects.filter(user=cast.alice, coalition=cast.lens).delete()
    assert token_authenticate(raw, _request()) is None


def test_a_token_past_its_rate_is_throttled_with_a_wait(cast, settings):
    settings.COALITIONLENS_TOKEN_REQUESTS_PER_MINUTE = 3
    _t, raw = _token(cast.carol, cast.lens, "analyst")
    _t2, other = _token(cast.carol, cast.lens, "viewer")
    for _ in range(3):
        assert token_authenticate(raw, _request()) is not None
    with pytest.raises(TokenThrottled) as refused:
        token_authenticate(raw, _request())
    assert 1 <= refused.value.wait <= 61
    assert token_authenticate(other, _request()) is not None  # the count is per token


def test_the_secret_is_in_no_table_and_no_log(cast, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    connection.force_debug_cursor = True  # the SQL log too
    try:
        token, raw = _token(cast.alice, cast.lens, "analyst")
        token_authenticate(raw, _request())
        token_revoke(token=token, actor=cast.alice)
        token_authenticate(raw, _request())
        secret = raw.split("_", 2)[2]
        assert token.prefix in raw
        assert len(secret) == 43
        dump = "".join(
            serializers.serialize("json", m._default_manager.all()) for m in apps.get_models()
        )
        assert token.prefix in dump
        assert secret not in dump
        assert secret not in caplog.text
        assert token.prefix in caplog.text  # the SQL log was recorded: the check saw something
    finally:
        connection.force_debug_cursor = False


def test_tokens_for_lists_only_ones_own(cast):
    mine, _r = _token(cast.alice, cast.lens, "viewer")
    _token(cast.carol, cast.lens, "viewer")
    assert list(tokens_for(cast.alice)) == [mine]


def test_ended_tokens_are_purged_once_the_audit_retention_has_passed(cast, settings):
    settings.COALITIONLENS_AUDIT_RETENTION_DAYS = 30
    now = timezone.now()
    working, _r1 = _token(cast.alice, cast.lens, "viewer")
    revoked_long_ago, _r2 = _token(cast.alice, cast.lens, "viewer")
    revoked_lately, _r3 = _token(cast.alice, cast.lens, "viewer")
    expired_long_ago, _r4 = _token(cast.alice, cast.lens, "viewer")
    AccessToken.objects.filter(pk=revoked_long_ago.pk).update(revoked_at=now - dt.timedelta(31))
    AccessToken.objects.filter(pk=revoked_lately.pk).update(revoked_at=now - dt.timedelta(29))
    AccessToken.objects.filter(pk=expired_long_ago.pk).update(expires_at=now - dt.timedelta(31))
    assert token_purge(now=now) == 2
    left = set(AccessToken.objects.values_list("pk", flat=True))
    # A working token and one revoked within the retention (its uses still in the log) stay.
    assert left == {working.pk, revoked_lately.pk}
