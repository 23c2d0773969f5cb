"""One-time form keys: a create form sent twice creates one record.

Every create form carries a hidden ``once_key`` (the ``{% once_key %}`` tag in ``lens``): a random
UUID4 in hex, new each time the form is shown. A view decorated with :func:`once` claims the key by
inserting its :class:`~coalitionlens.kit.models.OnceKey` row **in the same transaction** as the
record the view creates, and stores the answer (a redirect's status and ``Location``) before that
transaction commits. So after a double-click, a browser retry, or a response lost to a dropped
connection or a killed server, either both the record and the key exist (and the resend replays the
first redirect) or neither does (and the resend creates the record once).

While the first request is still running, a second one with the same key waits on the first's
uncommitted row (at most ``COALITIONLENS_ONCE_WAIT_SECONDS``, the database's own lock wait, so every
app process sharing the database sees it), then replays, or answers 409 "already being saved".
A key sent by another user or to another path is refused (400). An answer that is not a success (a
form re-shown with its errors, a refusal, an error) releases the key, so the corrected form can be
sent with the same key. A POST without a key is served as before (API clients, older pages).

Keys are kept ``COALITIONLENS_ONCE_KEY_RETENTION_DAYS`` and then deleted by ``coalitionlens purge``
(:func:`once_key_purge`).
"""

from __future__ import annotations

import datetime as dt
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, IntegrityError, OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from coalitionlens.kit.models import OnceKey

__all__ = [
    "ONCE_FIELD",
    "new_once_key",
    "once",
    "once_answered",
    "once_key_purge",
    "once_run",
    "posted_once_key",
]

#: The name of the hidden input every create form carries.
ONCE_FIELD = "once_key"
_KEY = re.compile(r"[0-9a-f]{32}")
#: How often a request waiting on a key that is visibly in progress looks again.
_POLL_SECONDS = 0.2

View = Callable[..., HttpResponse]


def new_once_key() -> str:
    """A fresh key for one showing of a form."""
    return uuid.uuid4().hex


def posted_once_key(request: HttpRequest | None) -> str | None:
    """The well-formed key a POST carries, or None."""
    if request is None or request.method != "POST":
        return None
    key = request.POST.get(ONCE_FIELD, "")
    return key if _KEY.fullmatch(key) else None


def once_answered(response: HttpResponse, *, then: str) -> HttpResponse:
    """Mark a successful answer that is a page, not a redirect (e.g. links shown only once).

    A resend of the same key then gets a page saying the form was already saved, with a link to
    ``then``, instead of doing the work again.
    """
    response._once_done = True  # type: ignore[attr-defined]
    response._once_then = then  # type: ignore[attr-defined]
    return response


def _succeeded(response: HttpResponse) -> bool:
    if getattr(response, "_once_done", False):
        return True
    return 300 <= response.status_code < 400 and response.has_header("Location")


