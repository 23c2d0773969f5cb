"""A resent engagement form creates one engagement (kit/once.py): the same one-time key gives the
first answer, whether the first answer arrived or was lost."""

from __future__ import annotations

import re
import threading
import time
import uuid

import pytest
from django.db import connection, connections
from django.test import Client

from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.conftest import passed_second_step
from coalitionlens.engagements.models import Engagement
from coalitionlens.kit.models import OnceKey

URL = "/c/lens/engagements/new/"


def _signed_in(user) -> Client:
    c = Client()
    c.force_login(user)
    passed_second_step(c, user)
    return c


def _form(cast, key: str, title: str = "Shelter referral walk-through") -> dict:
    lead = OrganisationFactory(coalition=cast.lens, name=f"Lead for {title}")
    return {
        "once_key": key,
        "date": "2026-03-14",
        "practice_type": "JOINT_EVENT",
        "title": title,
        "leads": [lead.pk],
        "domains": ["AWARENESS"],
        "initiated_by": "COALITION",
        "outcome": "PENDING",
        "confidentiality": "INTERNAL",
    }


@pytest.fixture
def alice(client, cast):
    client.force_login(cast.alice)
    return client


def test_the_create_page_carries_a_fresh_one_time_key_each_time(alice):
    keys = [
        re.search(r'name="once_key" value="([0-9a-f]{32})"', alice.get(URL).text).group(1)
        for _ in range(2)
    ]
    assert keys[0] != keys[1]


@pytest.mark.django_db
def test_the_same_key_twice_makes_one_engagement_and_the_same_redirect(alice, cast):
    data = _form(cast, uuid.uuid4().hex)
    first = alice.post(URL, data)
    second = alice.post(URL, data)
    assert first.status_code == 302, first.text[:500]
    assert Engagement.objects.filter(coalition=cast.lens).count() == 1
    assert second.status_code == first.status_code
    assert second["Location"] == first["Location"]
    row = OnceKey.objects.get(key=data["once_key"])
    assert (row.status, row.user_id, row.path) == ("done", cast.alice.pk, URL)
    assert (row.response_status, row.response_location) == (302, first["Location"])


def test_the_replay_says_the_form_had_already_been_saved(alice, cast):
    data = _form(cast, uuid.uuid4().hex)
    alice.post(URL, data)
    page = alice.post(URL, data, follow=True)
    assert "already been saved" in page.text


def test_a_new_key_makes_a_new_engagement(alice, cast):
    alice.post(URL, _form(cast, uuid.uuid4().hex, "First"))
    alice.post(URL, _form(cast, uuid.uuid4().hex, "Second"))
    assert Engagement.objects.filter(coalition=cast.lens).count() == 2


def test_a_resend_after_the_answer_was_lost_makes_no_duplicate(cast):
    """The first request committed but its answer never reached the browser (a dropped connection,
    a killed server): the browser sends the form again from another connection."""
    data = _form(cast, uuid.uuid4().hex)
    lost = _signed_in(cast.alice)
    lost.post(URL, data)  # its response is thrown away: the browser never saw it
    retry = Client()
    retry.cookies = lost.cookies
    answer = retry.post(URL, data)
    engagement = Engagement.objects.get(coalition=cast.lens)
    assert answer.status_code == 302
    assert answer["Location"] == f"/c/lens/engagements/{engagement.pk}/"


def test_another_users_key_is_refused_and_creates_nothing(client, cast):
    from coalitionlens.accounts.tests.factories import RoleFactory, UserFactory

    data = _form(cast, uuid.uuid4().hex)
    client.force_login(cast.alice)
    client.post(URL, data)
    mallory = UserFactory(email="mallory@example.org")
    RoleFactory(user=mallory, coalition=cast.lens, role="coordinator")
    other = _signed_in(mallory)
    answer = other.post(URL, data)
    assert answer.status_code == 400
    assert "belongs to another form" in answer.text
    assert Engagement.objects.filter(coalition=cast.lens).count() == 1


