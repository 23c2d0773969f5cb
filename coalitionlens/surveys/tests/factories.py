from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.coalitions.tests.factories import (
    CoalitionFactory,
    MembershipFactory,
    OrganisationFactory,
    core_sector,
)
from coalitionlens.surveys import services
from coalitionlens.surveys.answering import AnswerIn
from coalitionlens.surveys.models import Respondent, RoundStatus, SurveyRound


class SurveyRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyRound

    coalition = factory.SubFactory(CoalitionFactory)
    title = factory.Sequence(lambda n: f"Round {n}")
    instruments = factory.LazyFunction(lambda: {"relationship": 1, "health": 1, "hopes_fears": 1})
    opens_on = dt.date(2026, 1, 1)
    closes_on = dt.date(2026, 12, 31)
    status = RoundStatus.OPEN


class RespondentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Respondent

    round = factory.SubFactory(SurveyRoundFactory)
    coalition = factory.SelfAttribute("round.coalition")
    organisation = factory.SubFactory(
        OrganisationFactory, coalition=factory.SelfAttribute("..coalition")
    )
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")


def invite(respondent: Respondent) -> str:
    """Give a respondent a link's token directly (what invitations_issue does) and return it."""
    import secrets

    from coalitionlens.surveys.services import token_hash

    token = secrets.token_urlsafe(24)
    respondent.token_hash = token_hash(token)
    respondent.invited_at = timezone.now()
    respondent.save(update_fields=["token_hash", "invited_at"])
    return token


def counting_organisation(**kwargs: object) -> Organisation:
    """An organisation whose respondents count towards k (:mod:`coalitionlens.surveys.counting`):
    an active member, entered in the roster (by the server's clock) a year ago."""
    org = OrganisationFactory(**kwargs)
    Organisation.objects.filter(pk=org.pk).update(
        created_at=timezone.now() - dt.timedelta(days=365)
    )
    MembershipFactory(organisation=org, status="ACTIVE")
    org.refresh_from_db()
    return org


def shelters_and_ministry(
    coalition: Coalition, *, shelters: int = 5
) -> tuple[list[Organisation], Organisation]:
    """The raters and the rated of the survey tests: ``shelters`` civil-society organisations
    ("Shelter 0", "Shelter 1", ...) and the government one they rate ("Ministry M"), created in
    that order, each counting towards k (:func:`counting_organisation`)."""
    raters = [
        counting_organisation(
            coalition=coalition, name=f"Shelter {i}", sector=core_sector("CIVIL_SOCIETY")
        )
        for i in range(shelters)
    ]
    ministry = counting_organisation(
        coalition=coalition, name="Ministry M", sector=core_sector("GOVERNMENT")
    )
    return raters, ministry


def rate(round_: SurveyRound, org: Organisation, target: Organisation, level: int) -> None:
    """A respondent of ``org`` consents and answers ``round_``'s relationship survey about
    ``target`` alone: a partner, at level 3, trusted at ``level`` on each of the three trust
    questions."""
    response = services.consent_give(respondent=RespondentFactory(round=round_, organisation=org))
    trust = [
        AnswerIn("relationship", c, target.pk, "", level)
        for c in ("trust_reliable", "trust_open", "trust_mission")
    ]
    services.answers_save(
        response=response,
        replace=[],
        answers=[
            AnswerIn("relationship", "partners", None, "", [target.pk]),
            AnswerIn("relationship", "level", target.pk, "", 3),
            *trust,
        ],
    )
