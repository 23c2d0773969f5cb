"""The insight pages' cache: a write changes what the next request shows, and readers of different
visibility classes never share an entry."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.urls import reverse

from coalitionlens.coalitions.models import Membership
from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.engagements.models import Engagement
from coalitionlens.insights.caching import cached, clear_local, data_stamp, visibility
from coalitionlens.insights.tests.helpers import grow
from coalitionlens.kit.audited import record_save


def _tied(client, url):
    data = client.get(url).json()
    return {e["s"] for e in data["edges"]} | {e["t"] for e in data["edges"]}, len(data["nodes"])


def test_a_new_organisation_shows_on_the_next_map(client, cast):
    grow(cast.lens, 4)
    client.force_login(cast.alice)
    url = reverse("insights_network_data", args=["lens"])
    _, before = _tied(client, url)
    assert before == cast.lens.organisations.count()
    grow(cast.lens, 1)
    _, after = _tied(client, url)
    assert after == cast.lens.organisations.count() > before


def test_an_engagement_made_restricted_leaves_the_members_map_at_once(client, cast):
    hidden = OrganisationFactory(
        coalition=cast.lens, name="Border unit X", sector=core_sector("LAW_ENFORCEMENT")
    )
    grow(cast.lens, 4)
    engagement = Engagement.objects.filter(coalition=cast.lens).first()
    engagement.participations.create(coalition=cast.lens, organisation=hidden, role="COUNTERPART")
    url = reverse("insights_network_data", args=["lens"])
    client.force_login(cast.bob)
    assert str(hidden.pk) in _tied(client, url)[0]
    # An edit in place: no count and no id changes, only updated_at and the audit trail.
    engagement.confidentiality = "RESTRICTED"
    record_save(instance=engagement, actor=cast.alice)
    assert str(hidden.pk) not in _tied(client, url)[0]
    client.force_login(cast.alice)
    assert str(hidden.pk) in _tied(client, url)[0]


def test_a_membership_that_ends_leaves_the_dashboard_at_once(client, cast):
    grow(cast.lens, 5)
    client.force_login(cast.alice)
    url = reverse("insights_dashboard", args=["lens"])

    def members():
        rows = client.get(url).context["data"].tables["macro"].rows
        return sum(r[1] for r in rows)

    before = members()
    membership = Membership.objects.filter(coalition=cast.lens, status="ACTIVE").first()
    membership.status = "WITHDRAWN"
    membership.ended_on = dt.date.today()
    membership.end_reason = "RESOURCES"
    record_save(instance=membership, actor=cast.alice)
    assert members() == before - 1


def test_findings_and_comparison_follow_the_data(client, cast):
    grow(cast.lens, 5)
    client.force_login(cast.alice)
    diagnostics = reverse("insights_diagnostics", args=["lens"])
    compare = reverse("insights_compare", args=["lens"])

    def evidence():
        return [dict(i["finding"].evidence) for i in client.get(diagnostics).context["items"]]

    def organisations():
        table = client.get(compare).context["table"]
        return next(values for _, label, values in table.rows if label == "Organisations")

    findings = evidence()
    assert organisations()[0] == cast.lens.organisations.count()
    grow(cast.lens, 3)
    assert evidence() != findings
    assert organisations()[0] == cast.lens.organisations.count()


def test_visibility_classes_keep_coordinators_analysts_and_members_apart():
    assert visibility("member") == visibility("viewer")
    assert len({visibility(r) for r in ("coordinator", "analyst", "member", None)}) == 4


def test_the_data_stamp_changes_with_an_audited_write_only(cast):
    grow(cast.lens, 2)
    stamp = data_stamp(cast.lens)
    assert data_stamp(cast.lens) == stamp
    assert data_stamp(cast.other) != stamp
    org = cast.lens.organisations.first()
    org.name = "Renamed"
    record_save(instance=org, actor=cast.alice)
    assert data_stamp(cast.lens) != stamp


def test_a_value_comes_from_this_process_then_from_the_shared_cache(db):
    calls = []

    def build():
        calls.append(1)
        return {"big": list(range(10))}

    first = cached("insights:test", build)
    assert cached("insights:test", build) is first  # no unpickling in this process
    clear_local()
    assert cached("insights:test", build) == first  # another process reads the shared cache
    assert len(calls) == 1
    cache.delete("insights:test")


def test_the_cached_network_table_stays_escaped(client, cast):
    OrganisationFactory(coalition=cast.lens, name="<b>Bold</b> & co", sector=core_sector("MEDIA"))
    grow(cast.lens, 3)
    client.force_login(cast.bob)
    url = reverse("insights_network", args=["lens"])
    clear_local()
    for _ in range(2):  # built, then read from this process's cache
        html = client.get(url).content.decode()
        assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in html
        assert "<b>Bold</b>" not in html
    clear_local()  # read back from the shared cache
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in client.get(url).content.decode()
