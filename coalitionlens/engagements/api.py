"""The REST API's engagement log, ``/api/v1/coalitions/{slug}/engagements``.

Reads go through :func:`coalitionlens.engagements.selectors.engagements_for`, the one way in, as
the log's pages do (the resource declared in ``engagements/views.py``): rows are
:class:`~coalitionlens.engagements.policy.MaskedEngagement`, and a field the caller's role may not
read is ``null`` here where the page shows "Confidential" (``masked`` says so), counterparts
included. Search, filters and sort are the page's, so they read only what the role reads. Writes go
through the engagement form and :func:`~coalitionlens.engagements.services.engagement_save`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Router, Schema

from coalitionlens.accounts.scoping import get_scope
from coalitionlens.coalitions import vocab
from coalitionlens.engagements import views
from coalitionlens.engagements.policy import MaskedEngagement
from coalitionlens.kit.api import resource_routes
from coalitionlens.kit.masking import Hidden

__all__ = ["router"]

router = Router(tags=["engagements"])


class OrganisationRef(Schema):
    id: int
    name: str


class EngagementOut(Schema):
    id: int
    date: dt.date
    end_date: dt.date | None
    practice_type: str
    domains: list[str]
    four_ps: list[str]
    initiated_by: str
    confidentiality: str
    leads: list[OrganisationRef]
    masked: bool = Field(
        ..., description="Your role may not read this engagement's confidential fields: null"
    )
    # Confidential: null where ``masked``.
    title: str | None
    description: str | None
    counterparts: list[OrganisationRef] | None
    outcome: str | None
    outcome_notes: str | None
    follow_up: str | None
    follow_up_due: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime


_OWN_FIELDS = [
    name for name in EngagementOut.model_fields if name not in {"leads", "counterparts", "masked"}
]


def _refs(organisations: Any) -> list[dict[str, Any]] | None:
    if isinstance(organisations, Hidden):
        return None
    return [{"id": o.pk, "name": o.name} for o in organisations]


def _dump(engagement: MaskedEngagement) -> dict[str, Any]:
    """A masked engagement as the API shows it: what the page shows "Confidential" is null."""
    row = {name: getattr(engagement, name) for name in _OWN_FIELDS}
    return {
        **{k: None if isinstance(v, Hidden) else v for k, v in row.items()},
        "leads": _refs(engagement.leads),
        "counterparts": _refs(engagement.counterparts),
        "masked": engagement.is_masked,
    }


class EngagementIn(Schema):
    """An engagement as its form takes it (organisations by id)."""

    date: dt.date
    end_date: dt.date | None = None
    practice_type: vocab.PracticeType
    title: str = Field(..., max_length=200)
    leads: list[int]
    counterparts: list[int] = []
    domains: list[vocab.ActivityDomain] = []
    four_ps: list[vocab.FourP] = []
    initiated_by: vocab.Initiator = vocab.Initiator.COALITION
    description: str = ""
    outcome: vocab.Outcome = vocab.Outcome.PENDING
    outcome_notes: str = ""
    follow_up: str = ""
    follow_up_due: dt.date | None = None
    confidentiality: vocab.Confidentiality = vocab.Confidentiality.INTERNAL


class EngagementQuery(Schema):
    """The engagement log's filters and sort."""

    q: str = Field("", max_length=100, description="Words of the titles your role reads")
    practice_type: str = ""
    year: int | None = None
    organisation: int | None = Field(
        None, description="Engagements it leads, or takes part in as a counterpart you may see"
    )
    sort: str = Field("", description="'' (newest first), 'date', 'practice' or 'title'")


resource_routes(
    router,
    views.ENGAGEMENTS,
    get_scope=get_scope,
    out=EngagementOut,
    write=EngagementIn,
    filters=EngagementQuery,
    dump=lambda engagement, scope: _dump(engagement),
)
