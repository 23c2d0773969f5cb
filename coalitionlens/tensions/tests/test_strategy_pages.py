"""The strategy pages: which tensions a strategy answers is shown only to roles that read tensions."""

from __future__ import annotations

from typing import Any

import pytest

from coalitionlens.tensions.models import Strategy
from coalitionlens.tensions.tests.factories import StrategyFactory, TensionFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_adopts_a_strategy_for_a_tension(client: Any, cast: Any) -> None:
    tension = TensionFactory(coalition=cast.lens)
    client.force_login(cast.alice)
    response = client.post(
        "/c/lens/strategies/new/",
        {
            "title": "Rotate the chair of the referral meetings",
            "category": "ROTATING_REPRESENTATION",
            "status": "ACTIVE",
            "adopted_on": "2026-04-01",
            "tensions": [tension.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    strategy = Strategy.objects.get(coalition=cast.lens)
    assert list(strategy.tensions.all()) == [tension]


def test_a_strategy_cannot_answer_another_coalitions_tension(client: Any, cast: Any) -> None:
    theirs = TensionFactory(coalition=cast.other)
    client.force_login(cast.alice)
    response = client.post(
        "/c/lens/strategies/new/",
        {
            "title": "x",
            "category": "SHARED_LEADERSHIP",
            "status": "ACTIVE",
            "tensions": [theirs.pk],
        },
    )
    assert response.status_code == 400
    assert not Strategy.objects.exists()


@pytest.mark.parametrize("who", ["bob", "vic"])
def test_roles_that_may_not_read_tensions_see_the_strategy_without_them(
    client: Any, cast: Any, who: str
) -> None:
    tension = TensionFactory(coalition=cast.lens, title="The tension behind the strategy")
    strategy = StrategyFactory(coalition=cast.lens, title="Share the chair")
    strategy.tensions.add(tension)
    client.force_login(getattr(cast, who))
    detail = client.get(f"/c/lens/strategies/{strategy.pk}/")
    assert detail.status_code == 200
    assert b"Share the chair" in detail.content
    assert b"The tension behind the strategy" not in detail.content


def test_an_analyst_sees_which_tension_a_strategy_answers(client: Any, cast: Any) -> None:
    tension = TensionFactory(coalition=cast.lens, title="The tension behind the strategy")
    strategy = StrategyFactory(coalition=cast.lens)
    strategy.tensions.add(tension)
    client.force_login(cast.carol)
    assert (
        b"The tension behind the strategy"
        in client.get(f"/c/lens/strategies/{strategy.pk}/").content
    )
