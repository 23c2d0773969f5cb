"""Coordinator pages for survey rounds, and the (suppressed) results every role reads."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from coalitionlens.accounts.models import CoalitionRole
from coalitionlens.accounts.scoping import Scope, get_scope
from coalitionlens.audit.models import Action
from coalitionlens.audit.services import audit_record
from coalitionlens.kit.once import once, once_answered
from coalitionlens.surveys import change, presenting, published, selectors, services
from coalitionlens.surveys.conf import survey_k, survey_reminder_interval, survey_roster_days
from coalitionlens.surveys.forms import INSTRUMENT_LABELS, RespondentForm, RoundForm
from coalitionlens.surveys.models import Respondent, RoundStatus, SurveyRound
from coalitionlens.surveys.scoring import response_rates


def _get_round_for_user(
    request: HttpRequest, slug: str, pk: int, perm: str
) -> tuple[Scope, SurveyRound]:
    scope = get_scope(request, slug)
    round_ = SurveyRound.objects.filter(coalition=scope.coalition, pk=pk).first()
    if round_ is None:
        raise Http404
    scope.require(perm, request)
    return scope, round_


def _to_detail(slug: str, pk: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("survey_round_detail", args=[slug, pk]))


@login_required
@require_http_methods(["GET", "HEAD"])
def round_list(request: HttpRequest, slug: str) -> HttpResponse:
    scope = get_scope(request, slug)
    scope.require("cl.view_coalition", request)
    rounds = selectors.rounds_for(coalition=scope.coalition)
    return render(
        request,
        "surveys/round_list.html",
        {
            "scope": scope,
            "coalition": scope.coalition,
            "rounds": rounds,
            "can_manage": scope.can("cl.manage_surveys"),
            "k": survey_k(),
        },
    )


@login_required
@once
@require_http_methods(["GET", "HEAD", "POST"])
def round_create(request: HttpRequest, slug: str) -> HttpResponse:
    scope = get_scope(request, slug)
    scope.require("cl.manage_surveys", request)
    form = RoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(
                coalition=scope.coalition, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Round created. Add respondents, then open it."))
            return _to_detail(slug, round_.pk)
    return render(
        request,
        "surveys/round_form.html",
        {"scope": scope, "coalition": scope.coalition, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _response_table(round_: SurveyRound, k: int) -> list[dict[str, Any]]:
    """Live response rates of an open round (coordinators): submitted responses of the people who
    count towards k, so that a new link, which discards unsubmitted answers, changes no figure."""
    invited = selectors.invited_table(round=round_, submitted_only=True)
    orgs = selectors.organisations_table(coalition_id=round_.coalition_id)
    sector_of = dict(zip(orgs["id"], orgs["sector"], strict=True))
    people = [
        o
        for o, c, i in zip(
            invited["organisation"], invited["counts"], invited["invitee"], strict=True
        )
        if c and i
    ]
    counts = Counter(sector_of.get(o) for o in people)
    counts_all = {str(k_): v for k_, v in counts.items()}
    counts_all["ALL"] = len(people)
    cells = response_rates(pd.DataFrame(invited), pd.DataFrame(orgs), k)
    return presenting.response_rows(cells, counts_all)


@login_required
@require_http_methods(["GET", "HEAD"])
def round_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope, round_ = _get_round_for_user(request, slug, pk, "cl.view_coalition")
    can_manage = scope.can("cl.manage_surveys")
    k = survey_k()
    ctx: dict[str, Any] = {
        "scope": scope,
        "coalition": scope.coalition,
        "round": round_,
        "can_manage": can_manage,
        "k": k,
        "roster_days": survey_roster_days(),
        "legend": presenting.suppression_legend(k),
        "counting": published.round_counting(round=round_),
        "instrument_labels": [
            INSTRUMENT_LABELS[c] for c in round_.instruments if c in INSTRUMENT_LABELS
        ],
    }
    if can_manage:
        ctx["respondents"] = (
            Respondent.objects.filter(round=round_, earlier_link_of__isnull=True)
            .select_related("organisation")
            .order_by("organisation__name", "pk")
        )
        ctx["form"] = RespondentForm(coalition=scope.coalition)
        ctx["rates"] = _response_table(round_, k) if round_.status != RoundStatus.DRAFT else []
        interval = survey_reminder_interval()
        ctx["reminder_hours"] = int(interval.total_seconds() // 3600)
        ctx["reminder_next"] = round_.reminded_at + interval if round_.reminded_at else None
    return render(request, "surveys/round_detail.html", ctx)


@login_required
@require_http_methods(["POST"])
def round_open(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _scope, round_ = _get_round_for_user(request, slug, pk, "cl.manage_surveys")
    try:
        services.round_open(round=round_, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The round is open. Send the invitations."))
    return _to_detail(slug, pk)


@login_required
@require_http_methods(["POST"])
def round_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _scope, round_ = _get_round_for_user(request, slug, pk, "cl.manage_surveys")
    try:
        services.round_close(round=round_, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The round is closed; its results are ready."))
    return _to_detail(slug, pk)


@login_required
@once
@require_http_methods(["POST"])
def round_respondents(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Add one respondent, or every person with a role who represents an organisation."""
    scope, round_ = _get_round_for_user(request, slug, pk, "cl.manage_surveys")
    try:
        if request.POST.get("representatives"):
            have = set(Respondent.objects.filter(round=round_).values_list("email", flat=True))
            added = 0
            for role in CoalitionRole.objects.filter(
                coalition=scope.coalition, organisation__isnull=False
            ).select_related("user", "organisation"):
                if role.user.email in have:
                    continue
                services.respondent_add(
                    round=round_,
                    organisation=role.organisation,  # type: ignore[arg-type]
                    name=str(role.user),
                    email=role.user.email,
                    language=role.user.preferred_language or "en",
                    actor=request.user,
                    request=request,
                )
                added += 1
            messages.success(request, _("%(n)s respondents added.") % {"n": added})
        else:
            form = RespondentForm(request.POST, coalition=scope.coalition)
            if not form.is_valid():
                messages.error(
                    request, _("Check the respondent's organisation and e-mail address.")
                )
                return _to_detail(slug, pk)
            services.respondent_add(
                round=round_, actor=request.user, request=request, **form.cleaned_data
            )
            messages.success(request, _("Respondent added."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _to_detail(slug, pk)


@login_required
@require_http_methods(["POST"])
def respondent_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope = get_scope(request, slug)
    respondent = (
        Respondent.objects.filter(coalition=scope.coalition, pk=pk).select_related("round").first()
    )
    if respondent is None:
        raise Http404
    scope.require("cl.manage_surveys", request)
    try:
        services.respondent_remove(respondent=respondent, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _to_detail(slug, respondent.round_id)


@login_required
@once
@require_http_methods(["POST"])
def round_invite(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Issue links (new respondents, or one respondent again) and show them once for copying."""
    scope, round_ = _get_round_for_user(request, slug, pk, "cl.manage_surveys")
    people = Respondent.objects.filter(
        round=round_, withdrawn_at__isnull=True, earlier_link_of__isnull=True
    ).select_related("organisation")
    if request.POST.get("respondent"):
        people = people.filter(pk=request.POST.get("respondent") or 0)
    else:
        people = people.filter(invited_at__isnull=True)
    try:
        issued = services.invitations_issue(
            round=round_,
            respondents=list(people.order_by("organisation__name", "pk")),
            base_url=request.build_absolute_uri("/"),
            actor=request.user,
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _to_detail(slug, pk)
    response = render(
        request,
        "surveys/invitations.html",
        {
            "scope": scope,
            "coalition": scope.coalition,
            "round": round_,
            "links": issued.links,
            "unmailed": issued.unmailed,
        },
    )
    response["Cache-Control"] = "no-store"
    # The links are shown once: a resend of this form answers that they were, and issues none.
    return once_answered(response, then=reverse("survey_round_detail", args=[slug, pk]))


@login_required
@require_http_methods(["POST"])
def round_remind(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """E-mail a reminder to those who have not submitted; the coordinator is told neither who
    they are nor how many (services.reminders_send)."""
    _scope, round_ = _get_round_for_user(request, slug, pk, "cl.manage_surveys")
    try:
        services.reminders_send(round=round_, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Reminders were e-mailed to the people invited by e-mail who have not submitted. "
                "Who they are, and how many, is not shown."
            ),
        )
    return _to_detail(slug, pk)


@login_required
@require_http_methods(["GET", "HEAD"])
def round_results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope, round_ = _get_round_for_user(request, slug, pk, "cl.view_survey_results")
    shown = published.published_results(round=round_)
    if shown is None:
        raise Http404
    k = survey_k()
    show_targets = scope.can("cl.view_survey_targets")
    ctx: dict[str, Any] = {
        "scope": scope,
        "coalition": scope.coalition,
        "round": round_,
        "results": shown.results,
        "k": k,
        "comment_k": k + 3,
        "show_targets": show_targets,
        "legend": presenting.suppression_legend(k),
        **presenting.result_tables(shown, show_targets=show_targets),
    }
    services.results_viewed(request=request, scope=scope, round=round_, how="page")
    return render(request, "surveys/results.html", ctx)


@login_required
@require_http_methods(["GET", "HEAD"])
def round_compare(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Round against round: this closed round and another (``?against=``, by default the one that
    closed just before it, else just after), only cells published in both, with the change."""
    scope, round_ = _get_round_for_user(request, slug, pk, "cl.view_survey_results")
    if round_.status != RoundStatus.CLOSED:
        raise Http404
    others = list(
        SurveyRound.objects.filter(coalition=scope.coalition, status=RoundStatus.CLOSED)
        .exclude(pk=round_.pk)
        .order_by("closed_at", "id")
    )
    wanted = request.GET.get("against", "")
    other = next((r for r in others if str(r.pk) == wanted), None)
    if other is None and wanted:
        raise Http404
    if other is None and others:
        closed = sorted([*others, round_], key=lambda r: (r.closed_at, r.pk))
        default = change.default_against([r.pk for r in closed], round_.pk)
        other = next(r for r in others if r.pk == default)
    shown = (
        change.round_change(coalition=scope.coalition, before=round_.pk, after=other.pk)
        if other is not None
        else None
    )
    ctx: dict[str, Any] = {
        "scope": scope,
        "coalition": scope.coalition,
        "round": round_,
        "other": other,
        "others": others,
        "change": shown,
        "k": survey_k(),
        **(presenting.change_tables(shown) if shown is not None else {}),
    }
    if shown is not None:
        services.results_viewed(request=request, scope=scope, round=round_, how="page", other=other)
    return render(request, "surveys/compare.html", ctx)


@login_required
@require_http_methods(["GET", "HEAD"])
def round_xlsform(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The round's XLSForm for offline collection (it holds the roster, so it is audited)."""
    scope, round_ = _get_round_for_user(request, slug, pk, "cl.manage_surveys")
    data = selectors.round_xlsform(round=round_)
    audit_record(
        action=Action.EXPORT,
        actor=request.user,
        coalition_id=scope.coalition.pk,
        obj=round_,
        summary=f"downloaded the XLSForm of {round_.title}"[:300],
        request=request,
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="survey-round-{round_.pk}.xlsx"'
    return response


@login_required
@once
@require_http_methods(["POST"])
def round_import(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Upload a KoboToolbox or ODK Central export; all or nothing."""
    from django.conf import settings

    from coalitionlens.surveys.offline import ImportFailed, submissions_import

    _scope, round_ = _get_round_for_user(request, slug, pk, "cl.manage_surveys")
    upload = request.FILES.get("file")
    if (
        upload is None
        or upload.size is None
        or upload.size > settings.COALITIONLENS_IMPORT_MAX_BYTES
    ):
        messages.error(request, _("Choose a CSV or XLSX file within the size allowed."))
        return _to_detail(slug, pk)
    try:
        result = submissions_import(
            round=round_,
            data=upload.read(),
            file_name="upload",
            actor=request.user,
            request=request,
        )
    except ImportFailed as exc:
        for error in exc.errors[:20]:
            messages.error(
                request,
                _("Row %(row)s, column %(column)s: %(message)s")
                % {"row": error.row, "column": error.column, "message": error.message},
            )
        messages.error(request, _("Nothing was imported."))
    else:
        messages.success(
            request,
            _("%(n)s submissions imported, %(d)s already there.")
            % {"n": result.imported, "d": result.duplicates},
        )
        if result.rejected:
            messages.warning(
                request,
                ngettext(
                    "%(n)s rejected submission skipped.",
                    "%(n)s rejected submissions skipped.",
                    result.rejected,
                )
                % {"n": result.rejected},
            )
    return _to_detail(slug, pk)
