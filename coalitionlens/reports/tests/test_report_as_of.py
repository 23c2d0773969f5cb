"""A report for a past day asked for on the web: the form's "As of" day, stored on the report, made
by the worker as of that day (as ``report_build(today=…)`` makes it, the command line's path), kept
when the report is retried, and shown on the pages and in the file's name."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.engagements.models import Engagement, Participation
from coalitionlens.reports import services
from coalitionlens.reports.forms import ReportForm
from coalitionlens.reports.models import Report, ReportStatus
from coalitionlens.reports.selectors import report_data

pytestmark = pytest.mark.usefixtures("tasks_run_in_the_request")

DAY = dt.date(2025, 6, 30)
TODAY = timezone.localdate()


def _tie(lens, day, lead, counterpart):
    e = Engagement.objects.create(
        coalition=lens, date=day, practice_type="JOINT_EVENT", title=f"Meeting of {day}"
    )
    for org, role in ((lead, "LEAD"), (counterpart, "COUNTERPART")):
        Participation.objects.create(coalition=lens, engagement=e, organisation=org, role=role)


def _a_tie_before_the_day_and_one_after(cast):
    """Two organisations met before :data:`DAY`; one of them met a third yesterday."""
    a, b, c = (OrganisationFactory(coalition=cast.lens) for _ in range(3))
    _tie(cast.lens, dt.date(2025, 5, 1), a, b)
    _tie(cast.lens, TODAY - dt.timedelta(days=1), a, c)


def _ties(role, lens, day):
    summary = report_data(coalition=lens, role=role, lang="en", today=day).sections[0]
    return dict(summary.tables[0]["rows"])["Ties"]


@pytest.mark.parametrize(
    ("day", "says"),
    [
        (TODAY + dt.timedelta(days=1), "after today"),
        (dt.date(1999, 12, 31), "before 2000-01-01"),
    ],
)
def test_the_form_refuses_a_day_after_today_or_before_2000_on_its_field(day, says):
    form = ReportForm({"format": "html", "language": "en", "as_of": day.isoformat()})
    assert not form.is_valid()
    assert list(form.errors) == ["as_of"]
    assert says in form.errors["as_of"][0]


@pytest.mark.parametrize("day", [None, TODAY, dt.date(2000, 1, 1), DAY])
def test_the_form_takes_today_a_past_day_or_none(day):
    form = ReportForm({"format": "html", "language": "en", "as_of": day.isoformat() if day else ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["as_of"] == day


def test_the_page_shows_the_refusal_on_the_field_and_makes_no_report(client, cast):
    client.force_login(cast.alice)
    response = client.post(
        reverse("report_list", args=["lens"]),
        {"format": "html", "language": "en", "as_of": "1999-12-31"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_as_of_error"' in body
    assert "before 2000-01-01" in body
    assert not Report.objects.exists()


def test_the_form_has_a_date_input_between_2000_and_today_with_its_help(client, cast):
    client.force_login(cast.alice)
    body = client.get(reverse("report_list", args=["lens"])).content.decode()
    assert 'type="date" name="as_of"' in body
    assert 'min="2000-01-01"' in body
    assert f'max="{TODAY.isoformat()}"' in body
    assert "Leave empty for today. A past day shows the findings, network and survey rounds" in body


def test_a_report_asked_for_a_past_day_is_the_report_of_that_day(
    client, cast, django_capture_on_commit_callbacks
):
    _a_tie_before_the_day_and_one_after(cast)
    assert (_ties("analyst", cast.lens, DAY), _ties("analyst", cast.lens, None)) == ("1", "2")
    client.force_login(cast.carol)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("report_list", args=["lens"]),
            {"format": "html", "language": "en", "as_of": DAY.isoformat()},
        )
    report = Report.objects.get(coalition=cast.lens)
    assert (report.status, report.role, report.as_of) == (ReportStatus.DONE, "analyst", DAY)
    build = {"coalition": cast.lens, "role": "analyst", "fmt": "html", "lang": "en"}
    then = services.report_build(**build, today=DAY)
    assert then == services.report_build(**build, today=DAY)  # the bytes are deterministic
    assert bytes(report.content) == then
    assert bytes(report.content) != services.report_build(**build)


def test_a_report_asked_for_no_day_is_todays(client, cast, django_capture_on_commit_callbacks):
    _a_tie_before_the_day_and_one_after(cast)
    client.force_login(cast.alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("report_list", args=["lens"]), {"format": "html", "language": "en"})
    report = Report.objects.get(coalition=cast.lens)
    assert report.as_of is None
    today = services.report_build(coalition=cast.lens, role="coordinator", fmt="html", lang="en")
    assert bytes(report.content) == today


def test_a_report_retried_after_its_worker_stopped_keeps_its_day(cast):
    _a_tie_before_the_day_and_one_after(cast)
    report = Report.objects.create(
        coalition=cast.lens, role="coordinator", format="html", language="en", as_of=DAY
    )
    assert services.report_claim(report_id=report.pk, attempt=1, worker="h:1")
    Report.objects.filter(pk=report.pk).update(
        lease_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert services.report_reap() == [(report.pk, "retried")]  # attempt 2 runs at once here
    report.refresh_from_db()
    assert (report.status, report.attempt, report.as_of) == (ReportStatus.DONE, 2, DAY)
    assert bytes(report.content) == services.report_build(
        coalition=cast.lens, role="coordinator", fmt="html", lang="en", today=DAY
    )


def test_the_pages_and_the_file_name_say_the_day_of_a_past_report(client, cast):
    past = Report.objects.create(
        coalition=cast.lens,
        role="coordinator",
        format="html",
        language="en",
        as_of=DAY,
        status=ReportStatus.DONE,
        content=b"<html>then</html>",
    )
    today = Report.objects.create(
        coalition=cast.lens, role="coordinator", format="pdf", language="fr"
    )
    client.force_login(cast.alice)
    listing = client.get(reverse("report_list", args=["lens"])).content.decode()
    assert listing.count("as of 2025-06-30") == 1
    detail = client.get(reverse("report_detail", args=["lens", past.pk])).content.decode()
    assert "as of 2025-06-30" in detail
    assert "lens-report-en-2025-06-30.html" in detail
    assert past.filename == "lens-report-en-2025-06-30.html"
    assert today.filename == "lens-report-fr.pdf"
    detail = client.get(reverse("report_detail", args=["lens", today.pk])).content.decode()
    assert "as of" not in detail


def test_a_viewer_cannot_ask_for_a_report_with_a_day_either(client, cast):
    client.force_login(cast.vic)
    url = reverse("report_list", args=["lens"])
    without = client.post(url, {"format": "html", "language": "en"})
    with_day = client.post(url, {"format": "html", "language": "en", "as_of": DAY.isoformat()})
    assert (without.status_code, with_day.status_code) == (403, 403)
    assert not Report.objects.exists()
    first, second = AuditEntry.objects.filter(action=Action.DENIED, actor=cast.vic).order_by("pk")
    assert first.summary == second.summary
    assert first.summary.startswith("cl.make_reports POST ")
