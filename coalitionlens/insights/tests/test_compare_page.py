"""The comparison page compares only coalitions where the user has a role."""

from __future__ import annotations

from django.urls import reverse

from coalitionlens.insights.tests.helpers import grow


def test_comparison_shows_only_coalitions_where_the_user_has_a_role(client, cast):
    from coalitionlens.accounts.tests.factories import RoleFactory

    grow(cast.lens, 5)
    grow(cast.other, 5)
    client.force_login(cast.carol)
    page = client.get(reverse("insights_compare", args=["lens"]) + "?with=other")
    assert page.context["table"].columns == ["Lens Coalition"]
    RoleFactory(user=cast.carol, coalition=cast.other, role="analyst")
    page = client.get(reverse("insights_compare", args=["lens"]) + "?with=other")
    assert page.context["table"].columns == ["Lens Coalition", "Other Coalition"]
