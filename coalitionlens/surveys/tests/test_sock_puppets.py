"""SAFETY.md "k is counted on respondents who could not have been planted", written as the attack of
issue 10: the coordinator, who keeps the roster and sends the invitations, creates four
organisations, invites them next to one real respondent, answers as each with trust = 1 and closes
the round. Five respondents rated the target, so a count of respondents publishes the cell, and
5 × mean − 4 is the real respondent's trust."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from coalitionlens.coalitions.models import Organisation
from coalitionlens.coalitions.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    core_sector,
)
from coalitionlens.surveys import services
from coalitionlens.surveys.answering import AnswerIn
from coalitionlens.surveys.models import Respondent, SurveyRound

REAL_TRUST = (3, 3, 4)  # 3.33


def _rating(target: int, trust: tuple[int, int, int]) -> list[AnswerIn]:
    out = [
        AnswerIn("relationship", "partners", None, "", [target]),
        AnswerIn("relationship", "frequency", target, "", 3),
        AnswerIn("relationship", "level", target, "", 3),
    ]
    for code, v in zip(("trust_reliable", "trust_open", "trust_mission"), trust, strict=True):
        out.append(AnswerIn("relationship", code, target, "", v))
    return out


def _old(org: Organisation, years: int = 2) -> Organisation:
    """An organisation that has been in the roster for years (the server's clock says so)."""
    Organisation.objects.filter(pk=org.pk).update(
        created_at=timezone.now() - dt.timedelta(days=365 * years)
    )
    MembershipFactory(organisation=org, status="ACTIVE")
    return org


@pytest.fixture
def attack(client, cast):
    real = _old(
        OrganisationFactory(
            coalition=cast.lens, name="Real Shelter", sector=core_sector("CIVIL_SOCIETY")
        )
    )
    target = _old(
        OrganisationFactory(
            coalition=cast.lens, name="Ministry T", sector=core_sector("GOVERNMENT")
        )
    )
    client.force_login(cast.alice)
    client.post(
        reverse("survey_round_create", args=["lens"]),
        {
            "title": "Spring round",
            "instruments": ["relationship"],
            "opens_on": "2026-03-01",
            "closes_on": "2026-03-31",
        },
    )
    round_ = SurveyRound.objects.get(title="Spring round")
    puppets = []
    for i in range(4):  # made members today, as the coordinator may
        puppet = OrganisationFactory(
            coalition=cast.lens, name=f"Puppet {i}", sector=core_sector("CIVIL_SOCIETY")
        )
        MembershipFactory(organisation=puppet, status="ACTIVE", joined_on=dt.date(2019, 1, 1))
        puppets.append(puppet)
    for org in [real, *puppets]:
        client.post(
            reverse("survey_round_respondents", args=["lens", round_.pk]),
            {
                "organisation": org.pk,
                "name": org.name,
                "email": f"{org.pk}@example.org",
                "language": "en",
            },
        )
    client.post(reverse("survey_round_open", args=["lens", round_.pk]))
    for respondent in Respondent.objects.filter(round=round_):
        response = services.consent_give(respondent=respondent)
        trust = REAL_TRUST if respondent.organisation_id == real.pk else (1, 1, 1)
        services.answers_save(response=response, replace=[], answers=_rating(target.pk, trust))
    client.post(reverse("survey_round_close", args=["lens", round_.pk]))
    round_.refresh_from_db()
    assert round_.status == "closed"
    return {"round": round_, "target": target, "puppets": puppets}


def test_four_planted_respondents_do_not_unlock_the_real_ones_answer(client, cast, attack):
    page = client.get(reverse("survey_round_results", args=["lens", attack["round"].pk]))
    html = page.content.decode()
    row = re.search(r"<tr><td>Ministry T</td><td>(.*?)</td>", html, re.S)
    if row is None:  # every figure about the target hidden: its row is folded away, and said so
        assert 'data-testid="targets-folded"' in html
        assert "Ministry T" not in html.split('data-testid="targets"', 1)[1].split("</table>")[0]
        return
    shown = re.search(r"\d+\.\d+", row.group(1))
    if shown is not None:
        recovered = 5 * float(shown.group()) - 4 * 1.0
        pytest.fail(
            f"the target's trust is published as {shown.group()}: 5 × mean − 4 = {recovered:.2f}, "
            f"the real respondent's trust ({sum(REAL_TRUST) / 3:.2f})"
        )
    assert "suppressed" in row.group(1)


def test_the_round_page_says_to_every_role_how_many_count_and_why_others_do_not(
    client, cast, attack
):
    for user in cast.by_role().values():
        client.force_login(user)
        html = client.get(
            reverse("survey_round_detail", args=["lens", attack["round"].pk])
        ).content.decode()
        counted = re.search(r'data-testid="k-counted"[^>]*>\s*(\d+)', html)
        assert counted is not None, f"{user}: the round page does not say who counts towards k"
        assert counted.group(1) == "1"
        left = re.search(r'data-testid="k-left-out"[^>]*>\s*(\d+)', html)
        assert left is not None
        assert left.group(1) == "4"
        assert "entered the roster too shortly before the round opened" in html
        if user != cast.alice:  # counts only, never who, to everyone but the coordinator
            assert "Puppet" not in html
            assert "Real Shelter" not in html


def test_the_list_of_respondents_is_fixed_once_the_round_opens(cast):
    from django.core.exceptions import ValidationError

    from coalitionlens.surveys.tests.factories import counting_organisation

    real = counting_organisation(coalition=cast.lens, name="Real")
    late = counting_organisation(coalition=cast.lens, name="Late")
    round_ = services.round_create(
        coalition=cast.lens,
        title="R",
        instruments=["relationship"],
        opens_on=dt.date(2026, 3, 1),
        closes_on=dt.date(2026, 3, 31),
        actor=cast.alice,
    )
    first = services.respondent_add(round=round_, organisation=real, actor=cast.alice)
    round_ = services.round_open(round=round_, actor=cast.alice)
    assert round_.opened_at is not None
    first.refresh_from_db()
    assert (first.counts, first.left_out) == (True, "")
    with pytest.raises(ValidationError):
        services.respondent_add(round=round_, organisation=late, actor=cast.alice)
    with pytest.raises(ValidationError):
        services.respondent_remove(respondent=first, actor=cast.alice)


def test_an_imported_submission_counts_only_for_an_organisation_on_the_list_at_the_opening(cast):
    from coalitionlens.surveys.offline import submissions_import
    from coalitionlens.surveys.selectors import round_xlsform
    from coalitionlens.surveys.tests.factories import counting_organisation
    from coalitionlens.surveys.tests.test_offline import _odk_csv, _submission

    orgs = [counting_organisation(coalition=cast.lens, name=f"Org {i}") for i in range(4)]
    round_ = services.round_create(
        coalition=cast.lens,
        title="R",
        instruments=["relationship", "health", "hopes_fears"],
        opens_on=dt.date(2026, 3, 1),
        closes_on=dt.date(2026, 3, 31),
        actor=cast.alice,
    )
    services.respondent_add(round=round_, organisation=orgs[0], actor=cast.alice)
    round_ = services.round_open(round=round_, actor=cast.alice)
    ids = [o.pk for o in orgs]
    data = _odk_csv(
        round_xlsform(round=round_), [_submission(1, ids[0], ids), _submission(2, ids[1], ids)]
    )
    submissions_import(round=round_, data=data, file_name="export")
    imported = Respondent.objects.filter(round=round_, response__source="import").order_by(
        "organisation__name"
    )
    assert [(r.organisation.name, r.counts, r.left_out) for r in imported] == [
        ("Org 0", True, ""),
        ("Org 1", False, "added_after_opening"),
    ]
