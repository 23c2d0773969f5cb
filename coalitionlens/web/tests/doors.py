"""Every door: the one shape of the tests that a confidential read (a funding flow, a focal point's
name, a hidden engagement field) shows through no door to a role that may not read it.

A door is a URL the test client GETs (a page, its search, filters and sort, a count, an export, a
read of the REST API, a re-issued link) or a :class:`Door` that hands out text without a request
(a file an export builds, a report). A test names its doors and the role that must not see;
:func:`enter` signs the client in as that role (a session, or a coordinator's token for the role),
:func:`assert_no_door_shows` opens each door and asserts that none shows a hidden word and that
the hidden record's own pages refuse, and :func:`assert_no_api_read_shows` does so for every read
of the REST API (:func:`api_reads`, from its document: a new read is a door once it is added).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from coalitionlens.web.tests import api_routes

#: The cast's coordinator of another coalition (dave), who has no role in ``lens``.
OTHER_COORDINATOR = "other coordinator"


@dataclass(frozen=True)
class Door:
    """A door opened without a request: what ``text()`` hands out (an export's file, a report)."""

    name: str
    text: Callable[[], str | bytes]


def enter(
    client: Any, cast: Any, role: str, *, way: str = "session", settings: Any = None
) -> dict[str, str]:
    """Sign ``client`` in as the cast's ``role`` (or :data:`OTHER_COORDINATOR`), or, with
    ``way="token"``, make a coordinator's access token for ``role``: the token's role, not its
    owner's, decides what it reads. With ``settings``, the tokens' rate is lifted for a crawl.
    The headers each request must carry."""
    if settings is not None:
        settings.COALITIONLENS_TOKEN_REQUESTS_PER_MINUTE = 100_000
    if way == "token":
        from coalitionlens.accounts.tokens import token_create

        _t, raw = token_create(user=cast.alice, coalition=cast.lens, role=role)
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert way == "session", way
    client.force_login(cast.dave if role == OTHER_COORDINATOR else cast.by_role()[role])
    return {}


def api_reads(objs: dict[str, Any], slug: str = "lens") -> list[str]:
    """The URL of every read (GET) operation of the REST API's document, so a new one is a door
    as soon as it is added: its path filled with the records of ``objs``."""
    urls = []
    for op in api_routes.operations():
        if op.method != "GET":
            continue
        url = api_routes.fill(op, slug, objs)
        assert url is not None, f"{op.key}: a path parameter names no seeded record"
        urls.append(url)
    return urls


def shown(response: Any) -> str:
    """What a response shows: its body, streamed or not; an XLSX file's parts (without the time
    it was written)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            body = b"".join(
                z.read(n) for n in sorted(z.namelist()) if not n.startswith("docProps/")
            )
    return body.decode("utf-8", "replace")


def assert_no_door_shows(
    client: Any,
    doors: Iterable[str | Door],
    hidden: Sequence[str],
    *,
    who: object,
    headers: dict[str, str] | None = None,
    echoed: Sequence[str] = (),
    refused_at: str | None = None,
    refused: Sequence[int] = (403, 404),
) -> int:
    """Open every door as the signed-in client (sending ``headers``) and assert that none shows a
    word of ``hidden`` to ``who`` (named in the failure, with the door). ``echoed``: what a page
    repeats of the asker's own query (a search box's value), taken out before looking. A URL
    holding ``refused_at`` (the hidden record's own pages; ``""``: every URL) must answer with a
    status of ``refused``. The number of doors opened, for the caller to assert that there were some."""
    opened = 0
    for door in doors:
        status = None
        if isinstance(door, Door):
            where, text = door.name, door.text()
            text = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        else:
            response = client.get(door, **(headers or {}))
            where, status, text = door, response.status_code, shown(response)
        for echo in echoed:
            text = text.replace(echo, "")
        for word in hidden:
            assert word not in text, f"{where} shows {word!r} to {who}"
        if refused_at is not None and isinstance(door, str) and refused_at in door:
            assert status in refused, f"{where} answers {status} to {who}"
        opened += 1
    return opened


def assert_no_api_read_shows(
    client: Any,
    cast: Any,
    settings: Any,
    objs: dict[str, Any],
    hidden: Sequence[str],
    *,
    role: str,
    way: str,
    refused_at: str | None = None,
) -> int:
    """The REST API's door: every read of its document (paths filled with ``objs``), as ``role``
    by ``way`` (a session, or a coordinator's token for the role), shows no word of ``hidden``;
    a read holding ``refused_at`` (the hidden record's own) answers 403, as a role's refusal
    does. The number of reads, for the caller to assert that the API has some."""
    headers = enter(client, cast, role, way=way, settings=settings)
    return assert_no_door_shows(
        client,
        api_reads(objs),
        hidden,
        who=(role, way),
        headers=headers,
        refused_at=refused_at,
        refused=(403,),
    )