def once(view: View) -> View:
    """Make a create view's POST idempotent on its form's ``once_key``."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST" or ONCE_FIELD not in request.POST:
            return view(request, *args, **kwargs)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return view(request, *args, **kwargs)  # the view sends the visitor to sign in
        key = posted_once_key(request)
        if key is None:
            return _refuse(request, 400, _("This form's one-time key is not valid."))
        return once_run(
            request,
            key,
            lambda: view(request, *args, **kwargs),
            replay=_replay,
            busy=_busy,
            refuse=lambda r: _refuse(
                r, 400, _("This form's one-time key belongs to another form.")
            ),
        )

    wrapper.once = True  # type: ignore[attr-defined]
    return wrapper


def once_run(
    request: HttpRequest,
    key: str,
    run: Callable[[], HttpResponse],
    *,
    replay: Callable[[HttpRequest, OnceKey], HttpResponse],
    busy: Callable[[HttpRequest], HttpResponse],
    refuse: Callable[[HttpRequest], HttpResponse],
) -> HttpResponse:
    """Run ``run`` once for ``key`` (32 hex digits) and a signed-in user: the key's row is claimed
    in the same transaction as ``run``'s writes. A resend gets ``replay`` of the stored answer,
    ``busy`` while the first is still running past the wait, ``refuse`` for a key of another user
    or path. The forms (:func:`once`) and the API's ``Idempotency-Key`` (``kit.api``) share it.
    """
    user: Any = request.user
    deadline = time.monotonic() + settings.COALITIONLENS_ONCE_WAIT_SECONDS
    while True:
        ran, found = _attempt(run, request, key)
        if ran is not None:
            return ran
        if found is None:  # still held by a request that has not finished
            return busy(request)
        if found.user_id != user.pk or found.path != request.path[:500]:
            return refuse(request)
        if found.status == OnceKey.Status.DONE:
            return replay(request, found)
        if time.monotonic() >= deadline:
            return busy(request)
        time.sleep(_POLL_SECONDS)


_BUSY = "busy"  # the key's row is still uncommitted in a request past the wait
_AGAIN = "again"  # the holder released the key between our insert and our read: try again


def _attempt(
    run: Callable[[], HttpResponse], request: HttpRequest, key: str
) -> tuple[HttpResponse | None, OnceKey | None]:
    """Claim the key and run the view in one transaction.

    Returns (response, None) when this request ran the view; (None, row) when the key was taken
    by a request that committed; (None, None) when its holder is still running past the wait.
    """
    while True:
        failure: Exception | None = None
        with transaction.atomic():
            claimed, row = _claim(key, request)
            if row == _AGAIN:
                continue
            if not claimed or not isinstance(row, OnceKey):
                return None, row if isinstance(row, OnceKey) else None
            try:
                response = run()
            except DatabaseError:
                raise  # the transaction is broken: everything, key included, rolls back
            except Exception as exc:
                # A refusal (403, with its audit entry) or a 404: keep those writes, free the key.
                failure = exc
                OnceKey.objects.filter(pk=row.pk).delete()
            else:
                if _succeeded(response):
                    location = (
                        response["Location"]
                        if response.has_header("Location")
                        else getattr(response, "_once_then", "")
                    )
                    OnceKey.objects.filter(pk=row.pk).update(
                        status=OnceKey.Status.DONE,
                        response_status=response.status_code,
                        response_location=location[:2000],
                    )
                else:
                    OnceKey.objects.filter(pk=row.pk).delete()
        if failure is not None:
            raise failure
        return response, None


def _claim(key: str, request: HttpRequest) -> tuple[bool, OnceKey | str]:
    """Insert the key's row: (True, the new row), or (False, the committed row that holds it, or
    ``_BUSY`` / ``_AGAIN``)."""
    user: Any = request.user  # signed in: the wrapper serves anonymous visitors without a key
    with _bounded_lock_wait():
        try:
            with transaction.atomic():
                row = OnceKey.objects.create(key=key, user=user, path=request.path[:500])
        except IntegrityError:
            return False, OnceKey.objects.filter(key=key).first() or _AGAIN
        except OperationalError:
            if connection.vendor == "postgresql":
                return False, _BUSY  # lock_timeout: the first request is still saving
            raise
    return True, row


@contextmanager
def _bounded_lock_wait() -> Iterator[None]:
    """On PostgreSQL, wait at most the setting for another request's uncommitted key (SQLite
    writers queue at BEGIN IMMEDIATE under the busy timeout instead)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout')")
        (before,) = cursor.fetchone()
        ms = int(settings.COALITIONLENS_ONCE_WAIT_SECONDS * 1000)
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{ms}ms"])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [before])


def _replay(request: HttpRequest, row: OnceKey) -> HttpResponse:
    if row.response_status is not None and 300 <= row.response_status < 400:
        messages.info(request, _("This form had already been saved: here is what it saved."))
        response = HttpResponseRedirect(row.response_location)
        response.status_code = row.response_status
        return response
    return render(
        request,
        "web/once.html",
        {
            "title": _("This form has already been saved"),
            "message": _("It was sent twice; it was saved once. Its answer cannot be shown again."),
            "then": row.response_location,
        },
        status=409,
    )


def _busy(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "web/once.html",
        {
            "title": _("This form is already being saved…"),
            "message": _(
                "It was sent twice and the first sending is still being saved. "
                "Wait a moment, then look for the record before sending the form again."
            ),
            "then": "",
        },
        status=409,
    )
    response["Retry-After"] = "5"
    return response


def _refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return render(
        request,
        "web/once.html",
        {
            "title": _("This form cannot be saved"),
            "message": message + " " + _("Reload the page and fill in the form again."),
            "then": "",
        },
        status=status,
    )


def once_key_purge(*, now: dt.datetime | None = None) -> int:
    """Delete keys older than ``COALITIONLENS_ONCE_KEY_RETENTION_DAYS``; how many went."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.COALITIONLENS_ONCE_KEY_RETENTION_DAYS)
    deleted, _by_model = OnceKey.objects.filter(created_at__lt=cutoff).delete()
    return int(deleted)
