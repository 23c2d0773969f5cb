"""The Reports page: ask for a report, watch it being made, download it (an audited export); and an
exercise's one-page handout as a PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coalitionlens.accounts.permissions import report_perm
from coalitionlens.accounts.reauth import confirm_first, signed_in_recently
from coalitionlens.accounts.scoping import Scope, get_scope
from coalitionlens.audit.models import Action
from coalitionlens.audit.services import audit_record
from coalitionlens.insights.handouts import exercise_asked, handout_language
from coalitionlens.kit.once import once
from coalitionlens.reports.forms import ReportForm
from coalitionlens.reports.handouts import handout_pdf
from coalitionlens.reports.models import Report, ReportStatus
from coalitionlens.reports.selectors import reports_for
from coalitionlens.reports.services import FORMATS, WAIT_NOTICE, report_reap, report_request


def _scope_for_reports(request: HttpRequest, slug: str) -> Scope:
    scope = get_scope(request, slug)
    scope.require("cl.make_reports", request)
    return scope


def _get_report_for_user(request: HttpRequest, slug: str, pk: int) -> tuple[Scope, Report]:
    """404 for a report of another coalition; 403 and an audit entry when the user's role may not
    read everything the report's role reads (the report page's and every other refusal)."""
    scope = get_scope(request, slug)
    report = Report.objects.filter(coalition=scope.coalition, pk=pk).defer("content").first()
    if report is None:
        raise Http404
    scope.require(report_perm(report.role), request)
    return scope, report


@login_required
@once
@require_http_methods(["GET", "HEAD", "POST"])
def report_list(request: HttpRequest, slug: str) -> HttpResponse:
    scope = _scope_for_reports(request, slug)
    initial = {"format": "pdf", "language": scope.coalition.default_language or "en"}
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        report = report_request(
            coalition=scope.coalition,
            user=request.user,
            role=scope.role,
            fmt=form.cleaned_data["format"],
            lang=form.cleaned_data["language"],
            safe=form.cleaned_data["safe"],
            as_of=form.cleaned_data["as_of"],
        )
        return HttpResponseRedirect(reverse("report_detail", args=[slug, report.pk]))
    report_reap(coalition=scope.coalition)
    reports = reports_for(coalition=scope.coalition, role=scope.role)[:20]
    return render(
        request,
        "reports/list.html",
        {"scope": scope, "coalition": scope.coalition, "form": form, "reports": reports},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def report_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope, report = _get_report_for_user(request, slug, pk)
    now = timezone.now()
    if (
        report.status == ReportStatus.RUNNING
        and report.lease_expires_at is not None
        and report.lease_expires_at < now
        and report_reap(report_id=report.pk, now=now)
    ):
        scope, report = _get_report_for_user(request, slug, pk)
    pending = report.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)
    # No worker has started it for a while: say so, so nobody takes it for stuck for ever.
    waiting = report.status == ReportStatus.QUEUED and now - report.queued_at > WAIT_NOTICE
    # Queued again after a takeover (attempt 1 done for), or running its second attempt.
    retrying = pending and report.attempt >= (1 if report.status == ReportStatus.QUEUED else 2)
    response = render(
        request,
        "reports/detail.html",
        {
            "scope": scope,
            "coalition": scope.coalition,
            "report": report,
            "pending": pending,
            "waiting": waiting,
            "retrying": retrying,
            "recent": signed_in_recently(request),
        },
    )
    if pending:
        # The page reloads itself while the worker runs: no script, so nothing for the CSP to allow.
        response["Refresh"] = "2"
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def report_download(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope, report = _get_report_for_user(request, slug, pk)
    if report.status != ReportStatus.DONE:
        raise Http404
    if not signed_in_recently(request):
        return confirm_first(
            request,
            reverse("report_download", args=[slug, pk]),
            _("Downloads need a recent sign-in: please confirm it is you."),
        )
    content = Report.objects.values_list("content", flat=True).get(pk=report.pk)
    audit_record(
        action=Action.EXPORT,
        actor=request.user,
        coalition_id=scope.coalition.pk,
        obj=report,
        summary=f"downloaded report {report.pk} ({report.format}, {report.language}"
        f"{', safe mode' if report.safe else ''}"
        f"{f', as of {report.as_of.isoformat()}' if report.as_of else ''})",
        request=request,
    )
    response = HttpResponse(bytes(content), content_type=FORMATS[report.format])
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def exercise_handout(request: HttpRequest, slug: str) -> HttpResponse:
    """An exercise's one-page handout as a PDF (``?id=``, and ``?lang=`` en, fr or km, else the
    reader's language), for every role of the coalition. It holds the library's text only, no
    coalition data: not an export, so neither audited nor behind a recent sign-in."""
    scope = get_scope(request, slug)
    scope.require("cl.view_coalition", request)
    exercise = exercise_asked(request)
    lang = handout_language(request.GET.get("lang"), get_language())
    response = HttpResponse(handout_pdf(exercise.id, lang), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="exercise-{exercise.id}-{lang}.pdf"'
    return response
