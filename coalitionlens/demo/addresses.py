"""Fictional e-mail addresses for the demo's fictional respondents, so that invitations and
reminders have somewhere to go on the demo (``make demo`` prints mail on the console).

Every address is on ``example.org``, a domain reserved for documentation (RFC 2606): no message
sent to it reaches anyone. In the open round each respondent was invited when the round opened,
with a link whose token nobody kept (only its hash is stored, as for a real invitation), so a
reminder finds them as it would find real people; a coordinator can still give anyone a new link.
"""

from __future__ import annotations

import secrets

from django.utils.text import slugify

from coalitionlens.coalitions.models import Coalition
from coalitionlens.surveys.models import Respondent, RoundStatus
from coalitionlens.surveys.services import token_hash

#: The reserved domain of every demo address (RFC 2606).
DOMAIN = "example.org"


def demo_address(respondent: Respondent) -> str:
    """``representative-1.<organisation>.<coalition>@example.org``: fictional, and one per person
    (an organisation's representatives are numbered within it)."""
    person = slugify(respondent.name) or f"respondent-{respondent.pk}"
    organisation = slugify(respondent.organisation.name)[:28].strip("-") or "organisation"
    return f"{person}.{organisation}.{respondent.coalition.slug}@{DOMAIN}"


def demo_addresses_give(coalition: Coalition) -> int:
    """Give the respondents of ``coalition``'s demo rounds their fictional addresses, and those of
    its open rounds an invitation sent at the opening. Returns how many respondents were given an
    address. Call inside the transaction that wrote the rounds."""
    people = list(
        Respondent.objects.filter(coalition=coalition, email="")
        .select_related("organisation", "coalition", "round")
        .order_by("pk")
    )
    for person in people:
        person.email = demo_address(person)
        if person.round.status == RoundStatus.OPEN and person.token_hash is None:
            person.token_hash = token_hash(secrets.token_urlsafe(24))
            person.invited_at = person.round.opened_at or person.invited_at
    Respondent.objects.bulk_update(people, ["email", "token_hash", "invited_at"], batch_size=500)
    return len(people)
