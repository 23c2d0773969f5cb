"""The engagement log's search, filters, sort and pages, attacked with the demo's hidden words.

For every role and every word of every hidden title, counterpart and outcome of one demo coalition,
the rows the list returns (all pages, in order), its count and its number of pages must equal what
a search on the fields that role may read returns. The reference is computed here from the raw
records and this file's own statement of who reads what, not from the product's code.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from coalitionlens.accounts.models import User
from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Coalition
from coalitionlens.demo.load import load_demo
from coalitionlens.engagements.models import Engagement

pytestmark = pytest.mark.django_db

SLUG = (
    "marivo"  # the smallest demo coalition: 130 engagements, 26 of them confidential or restricted
)
ROLES = ("coordinator", "analyst", "member", "viewer")
#: Which confidentiality classes each role reads in full (SAFETY.md), stated independently here.
READS = {
    "coordinator": {"PUBLIC", "INTERNAL", "CONFIDENTIAL", "RESTRICTED"},
    "analyst": {"PUBLIC", "INTERNAL", "CONFIDENTIAL"},
    "member": {"PUBLIC", "INTERNAL"},
    "viewer": {"PUBLIC", "INTERNAL"},
}
ROW = re.compile(r'href="/c/' + SLUG + r'/engagements/(\d+)/"')
COUNT = re.compile(r'data-testid="count">(\d+) record')
PAGES = re.compile(r"Page (\d+) of (\d+)")


@pytest.fixture
def demo() -> dict[str, Any]:
    load_demo(only=[SLUG])
    coalition = Coalition.objects.get(slug=SLUG)
    records = list(
        Engagement.objects.filter(coalition=coalition)
        .order_by("-date", "-id")
        .prefetch_related("participations__organisation")
    )
    return {"coalition": coalition, "records": records}


def _words(*texts: str) -> set[str]:
    # SQLite's LIKE folds the case of ASCII letters only; the demo's words are ASCII (asserted).
    return {w.casefold() for t in texts for w in re.findall(r"\w+", t or "")}


def hidden_words(records: list[Engagement]) -> list[str]:
    """Every word of every title, counterpart name and outcome some role may not read."""
    words: set[str] = set()
    for e in records:
        if e.confidentiality in READS["member"]:
            continue
        counterparts = [
            p.organisation.name for p in e.participations.all() if p.role == "COUNTERPART"
        ]
        words |= _words(
            e.title,
            e.outcome,
            str(vocab.Outcome(e.outcome).label),
            e.outcome_notes,
            e.follow_up,
            e.description,
            *counterparts,
        )
    assert words
    assert all(w.isascii() for w in words)
    return sorted(words)


def readable_title(e: Engagement, role: str) -> str | None:
    return e.title if e.confidentiality in READS[role] else None


def login(client: Any, role: str) -> None:
    client.force_login(User.objects.get(email=f"{role}@{SLUG}.demo"))


def fetch(client: Any, params: dict[str, Any]) -> tuple[list[int], int, int]:
    """(row ids over every page in order, the count shown, the number of pages shown)."""
    url = reverse("engagement_list", args=[SLUG])
    ids: list[int] = []
    page, pages, count = 1, 1, -1
    while page <= pages:
        response = client.get(
            url, {**params, "page": page}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="list-rows"
        )
        assert response.status_code == 200
        body = response.content.decode()
        rows = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        ids += [int(pk) for pk in ROW.findall(rows)]
        count = int(COUNT.search(body).group(1))  # type: ignore[union-attr]
        shown = PAGES.search(body)
        pages = int(shown.group(2)) if shown else 1
        page += 1
    return ids, count, pages


def expect(ids: list[int], client: Any, params: dict[str, Any], role: str) -> None:
    got, count, pages = fetch(client, params)
    size = settings.COALITIONLENS_PAGE_SIZE
    wanted = (ids, len(ids), max(1, math.ceil(len(ids) / size)))
    assert (got, count, pages) == wanted, (role, params)


def test_a_search_returns_only_what_a_search_of_readable_titles_returns(client, demo):
    records = demo["records"]
    words = hidden_words(records)
    for role in ROLES:
        login(client, role)
        for word in words:
            expected = [
                e.pk
                for e in records
                if (t := readable_title(e, role)) is not None and word in t.casefold()
            ]
            expect(expected, client, {"q": word}, role)


def test_a_restricted_title_cannot_be_spelt_out_letter_by_letter(client, demo):
    """The attack of issue 10: grow a prefix one letter at a time while the hidden row matches."""
    records = demo["records"]
    secret = next(e for e in records if e.confidentiality == "RESTRICTED")
    login(client, "analyst")
    prefix = secret.title[:3]
    got, _count, _pages = fetch(client, {"q": prefix})
    assert secret.pk not in got, f"{prefix!r} finds the restricted row {secret.pk}"


def test_filtering_by_an_organisation_shows_a_hidden_counterpart_to_nobody(client, demo):
    records = demo["records"]
    hidden_counterparts = {
        p.organisation_id
        for e in records
        if e.confidentiality not in READS["member"]
        for p in e.participations.all()
        if p.role == "COUNTERPART"
    }
    for role in ROLES:
        login(client, role)
        for org in sorted(hidden_counterparts):
            expected = [
                e.pk
                for e in records
                if any(
                    p.organisation_id == org
                    and (p.role == "LEAD" or e.confidentiality in READS[role])
                    for p in e.participations.all()
                )
            ]
            expect(expected, client, {"organisation": org}, role)
            # the same filter combined with a search of a word of the organisation's name
            name = next(
                p.organisation.name
                for e in records
                for p in e.participations.all()
                if p.organisation_id == org
            )
            word = re.findall(r"\w+", name)[0].casefold()
            both = [
                pk
                for pk in expected
                if (t := readable_title(next(e for e in records if e.pk == pk), role))
                and word in t.casefold()
            ]
            expect(both, client, {"organisation": org, "q": word}, role)


def test_fields_a_role_may_not_read_are_neither_filters_nor_sort_keys(client, demo):
    """Parameters naming hidden fields change nothing: the default order, every row."""
    records = demo["records"]
    everything = [e.pk for e in records]
    for role in ROLES:
        login(client, role)
        for params in (
            {"outcome": "ACHIEVED"},
            {"outcome": "PENDING"},
            {"counterpart": records[0].pk},
            {"title": "Police"},
            {"sort": "outcome"},
            {"sort": "-outcome"},
            {"sort": "counterparts"},
            {"sort": "outcome_notes"},
            {"sort": "follow_up_due"},
            {"o": "title"},
            {"ordering": "title"},
        ):
            expect(everything, client, params, role)


def test_sorting_by_title_orders_hidden_titles_by_nothing_they_contain(client, demo):
    """A role's title sort: the rows it reads, in the order of their titles (as the coordinator,
    who reads every title, sees them sorted), then the rows whose title is hidden, newest first."""
    records = demo["records"]
    login(client, "coordinator")
    by_title, _n, _p = fetch(client, {"sort": "title"})
    assert sorted(by_title) == sorted(e.pk for e in records)
    titles = {e.pk: e.title for e in records}
    assert [titles[pk] for pk in by_title] != [e.title for e in records]  # it sorts at all
    for role in ROLES:
        login(client, role)
        readable = {e.pk for e in records if e.confidentiality in READS[role]}
        expected = [pk for pk in by_title if pk in readable] + [
            e.pk for e in records if e.pk not in readable
        ]
        expect(expected, client, {"sort": "title"}, role)
        for word in ("briefing", "police", "training"):
            matching = [pk for pk in expected if pk in readable and word in titles[pk].casefold()]
            expect(matching, client, {"sort": "title", "q": word}, role)


def test_the_other_sorts_and_filters_use_only_fields_every_role_reads(client, demo):
    records = demo["records"]
    oldest = sorted(records, key=lambda e: (e.date, e.pk))
    order = list(vocab.PracticeType.values)  # the vocabulary's order, the same on every database
    practice = sorted(
        records, key=lambda e: (order.index(e.practice_type), -e.date.toordinal(), -e.pk)
    )
    year = records[0].date.year
    for role in ROLES:
        login(client, role)
        expect([e.pk for e in oldest], client, {"sort": "date"}, role)
        expect([e.pk for e in practice], client, {"sort": "practice"}, role)
        expect([e.pk for e in records if e.date.year == year], client, {"year": year}, role)
        for code in {e.practice_type for e in records}:
            expect(
                [e.pk for e in records if e.practice_type == code],
                client,
                {"practice_type": code},
                role,
            )
