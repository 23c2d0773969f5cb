"""A finding recorded as a tension twice (a double-click on "Record as a tension") makes one
tension (kit/once.py)."""

from __future__ import annotations

import pytest

from coalitionlens.kit.tests.test_every_create_form_has_a_key import _Forms
from coalitionlens.tensions.models import Tension
from coalitionlens.web.tests.seeding import seed_every_kind

pytestmark = pytest.mark.django_db


def test_a_finding_adopted_twice_with_the_same_key_makes_one_tension(client, cast):
    seed_every_kind(cast.lens)
    client.force_login(cast.alice)
    page = client.get("/c/lens/insights/diagnostics/")
    forms = _Forms()
    forms.feed(page.text)
    action, inputs = next(f for f in forms.forms if f[0] and f[0].endswith("/adopt/"))
    assert len(inputs["once_key"]) == 32
    data = {**inputs, "title": "Secretariat bottleneck", "strategy": ""}
    before = Tension.objects.filter(coalition=cast.lens).count()
    first = client.post(action, data)
    second = client.post(action, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Tension.objects.filter(coalition=cast.lens).count() == before + 1
