"""Data: decide who counts towards k in rounds that opened before the roster rule existed.

Each respondent of an open or closed round is decided as :func:`coalitionlens.surveys.services.
respondents_freeze` does, counted back from the round's creation (the earliest it can have opened,
which counts the fewest organisations) with the roster days in force; the snapshot of each closed
round gets the ``counts`` and ``invitee`` columns and format 2. Self-contained on purpose: the
rule is copied here as it stands, so a later change to it cannot change what this migration did.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import migrations
from django.db.models import Q


def forwards(apps, schema_editor):
    SurveyRound = apps.get_model("surveys", "SurveyRound")
    Respondent = apps.get_model("surveys", "Respondent")
    Membership = apps.get_model("coalitions", "Membership")
    Partnership = apps.get_model("coalitions", "Partnership")
    days = int(getattr(settings, "COALITIONLENS_SURVEY_ROSTER_DAYS", 28))
    for round_ in SurveyRound.objects.exclude(status="draft").iterator():
        at = round_.opened_at or round_.created_at
        day = at.date()
        people = list(
            Respondent.objects.filter(round=round_, counts__isnull=True).select_related(
                "organisation"
            )
        )
        orgs = {p.organisation_id for p in people}
        standing = set(
            Membership.objects.filter(organisation_id__in=orgs, status="ACTIVE").values_list(
                "organisation_id", flat=True
            )
        ) | set(
            Partnership.objects.filter(organisation_id__in=orgs)
            .filter(Q(started_on__isnull=True) | Q(started_on__lte=day))
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
            .values_list("organisation_id", flat=True)
        )
        for p in people:
            if p.organisation.created_at > at - dt.timedelta(days=days):
                p.counts, p.left_out = False, "new_to_roster"
            elif p.organisation_id not in standing:
                p.counts, p.left_out = False, "not_member_or_partner"
            else:
                p.counts, p.left_out = True, ""
        Respondent.objects.bulk_update(people, ["counts", "left_out"])
        snap = round_.snapshot or {}
        if round_.status == "closed" and snap and int(snap.get("format", 1)) < 2:
            counts = dict(
                Respondent.objects.filter(round=round_).values_list("pk", "counts")
            )
            invited = dict(snap.get("invited") or {})
            ids = invited.get("respondent", [])
            invited["counts"] = [bool(counts.get(i)) for i in ids]
            invited["invitee"] = [True for _i in ids]
            snap["invited"] = invited
            snap["format"] = 2
            round_.snapshot = snap
            round_.save(update_fields=["snapshot"])


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_respondents_frozen_and_links_reissued"),
        ("coalitions", "0003_verbose_names"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
