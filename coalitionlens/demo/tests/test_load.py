"""Loading the demo into the database: complete, valid, idempotent, with a login for every role."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.password_validation import validate_password

from coalitionlens.accounts.models import CoalitionRole, User
from coalitionlens.coalitions.models import (
    Coalition,
    GovernmentSeat,
    Membership,
    Organisation,
    Partnership,
    UnitMember,
)
from coalitionlens.coalitions.vocab import Role
from coalitionlens.demo.load import DEMO_SLUGS, load_demo
from coalitionlens.demo.users import ADMIN_EMAIL, DEMO_PASSWORD, RESEARCHER_EMAIL, demo_logins
from coalitionlens.engagements.models import Engagement
from coalitionlens.tensions.models import Strategy, Tension

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models(include_auto_created=True)
    }


@pytest.fixture
def loaded() -> Any:
    return load_demo()


def test_it_loads_three_coalitions_with_a_secretariat_of_their_own(loaded: Any) -> None:
    assert loaded.created == list(DEMO_SLUGS)
    for coalition in Coalition.objects.filter(slug__in=DEMO_SLUGS):
        assert coalition.secretariat is not None
        assert coalition.secretariat.coalition_id == coalition.pk
        assert 40 <= coalition.organisations.count() <= 120
        assert coalition.engagements.count() >= 100
        assert coalition.units.filter(kind="BOARD").exists()
        assert coalition.government_seats.exists()
        assert Tension.objects.filter(coalition=coalition).exists()
        assert Strategy.objects.filter(coalition=coalition, tensions__isnull=False).exists()


def test_a_second_load_creates_no_row_at_all(loaded: Any) -> None:
    before = row_counts()
    again = load_demo()
    assert again.created == []
    assert again.skipped == list(DEMO_SLUGS)
    assert again.users_created == 0
    assert row_counts() == before


def test_a_second_load_leaves_a_changed_demo_user_alone(loaded: Any) -> None:
    user = User.objects.get(email="viewer@zembora.demo")
    user.set_password("changed-by-its-owner-99")
    user.save()
    load_demo()
    user.refresh_from_db()
    assert user.check_password("changed-by-its-owner-99")


def test_every_role_of_every_demo_coalition_has_a_working_login(loaded: Any) -> None:
    logins = demo_logins(list(DEMO_SLUGS))
    assert len(logins) == 1 + 4 * len(DEMO_SLUGS) + 1  # admin, four roles each, the researcher
    for login in logins:
        user = User.objects.get(email=login.email)
        assert user.check_password(DEMO_PASSWORD)
        for slug in filter(None, login.coalition.split(", ")):
            role = CoalitionRole.objects.get(user=user, coalition__slug=slug)
            assert role.role == login.role
    assert User.objects.get(email=ADMIN_EMAIL).is_superuser
    researcher = CoalitionRole.objects.filter(user__email=RESEARCHER_EMAIL)
    assert sorted(researcher.values_list("coalition__slug", flat=True)) == sorted(DEMO_SLUGS)
    assert {r.role for r in CoalitionRole.objects.all()} == set(Role.values)


def test_the_member_user_represents_an_active_member_organisation(loaded: Any) -> None:
    for role in CoalitionRole.objects.filter(role="member").select_related(
        "organisation", "coalition"
    ):
        assert role.organisation is not None
        assert role.organisation.coalition_id == role.coalition_id
        assert Membership.objects.filter(organisation=role.organisation, status="ACTIVE").exists()


def test_the_demo_password_passes_the_password_rules() -> None:
    validate_password(DEMO_PASSWORD)


def test_every_demo_row_passes_model_validation(loaded: Any) -> None:
    for model in (
        Organisation,
        Membership,
        Partnership,
        UnitMember,
        GovernmentSeat,
        Engagement,
        Tension,
    ):
        for obj in model.objects.all():
            obj.full_clean()
    for coalition in Coalition.objects.all():
        coalition.full_clean()


def test_confidential_engagements_exist_with_police_counterparts(loaded: Any) -> None:
    closed = Engagement.objects.filter(
        confidentiality__in=["CONFIDENTIAL", "RESTRICTED"],
        participations__role="COUNTERPART",
        participations__organisation__sector__code="LAW_ENFORCEMENT",
    )
    assert set(closed.values_list("coalition__slug", flat=True)) == set(DEMO_SLUGS)


def test_it_can_load_a_single_demo_coalition() -> None:
    result = load_demo(only=["marivo"])
    assert result.created == ["marivo"]
    assert list(Coalition.objects.values_list("slug", flat=True)) == ["marivo"]
    assert User.objects.filter(email__endswith="@marivo.demo").count() == 4
    assert not User.objects.filter(email__endswith="@zembora.demo").exists()


def test_an_unknown_demo_slug_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown demo coalition"):
        load_demo(only=["atlantis"])


def test_every_demo_coalition_has_a_plan_in_progress_with_an_action_overdue(loaded: Any) -> None:
    from coalitionlens.demo.generate import PERIOD_END
    from coalitionlens.tensions.selectors import actions_due

    for coalition in Coalition.objects.filter(slug__in=DEMO_SLUGS):
        due = actions_due(coalition, today=PERIOD_END + dt.timedelta(days=1))
        assert due.overdue, coalition.slug
        strategy = due.overdue[0].strategy
        assert strategy.status == "ACTIVE"
        assert strategy.owner is not None
        assert strategy.owner.coalition_id == coalition.pk
        assert strategy.review_on is not None
        assert strategy.actions.filter(status="DONE", done_on__isnull=False).exists()
