"""SAFETY.md "Survey confidentiality", end to end: one organisation's answers carry sentinel values
that only a figure computed from it alone could show. Every route of the site is fetched as every
role (and anonymously, and as a platform admin); no page may contain a sentinel."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coalitionlens.accounts.tests.factories import UserFactory
from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.surveys import services
from coalitionlens.surveys.answering import AnswerIn
from coalitionlens.surveys.instruments import latest
from coalitionlens.surveys.models import RoundStatus
from coalitionlens.surveys.tests.factories import RespondentFactory, SurveyRoundFactory, invite
from coalitionlens.web.tests.test_tenant_isolation import (
    UNSCOPED,
    _matrix_routes,
    _named_patterns,
    _seed,
)

# The sentinel organisation's trust (1,1,2) → 1.33, value (2,1,2) → 1.67, factor items (1,2,2) →
# 1.67 and (1,1,2) → 1.33; everyone else answers 4 and 5. No figure that mixes the sentinel with
# four or more others can come near these values.
SENTINELS = [re.compile(r"(?<![\d.])1\.33(?!\d)"), re.compile(r"(?<![\d.])1\.67(?!\d)")]
COMMENT = "zq-sentinel-comment"


def _answers(target: int, sentinel: bool) -> list[AnswerIn]:
    rel = [
        AnswerIn("relationship", "partners", None, "", [target]),
        AnswerIn("relationship", "frequency", target, "", 1 if sentinel else 4),
        AnswerIn("relationship", "level", target, "", 1 if sentinel else 4),
    ]
    trust = (1, 1, 2) if sentinel else (4, 4, 4)
    value = (2, 1, 2) if sentinel else (4, 4, 4)
    for code, v in zip(("trust_reliable", "trust_open", "trust_mission"), trust, strict=True):
        rel.append(AnswerIn("relationship", code, target, "", v))
    for code, v in zip(
        ("value_resources", "value_influence", "value_involvement"), value, strict=True
    ):
        rel.append(AnswerIn("relationship", code, target, "", v))
    health = []
    for i, item in enumerate(latest("health").items):
        v = ((1, 2, 2) if i % 2 else (1, 1, 2))[int(item["code"][-1]) - 1] if sentinel else 5
        health.append(AnswerIn("health", item["code"], None, "", v))
    hopes = [AnswerIn("hopes_fears", "seen", None, "PUBLIC", True)]
    if sentinel:
        hopes.append(AnswerIn("hopes_fears", "fear:retaliation", None, "PUBLIC", 1))
        health.append(AnswerIn("health", "comment", None, "", COMMENT))
    return rel + health + hopes


@pytest.fixture
def world(cast):
    own = _seed(cast.lens)
    _seed(cast.other)
    target = OrganisationFactory(
        coalition=cast.lens, name="Ministry T", sector=core_sector("GOVERNMENT")
    )
    raters = [
        OrganisationFactory(
            coalition=cast.lens, name=f"Shelter {i}", sector=core_sector("CIVIL_SOCIETY")
        )
        for i in range(6)
    ]
    lone = OrganisationFactory(coalition=cast.lens, name="Lone Media", sector=core_sector("MEDIA"))
    for status in (RoundStatus.OPEN, RoundStatus.OPEN):
        round_ = SurveyRoundFactory(coalition=cast.lens, status=status)
        for org in [*raters, lone]:
            respondent = RespondentFactory(round=round_, organisation=org)
            response = services.consent_give(respondent=respondent)
            services.answers_save(
                response=response, replace=[], answers=_answers(target.pk, org == lone)
            )
    services.round_close(round=round_, actor=cast.alice)
    open_respondent = RespondentFactory(round__coalition=cast.lens, organisation=raters[0])
    token = invite(open_respondent)
    services.consent_give(respondent=open_respondent)
    own["survey_round"] = round_
    admin = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    return {"objs": own, "token": token, "admin": admin, "round": round_}


def _urls(world) -> list[str]:
    routes = _matrix_routes()
    urls = []
    for name, pattern in _named_patterns():
        if name in routes:
            model = routes[name]
            args: list = ["lens"]
            if model is not None:
                args.append(world["objs"][name.rsplit("_", 1)[0]].pk)
            urls.append(reverse(name, args=args))
        elif name in UNSCOPED:
            if "<str:token>" in pattern:
                args = [world["token"]]
                if "<slug:section>" in pattern:
                    args.append("health-1")
                urls.append(reverse(name, args=args))
            else:
                urls.append(reverse(name))
    return urls


def test_the_sentinel_pattern_would_be_seen():
    assert SENTINELS[0].search("<td>1.33</td>")
    assert SENTINELS[1].search("trust 1.67 ")
    assert not SENTINELS[0].search("11.33 or 1.335")


def test_no_page_shows_an_answer_of_one_organisation_to_anyone(client, cast, world):
    urls = _urls(world)
    assert any("/results/" in u for u in urls)
    users = [*cast.by_role().values(), world["admin"], None]
    fetched = 0
    for user in users:
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            for lang in ("en", "fr"):
                response = client.get(url, {"lang": lang}, HTTP_ACCEPT_LANGUAGE=lang)
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                text = body.decode("utf-8", "replace")
                for pattern in SENTINELS:
                    assert not pattern.search(text), f"{url} as {user}: {pattern.pattern}"
                assert COMMENT not in text, f"{url} as {user} shows a comment below k+3"
                fetched += 1
    assert fetched > 100
    # and the results page did show the mixed figures, so the test looked at real numbers
    client.force_login(cast.alice)
    page = client.get(
        reverse("survey_round_results", args=["lens", world["round"].pk])
    ).content.decode()
    assert "3.62" in page  # (6 × 4 + 1.33) / 7 for Ministry T
