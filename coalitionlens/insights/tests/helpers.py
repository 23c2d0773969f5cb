"""A small coalition with every mode of engagement, for the insight pages' tests, the errors a
page in the browser reports, and the page count of a PDF (an exercise's handout)."""

from __future__ import annotations

import datetime as dt
import re
import zlib

from coalitionlens.coalitions.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    core_sector,
)
from coalitionlens.engagements.models import Engagement, Participation
from coalitionlens.engagements.tests.factories import EngagementFactory

SECTORS = ["CIVIL_SOCIETY", "GOVERNMENT", "BUSINESS", "FAITH_BASED", "LAW_ENFORCEMENT"]


def grow(coalition, n, *, confidential_counterpart=None):
    """Add ``n`` organisations across sectors, each a member or partner, each in an engagement with
    the secretariat; returns the organisations added."""
    today = dt.date.today()
    if coalition.secretariat_id is None:
        coalition.secretariat = OrganisationFactory(
            coalition=coalition,
            name=f"{coalition.slug} secretariat",
            sector=core_sector("CIVIL_SOCIETY"),
        )
        coalition.save()
    orgs = []
    for i in range(n):
        sector = SECTORS[i % len(SECTORS)]
        org = OrganisationFactory(coalition=coalition, sector=core_sector(sector))
        orgs.append(org)
        if sector in ("CIVIL_SOCIETY", "FAITH_BASED"):
            MembershipFactory(organisation=org)
        else:
            PartnershipFactory(organisation=org)
        e = EngagementFactory(
            coalition=coalition,
            date=today - dt.timedelta(days=30 * (i % 20)),
            follow_up_due=today - dt.timedelta(days=5),
            practice_type="POLICY_CONSULTATION" if sector == "GOVERNMENT" else "JOINT_EVENT",
        )
        Participation.objects.create(
            coalition=coalition, engagement=e, organisation=coalition.secretariat, role="LEAD"
        )
        Participation.objects.create(
            coalition=coalition, engagement=e, organisation=org, role="COUNTERPART"
        )
    if confidential_counterpart is not None:
        e = EngagementFactory(coalition=coalition, date=today, confidentiality="RESTRICTED")
        Participation.objects.create(
            coalition=coalition, engagement=e, organisation=orgs[0], role="LEAD"
        )
        Participation.objects.create(
            coalition=coalition,
            engagement=e,
            organisation=confidential_counterpart,
            role="COUNTERPART",
        )
    return orgs


def _errors(page):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def pdf_page_count(data: bytes) -> int:
    """The ``/Count`` of a PDF's page tree, read from the file itself (its object streams are
    deflated first): what a PDF reader would show as the number of pages."""
    assert data.startswith(b"%PDF-")
    parts = [data]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(m.group(1)))
        except zlib.error:
            continue  # not a deflated stream (an image, a font): no page tree in it
    text = b"".join(parts)
    counts = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", text)
    counts += re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", text)
    assert counts, "no page tree found"
    return max(int(c) for c in counts)


def timeline_coalition(coalition):
    """A coalition whose timeline is worked out by hand (``y`` this year), returned with its
    organisations: the secretariat ``S``; ``C`` (civil society) a member from y-2-03-01 who withdrew
    on y-1-06-01; ``A`` (government) a member from y-1-02-01 and in an engagement with S on
    y-1-05-01; ``B`` (business) a partner from y-1-04-01; on y-01-01 a *confidential* engagement led
    by A with B as counterpart, which a member or a viewer does not fully read (so the tie A–B is
    in the coordinator's and the analyst's networks only)."""
    y = dt.date.today().year
    s = OrganisationFactory(
        coalition=coalition, name="Timeline secretariat", sector=core_sector("CIVIL_SOCIETY")
    )
    coalition.secretariat = s
    coalition.save()
    a = OrganisationFactory(
        coalition=coalition, name="Timeline ministry", sector=core_sector("GOVERNMENT")
    )
    b = OrganisationFactory(
        coalition=coalition, name="Timeline business", sector=core_sector("BUSINESS")
    )
    c = OrganisationFactory(
        coalition=coalition, name="Timeline civic group", sector=core_sector("CIVIL_SOCIETY")
    )
    MembershipFactory(
        organisation=c,
        joined_on=dt.date(y - 2, 3, 1),
        ended_on=dt.date(y - 1, 6, 1),
        status="WITHDRAWN",
        end_reason="MISSION_CHANGE",
    )
    MembershipFactory(organisation=a, joined_on=dt.date(y - 1, 2, 1))
    PartnershipFactory(organisation=b, started_on=dt.date(y - 1, 4, 1))

    def engagement(day, **extra):
        # not the factory, which adds a lead organisation of its own
        return Engagement.objects.create(
            coalition=coalition,
            date=day,
            title=f"Timeline {day}",
            practice_type="JOINT_EVENT",
            domains=["AWARENESS"],
            **extra,
        )

    open_ = engagement(dt.date(y - 1, 5, 1))
    Participation.objects.create(coalition=coalition, engagement=open_, organisation=s, role="LEAD")
    Participation.objects.create(
        coalition=coalition, engagement=open_, organisation=a, role="COUNTERPART"
    )
    hidden = engagement(dt.date(y, 1, 1), confidentiality="CONFIDENTIAL")
    Participation.objects.create(
        coalition=coalition, engagement=hidden, organisation=a, role="LEAD"
    )
    Participation.objects.create(
        coalition=coalition, engagement=hidden, organisation=b, role="COUNTERPART"
    )
    return {"S": s, "A": a, "B": b, "C": c}
