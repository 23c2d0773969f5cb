"""The one way in: ``engagements_for`` gives rows, values and participations already masked."""

from __future__ import annotations

import pytest

from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.engagements.models import Participation
from coalitionlens.engagements.selectors import engagements_for
from coalitionlens.engagements.tests.factories import EngagementFactory
from coalitionlens.kit.masking import HIDDEN, Hidden

pytestmark = pytest.mark.django_db

SECRET = "Sentinel raid plan 4471"


@pytest.fixture
def restricted(cast):
    e = EngagementFactory(
        coalition=cast.lens,
        title=SECRET,
        confidentiality="RESTRICTED",
        outcome="ACHIEVED",
        outcome_notes="Sentinel notes 9912",
    )
    police = OrganisationFactory(
        coalition=cast.lens, name="Sentinel Police 3310", sector=core_sector("LAW_ENFORCEMENT")
    )
    Participation.objects.create(
        coalition=cast.lens, engagement=e, organisation=police, role="COUNTERPART"
    )
    return e, police


def test_rows_are_masked_for_a_role_that_may_not_read_them(cast, restricted):
    _e, police = restricted
    (row,) = list(engagements_for(coalition=cast.lens, role="analyst"))
    assert row.title is HIDDEN
    assert row.get_outcome_display() is HIDDEN
    assert row.counterparts is HIDDEN
    assert [o.name for o in row.leads]  # leads are no secret
    assert row.get_practice_type_display() == "Joint event or campaign"
    (full,) = list(engagements_for(coalition=cast.lens, role="coordinator"))
    assert full.title == SECRET
    assert [o.pk for o in full.counterparts] == [police.pk]


def test_a_masked_row_offers_no_way_round_the_mask(cast, restricted):
    row = engagements_for(coalition=cast.lens, role="viewer").get(restricted[0].pk)
    assert row is not None
    # related managers would list every counterpart; writes have no business on a read
    for name in ("participations", "organisations", "save", "delete", "refresh_from_db"):
        with pytest.raises(AttributeError):
            getattr(row, name)


def test_values_come_back_empty_from_the_database_where_the_role_may_not_read(
    cast, restricted, django_assert_num_queries
):
    with django_assert_num_queries(1) as ctx:
        (row,) = engagements_for(coalition=cast.lens, role="member").values(
            "pk", "title", "outcome", "practice_type"
        )
    assert row == {
        "pk": restricted[0].pk,
        "title": None,
        "outcome": None,
        "practice_type": "JOINT_EVENT",
        "visible": False,
    }
    sql = ctx.captured_queries[0]["sql"]
    assert "CASE WHEN" in sql.upper()  # the hidden value never leaves the database
    (row,) = engagements_for(coalition=cast.lens, role="coordinator").values("title")
    assert row == {"title": SECRET, "visible": True}


def test_participations_leave_out_counterparts_the_role_may_not_see(cast, restricted):
    _e, police = restricted
    for role, expected in (("coordinator", {"LEAD", "COUNTERPART"}), ("analyst", {"LEAD"})):
        rows = engagements_for(coalition=cast.lens, role=role).participations(
            "role", "organisation_id"
        )
        assert {r for r, _o in rows} == expected, role
        assert (police.pk in {o for _r, o in rows}) == (role == "coordinator")


@pytest.mark.parametrize(
    "field", ["title", "outcome", "counterparts", "engagement__title", "engagement__outcome_notes"]
)
def test_grouping_or_reading_a_confidential_field_raw_is_refused(cast, restricted, field):
    readable = engagements_for(coalition=cast.lens, role="coordinator")
    with pytest.raises(ValueError, match="confidential"):
        readable.count_by(field)
    with pytest.raises(ValueError, match="confidential"):
        readable.participations(field)


def test_counts_by_practice_count_every_engagement_for_every_role(cast, restricted):
    EngagementFactory(coalition=cast.lens, practice_type="POLICY_CONSULTATION")
    for role in ("coordinator", "analyst", "member", "viewer"):
        readable = engagements_for(coalition=cast.lens, role=role)
        assert readable.count() == 2
        assert sorted(readable.count_by("practice_type")) == [
            ("JOINT_EVENT", 1),
            ("POLICY_CONSULTATION", 1),
        ]


def test_a_hidden_value_renders_as_a_notice_and_is_falsy():
    assert isinstance(HIDDEN, Hidden)
    assert str(HIDDEN) == "Confidential"
    assert not HIDDEN
    assert list(HIDDEN) == []
