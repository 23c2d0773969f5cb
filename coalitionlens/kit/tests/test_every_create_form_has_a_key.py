"""Meta-test: every form the product renders that posts to a create view carries a one-time key,
every create view is guarded by one (kit/once.py), and every other POST form is listed here as
creating nothing, so a new form cannot slip by unclassified."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from coalitionlens.accounts.tests.factories import UserFactory
from coalitionlens.surveys.models import RoundStatus
from coalitionlens.surveys.tests.factories import SurveyRoundFactory
from coalitionlens.transfer.services import import_batch_create
from coalitionlens.web.tests.test_tenant_isolation import (
    _matrix_routes,
    _named_patterns,
    _resources,
    _seed,
)

# Views that create rows besides the scoped CRUD pages' `<noun>_create`.
CREATES = {
    "survey_round_create",
    "survey_round_respondents",
    "survey_round_invite",
    "survey_round_import",
    "report_list",
    "transfer_import",
    "importbatch_apply",
    "importbatch_map",
    "importbatch_sheets",  # keeps the choice and audits it: a resend gets the first answer
    "insights_adopt",
    "platform_home",
}
# POST forms that create nothing, with the reason a resend is harmless.
CREATES_NOTHING = {
    "coalition_settings": "edits the one coalition profile",
    "set_language": "stores a preference in the session",
    "account_logout": "ends the session",
    "survey_round_open": "a status change: a second one is refused",
    "survey_round_close": "a status change: a second one is refused",
    "survey_round_remind": "sends mail, creates no row: a second one within the interval is refused",
    "survey_respondent_remove": "removes; a second one finds nothing",
    "transfer_export": "a download",
    "insights_compare_export": "a download",
    "insights_compare": "reads the uploaded files for one page and stores nothing",
    "token_revoke": "revokes; a second one changes nothing",
    "valuemapping_delete": "forgets a remembered mapping; a second one finds nothing",
    **{f"{noun}_edit": "saves the same values again" for noun in _resources()},
    **{f"{noun}_delete": "deletes; a second one finds nothing" for noun in _resources()},
}
KEY = re.compile(r"[0-9a-f]{32}")


class _Forms(HTMLParser):
    """The POST forms of a page: (action, {input name: value})."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str | None, dict[str, str]]] = []
        self._open: tuple[str | None, dict[str, str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._open = (a.get("action"), {})
            self.forms.append(self._open)
        elif tag == "input" and self._open is not None and a.get("name"):
            self._open[1][a["name"] or ""] = a.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


def _route_name(action: str | None, page: str) -> str:
    path = urlsplit(action).path if action else page
    try:
        return resolve(path or page).url_name or ""
    except Resolver404:
        return ""


def _pages(objs) -> list[str]:
    """Every page of coalition ``lens`` that answers GET with its forms, for its own records."""
    pages = []
    for name, model in _matrix_routes().items():
        pk = None
        if model is not None:
            obj = next((o for o in objs.values() if isinstance(o, model)), None)
            if obj is None:
                continue
            pk = obj.pk
        pages.append(reverse(name, args=["lens"] if pk is None else ["lens", pk]))
    return pages


#: The REST API posts no forms: its writes are made harmless to resend by an Idempotency-Key
#: header instead (coalitionlens/kit/api.py, tested with each app's API).
API_PREFIX = "api/"


def _views(resolver=None) -> dict[str, object]:
    out: dict[str, object] = {}
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            if str(p.pattern).startswith(API_PREFIX):
                continue
            out.update(_views(p))
        elif isinstance(p, URLPattern) and p.name:
            out[p.name] = p.callback
    return out


def test_every_create_view_is_guarded_by_a_one_time_key():
    views = _views()
    creates = {n for n in views if n.endswith("_create")} | CREATES
    unguarded = sorted(n for n in creates if not getattr(views[n], "once", False))
    assert unguarded == []
    unlisted = sorted(n for n, v in views.items() if getattr(v, "once", False) and n not in creates)
    assert unlisted == [], "guarded views missing from CREATES"


@pytest.mark.django_db
def test_every_post_form_of_every_page_is_a_keyed_create_or_listed_as_creating_nothing(
    client, cast
):
    objs = _seed(cast.lens)
    # The seeded round is open (its invitation forms); a draft one shows the respondents' forms.
    draft = SurveyRoundFactory(coalition=cast.lens, status=RoundStatus.DRAFT)
    admin = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    seen: dict[str, int] = {}
    problems: list[str] = []
    # An upload that can be applied shows the "Apply the import" form.
    batch = import_batch_create(
        coalition=cast.lens,
        actor=cast.alice,
        name="orgs.csv",
        data=b"name,sector,scale\nHarbourline Shipping Co.,BUSINESS,NATIONAL\n",
    )
    # An upload with a value the import does not know shows the mapping step's form.
    unknown = import_batch_create(
        coalition=cast.lens,
        actor=cast.alice,
        name="odd.csv",
        data=b"name,sector\nHarbourline Shipping Co.,Entr. privee\n",
    )
    coalition_pages = [
        *_pages(objs),
        reverse("survey_round_detail", args=["lens", draft.pk]),
        reverse("importbatch_preview", args=["lens", batch.pk]),
        reverse("importbatch_preview", args=["lens", unknown.pk]),
    ]
    own_pages = [*coalition_pages, reverse("token_list")]
    for who, pages in ((cast.alice, own_pages), (admin, [reverse("platform_home")])):
        client.force_login(who)
        for page in pages:
            response = client.get(page)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = _Forms()
            parser.feed(response.content.decode())
            for action, inputs in parser.forms:
                name = _route_name(action, page)
                if name in CREATES or name.endswith("_create"):
                    seen[name] = seen.get(name, 0) + 1
                    if "form" in inputs and inputs["form"] == "mfa_reset":
                        continue  # the platform page's second form resets, it creates nothing
                    if not KEY.fullmatch(inputs.get("once_key", "")):
                        problems.append(f"{page}: the form posting to {name} has no once_key")
                elif name not in CREATES_NOTHING:
                    problems.append(f"{page}: a POST form to {name!r} is not classified here")
    assert problems == []
    creates = {
        n for n, r in _named_patterns() if n.endswith("_create") and not r.startswith(API_PREFIX)
    } | CREATES
    assert sorted(creates - set(seen)) == [], "create views whose form no page showed"