def test_a_key_sent_to_another_path_is_refused(alice, cast):
    data = _form(cast, uuid.uuid4().hex)
    alice.post(URL, data)
    answer = alice.post("/c/lens/tensions/new/", {"once_key": data["once_key"], "title": "x"})
    assert answer.status_code == 400
    assert "belongs to another form" in answer.text


def test_a_malformed_key_is_refused_with_a_page(alice, cast):
    answer = alice.post(URL, _form(cast, "not-a-key"))
    assert answer.status_code == 400
    assert "not valid" in answer.text
    assert not Engagement.objects.exists()


def test_a_form_that_fails_validation_keeps_its_key_for_the_corrected_resend(alice, cast):
    data = _form(cast, uuid.uuid4().hex)
    bad = {**data, "title": ""}
    shown = alice.post(URL, bad)
    assert shown.status_code == 400
    assert f'name="once_key" value="{data["once_key"]}"' in shown.text
    assert not OnceKey.objects.filter(key=data["once_key"]).exists()
    fixed = alice.post(URL, data)
    assert fixed.status_code == 302
    assert Engagement.objects.filter(coalition=cast.lens).count() == 1


def test_a_refused_create_keeps_its_audit_entry_and_does_not_burn_the_key(client, cast):
    from coalitionlens.audit.models import Action, AuditEntry

    client.force_login(cast.vic)  # a viewer may not create
    data = _form(cast, uuid.uuid4().hex)
    assert client.post(URL, data).status_code == 403
    assert AuditEntry.objects.filter(action=Action.DENIED, actor=cast.vic).exists()
    assert not OnceKey.objects.exists()


def test_a_post_without_a_key_still_creates(alice, cast):
    data = _form(cast, "")
    del data["once_key"]
    assert alice.post(URL, data).status_code == 302
    assert Engagement.objects.filter(coalition=cast.lens).count() == 1
    assert not OnceKey.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_requests_sending_the_same_key_at_once_make_one_engagement(cast):
    """Two threads (two database connections, as two app processes would have) post the same key at
    the same moment; the second waits on the first's uncommitted key, then replays its redirect."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers at BEGIN IMMEDIATE; this race needs PostgreSQL")
    data = _form(cast, uuid.uuid4().hex)
    barrier = threading.Barrier(2)
    answers: list = []

    def send() -> None:
        c = _signed_in(cast.alice)
        barrier.wait()
        try:
            answers.append(c.post(URL, data))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert Engagement.objects.filter(coalition=cast.lens).count() == 1
    assert sorted(a.status_code for a in answers) == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]


@pytest.mark.django_db(transaction=True)
def test_a_resend_while_the_first_is_still_saving_past_the_wait_answers_409(cast, settings):
    """Another process holds the key uncommitted (its save is slow): the resend waits the setting's
    seconds, then says the form is being saved, and creates nothing."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers at BEGIN IMMEDIATE; this wait is PostgreSQL's")
    settings.COALITIONLENS_ONCE_WAIT_SECONDS = 1
    data = _form(cast, uuid.uuid4().hex)
    holding, release = threading.Event(), threading.Event()

    def slow_first() -> None:
        from django.db import transaction

        try:
            with transaction.atomic():
                OnceKey.objects.create(key=data["once_key"], user=cast.alice, path=URL)
                holding.set()
                release.wait(20)
                transaction.set_rollback(True)
        finally:
            connections.close_all()

    first = threading.Thread(target=slow_first)
    first.start()
    try:
        assert holding.wait(10)
        started = time.monotonic()
        answer = _signed_in(cast.alice).post(URL, data)
        waited = time.monotonic() - started
    finally:
        release.set()
        first.join(20)
    assert answer.status_code == 409
    assert "already being saved" in answer.text
    assert 0.9 < waited < 5
    assert not Engagement.objects.exists()
