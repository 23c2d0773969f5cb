"""Writes for surveys. Coordinator actions validate, run in a transaction and are audited; what a
respondent does is not audited, because an audit entry per answer would itself be a rater–target–score
record (SAFETY.md: individual answers never leave the server, and coordinators read the audit log)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Iterable, Sequence
from typing import Any, Literal, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from coalitionlens.audit.models import Action
from coalitionlens.audit.services import audit_record
from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Coalition, Membership, Organisation, Partnership
from coalitionlens.kit.audited import record_delete, record_save
from coalitionlens.surveys import counting
from coalitionlens.surveys.answering import AnswerIn
from coalitionlens.surveys.conf import survey_reminder_interval, survey_roster_days
from coalitionlens.surveys.instruments import KINDS, latest
from coalitionlens.surveys.models import (
    Answer,
    Consent,
    Respondent,
    Response,
    ResponseSource,
    RoundStatus,
    SurveyRound,
)
from coalitionlens.surveys.selectors import respondents_to_remind, round_snapshot

logger = logging.getLogger(__name__)

__all__ = [
    "Invitations",
    "answers_save",
    "consent_give",
    "invitations_issue",
    "reminders_send",
    "respondent_add",
    "respondent_added_after_opening",
    "respondent_for_token",
    "respondent_remove",
    "respondents_freeze",
    "response_submit",
    "response_withdraw",
    "results_viewed",
    "round_close",
    "round_create",
    "round_open",
    "token_hash",
]


class Invitations(NamedTuple):
    """What :func:`invitations_issue` did: each link issued, and whose e-mail did not go."""

    links: list[tuple[Respondent, str]]
    unmailed: list[Respondent]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def round_create(
    *,
    coalition: Coalition,
    title: str,
    instruments: Sequence[str],
    opens_on: dt.date,
    closes_on: dt.date,
    actor: Any,
    request: Any = None,
) -> SurveyRound:
    """A draft round asking the latest version of each chosen instrument."""
    unknown = set(instruments) - set(KINDS)
    if unknown:
        raise ValidationError(
            {"instruments": _("Unknown instrument: %(code)s") % {"code": sorted(unknown)[0]}}
        )
    versions = {code: latest(code).version for code in KINDS if code in instruments}
    round_ = SurveyRound(
        coalition=coalition,
        title=title,
        instruments=versions,
        notice_version=latest("notice").version,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    return record_save(instance=round_, actor=actor, request=request)  # type: ignore[return-value]


def _set_status(round_: SurveyRound, status: str, actor: Any, request: Any, **fields: Any) -> None:
    round_.status = status
    for name, value in fields.items():
        setattr(round_, name, value)
    record_save(instance=round_, actor=actor, request=request)


def respondents_freeze(*, round: SurveyRound, at: dt.datetime) -> tuple[int, int]:
    """Fix whether each respondent of ``round`` not yet decided counts towards k, by the roster
    rule of :mod:`.counting` as it stood at ``at`` (when the round opened). Returns (counted,
    left out) over the respondents decided now.

    Only the server's clock enters the rule: the organisation's ``created_at`` and ``at``; the
    membership or partnership is read as it is at the time of the call, which is the opening.
    """
    days = survey_roster_days()
    undecided = list(
        Respondent.objects.filter(round=round, counts__isnull=True).select_related("organisation")
    )
    orgs = {r.organisation_id for r in undecided}
    day = timezone.localdate(at) if timezone.is_aware(at) else at.date()
    standing = set(
        Membership.objects.filter(
            organisation_id__in=orgs, status=vocab.MembershipStatus.ACTIVE
        ).values_list("organisation_id", flat=True)
    ) | set(
        Partnership.objects.filter(organisation_id__in=orgs)
        .filter(Q(started_on__isnull=True) | Q(started_on__lte=day))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .values_list("organisation_id", flat=True)
    )
    for respondent in undecided:
        reason = counting.left_out_reason(
            entered=respondent.organisation.created_at,
            opened=at,
            member_or_partner=respondent.organisation_id in standing,
            days=days,
        )
        respondent.counts = reason is None
        respondent.left_out = reason or ""
    Respondent.objects.bulk_update(undecided, ["counts", "left_out"])
    counted = sum(1 for r in undecided if r.counts)
    return counted, len(undecided) - counted


def _standing_after_opening(round: SurveyRound, organisation_id: int) -> tuple[bool | None, str]:
    """(counts, left_out) for a respondent created after the round opened (an imported
    submission): the standing of the organisation's respondents fixed at the opening, or left out
    when the organisation was not on the list then. Undecided (``None``) for a round opened
    before the rule existed: it is decided at the close like the others."""
    if round.status == RoundStatus.DRAFT or round.opened_at is None:
        return None, ""
    fixed = list(
        Respondent.objects.filter(
            round=round, organisation_id=organisation_id, counts__isnull=False
        ).values_list("counts", "left_out")
    )
    if any(c for c, _r in fixed):
        return True, ""
    if fixed:
        return False, fixed[0][1]
    return False, counting.ADDED_AFTER_OPENING


def respondent_added_after_opening(*, respondent: Respondent) -> None:
    """Fix the standing of a respondent created while the round is open (an imported
    submission): see :func:`_standing_after_opening`."""
    counts, reason = _standing_after_opening(respondent.round, respondent.organisation_id)
    if counts is not None:
        Respondent.objects.filter(pk=respondent.pk).update(counts=counts, left_out=reason)


def round_open(
    *, round: SurveyRound, actor: Any, request: Any = None, now: dt.datetime | None = None
) -> SurveyRound:
    """Open a draft round. The list of respondents freezes, and so does whether each counts
    towards k (:func:`respondents_freeze`, counted back from this moment)."""
    with transaction.atomic():
        locked = SurveyRound.objects.select_for_update().get(pk=round.pk)
        if locked.status != RoundStatus.DRAFT:
            raise ValidationError(_("Only a draft round can be opened."))
        locked.opened_at = now or timezone.now()
        _set_status(locked, RoundStatus.OPEN, actor, request)
        counted, left = respondents_freeze(round=locked, at=locked.opened_at)
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            coalition_id=locked.coalition_id,
            obj=locked,
            summary=(
                f"opened the survey round {locked.title}: the list of respondents is now fixed; "
                f"{counted} count towards k, {left} left out by the roster rule"
            )[:300],
            request=request,
        )
    return locked


def round_close(
    *, round: SurveyRound, actor: Any, request: Any = None, now: dt.datetime | None = None
) -> SurveyRound:
    """Close an open round and freeze its answers: every score is computed from this snapshot."""
    with transaction.atomic():
        locked = SurveyRound.objects.select_for_update().get(pk=round.pk)
        if locked.status != RoundStatus.OPEN:
            raise ValidationError(_("Only an open round can be closed."))
        # a round opened before the roster rule existed: decide with the earliest moment it can
        # have opened (its creation), which counts the fewest organisations
        respondents_freeze(round=locked, at=locked.opened_at or locked.created_at)
        snapshot = round_snapshot(round=locked)
        locked.snapshot = snapshot
        locked.status = RoundStatus.CLOSED
        locked.closed_at = now or timezone.now()
        locked.full_clean()
        # Saved directly: record_save would copy the snapshot (every answer) into the audit log.
        locked.save(update_fields=["snapshot", "status", "closed_at"])
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            coalition_id=locked.coalition_id,
            obj=locked,
            summary=f"closed the survey round {locked.title}"[:300],
            changes={"status": [RoundStatus.OPEN, RoundStatus.CLOSED]},
            request=request,
        )
    return locked


def respondent_add(
    *,
    round: SurveyRound,
    organisation: Organisation,
    name: str = "",
    email: str = "",
    language: str = "en",
    actor: Any,
    request: Any = None,
) -> Respondent:
    if round.status != RoundStatus.DRAFT:
        raise ValidationError(_("The list of respondents is fixed once the round opens."))
    respondent = Respondent(
        coalition_id=round.coalition_id,
        round=round,
        organisation=organisation,
        name=name.strip(),
        email=email.strip(),
        language=language if language in dict(settings.LANGUAGES) else "en",
    )
    return record_save(instance=respondent, actor=actor, request=request)  # type: ignore[return-value]


def respondent_remove(*, respondent: Respondent, actor: Any, request: Any = None) -> None:
    """Remove an invitation while the round is a draft (nobody can have answered yet). Once it
    opens, the list is fixed: removing someone would delete their answers for them."""
    if respondent.round.status != RoundStatus.DRAFT:
        raise ValidationError(_("The list of respondents is fixed once the round opens."))
    record_delete(instance=respondent, actor=actor, request=request)


def _put_out_of_reach(respondent: Respondent) -> None:
    """Before a respondent gets a new link: nothing the earlier link saved may be reached by it.

    Answers saved and not submitted are deleted with their consent (as a withdrawal would): the new
    link's holder may not be the respondent (the coordinator sees every link), so nothing can be
    shown to them, and answers that their own person can no longer reach, finish or withdraw are
    not kept. A submitted response is kept whole, with its consent, on a row of its own that has
    no link and is never listed (``earlier_link_of``); it still counts in the round's results.
    Either way the respondent's row starts again with no consent and no response, so what the new
    link shows, and what the log says, is the same whatever the respondent had done.
    """
    response = Response.objects.filter(respondent=respondent).first()
    if response is not None and response.submitted_at is not None:
        keeper = Respondent.objects.create(
            coalition_id=respondent.coalition_id,
            round_id=respondent.round_id,
            organisation_id=respondent.organisation_id,
            language=respondent.language,
            invited_at=respondent.invited_at,
            counts=respondent.counts,
            left_out=respondent.left_out,
            earlier_link_of=respondent,
        )
        Consent.objects.filter(respondent=respondent).update(respondent=keeper)
        Response.objects.filter(pk=response.pk).update(respondent=keeper)
    else:
        Response.objects.filter(respondent=respondent).delete()
        Consent.objects.filter(respondent=respondent).delete()


def invitations_issue(
    *,
    round: SurveyRound,
    respondents: Iterable[Respondent],
    base_url: str,
    actor: Any,
    request: Any = None,
) -> Invitations:
    """Give each respondent a new link (a fresh token; only its hash is kept) and e-mail it.

    The links are returned once, for the coordinator to copy; they cannot be shown again.

    A mail server that cannot be reached refuses the invitations before anything is written (no
    link issued, none revoked). Once the links are issued they stay valid whatever the mail server
    does next: a message it refuses is listed in ``unmailed``, for the coordinator to hand that
    link over another way. Naming them is no leak here, unlike for reminders: the coordinator
    chose whom to invite, and a failed invitation says nothing about anyone's answers.

    A new link for someone who already had one (a re-issue) starts an empty response: the earlier
    link stops working, what it saved and had not submitted is discarded, and what it submitted is
    kept in the round but out of reach of the new link (see :func:`_put_out_of_reach`; the reasons
    are in docs/confidentiality.md, "Saved answers belong to the respondent"). Each re-issue is
    audited with that effect in words, the same words whatever the respondent had done.
    """
    if round.status != RoundStatus.OPEN:
        raise ValidationError(_("Open the round before sending invitations."))
    candidates = list(respondents)
    connection = get_connection()
    if any(candidate.email for candidate in candidates):
        try:
            connection.open()
        except OSError:  # smtplib's errors are OSErrors
            raise ValidationError(
                _("The mail server could not be reached: no link was issued. Try again later.")
            ) from None
    try:
        out = _links_issue(round, candidates, base_url, actor, request)
        unmailed = _invitations_mail(round, out, connection)
    finally:
        connection.close()
    if unmailed:
        logger.warning(
            "survey round %s: %s invitation(s) could not be sent", round.pk, len(unmailed)
        )
    return Invitations(links=out, unmailed=unmailed)


def _links_issue(
    round: SurveyRound, candidates: list[Respondent], base_url: str, actor: Any, request: Any
) -> list[tuple[Respondent, str]]:
    out: list[tuple[Respondent, str]] = []
    now = timezone.now()
    with transaction.atomic():
        first = 0
        for candidate in candidates:
            respondent = (
                Respondent.objects.select_for_update()
                .select_related("organisation")
                .filter(
                    pk=candidate.pk,
                    round=round,
                    withdrawn_at__isnull=True,
                    earlier_link_of__isnull=True,
                )
                .first()
            )
            if respondent is None:
                continue
            again = respondent.invited_at is not None
            _put_out_of_reach(respondent)
            token = secrets.token_urlsafe(24)
            respondent.token_hash = token_hash(token)
            respondent.invited_at = now
            respondent.save(update_fields=["token_hash", "invited_at"])
            out.append((respondent, f"{base_url.rstrip('/')}/s/{token}/"))
            if not again:
                first += 1
                continue
            who = respondent.organisation.name + (
                f" ({respondent.name})" if respondent.name else ""
            )
            audit_record(
                action=Action.UPDATE,
                actor=actor,
                coalition_id=round.coalition_id,
                obj=respondent,
                summary=(
                    f"re-issued the survey link of {who} in {round.title}: the earlier link "
                    "stopped working and its unsubmitted answers were discarded (submitted "
                    "answers stay in the round, out of reach of the new link)"
                )[:300],
                request=request,
            )
        if first:
            audit_record(
                action=Action.UPDATE,
                actor=actor,
                coalition_id=round.coalition_id,
                obj=round,
                summary=f"sent {first} survey invitations"[:300],
                request=request,
            )
    return out


def _invitations_mail(
    round: SurveyRound, links: list[tuple[Respondent, str]], connection: Any
) -> list[Respondent]:
    """E-mail each link whose respondent has an address; the respondents whose message failed."""
    unmailed: list[Respondent] = []
    for respondent, link in links:
        if not respondent.email:
            continue
        with override(respondent.language):
            try:
                send_mail(
                    subject=_("Survey: %(title)s") % {"title": round.title},
                    message=_(
                        "You are invited to answer a confidential survey of %(coalition)s for "
                        "%(organisation)s. Open this link (it is yours alone; do not forward it):\n\n"
                        "%(link)s\n\nThe survey closes on %(closes)s."
                    )
                    % {
                        "coalition": round.coalition.name,
                        "organisation": respondent.organisation.name,
                        "link": link,
                        "closes": round.closes_on.isoformat(),
                    },
                    from_email=None,
                    recipient_list=[respondent.email],
                    connection=connection,
                )
            except OSError:  # smtplib's errors are OSErrors
                unmailed.append(respondent)
    return unmailed


def _reminder_message(round: SurveyRound, respondent: Respondent) -> EmailMessage:
    """The reminder in the respondent's language. It carries no link: only the hash of a link's
    token is stored, and a new link would start an empty response (docs/surveys.md, "Reminders")."""
    with override(respondent.language):
        return EmailMessage(
            subject=_("Reminder: %(title)s") % {"title": round.title},
            body=_(
                "This is a reminder of the confidential survey of %(coalition)s for "
                "%(organisation)s. It closes on %(closes)s.\n\n"
                "Please open the link of the invitation you received on %(invited)s: it is yours "
                "alone and keeps what you have saved. This message carries no link, so nobody can "
                "open your answers with it. If you cannot find the invitation, ask the coordinator "
                "for a new link; a new link starts an empty response.\n\n"
                "If you have already answered on paper or offline, please ignore this message."
            )
            % {
                "coalition": round.coalition.name,
                "organisation": respondent.organisation.name,
                "closes": round.closes_on.isoformat(),
                "invited": timezone.localdate(respondent.invited_at).isoformat()
                if respondent.invited_at
                else "",
            },
            to=[respondent.email],
        )


def reminders_send(
    *, round: SurveyRound, actor: Any, request: Any = None, now: dt.datetime | None = None
) -> SurveyRound:
    """E-mail a reminder to each person of an open round who has not submitted: invited with an
    e-mail address and a live link at least one interval ago, not withdrawn
    (:func:`.selectors.respondents_to_remind`), each in their own language.

    At most once per ``COALITIONLENS_SURVEY_REMINDER_HOURS``: a reminder within the interval of
    the last one is refused, saying when the next may go. Nothing tells the caller who was
    reminded, nor how many: not the return value, not the audit entry, not a failure (a message
    the mail server refuses is logged as a count and not reported, since which messages fail would
    tell whose they were). The mail connection is opened before anything is decided, so a mail
    server that is down refuses the reminder whoever has answered. Returns the round with
    ``reminded_at`` set.
    """
    now = now or timezone.now()
    interval = survey_reminder_interval()
    connection = get_connection()
    try:
        connection.open()
    except OSError:
        raise ValidationError(
            _("The mail server could not be reached: no reminder was sent. Try again later."),
            code="mail_unreachable",
        ) from None
    try:
        with transaction.atomic():
            locked = (
                SurveyRound.objects.select_for_update().select_related("coalition").get(pk=round.pk)
            )
            if locked.status != RoundStatus.OPEN:
                raise ValidationError(
                    _("Reminders are sent only while the round is open."), code="not_open"
                )
            if locked.reminded_at is not None and now < locked.reminded_at + interval:
                raise ValidationError(
                    _(
                        "A reminder was sent on %(last)s. To keep from flooding people, the next "
                        "one can be sent from %(next)s."
                    )
                    % {
                        "last": _stamp(locked.reminded_at),
                        "next": _stamp(locked.reminded_at + interval),
                    },
                    code="too_soon",
                )
            people = respondents_to_remind(round=locked, invited_before=now - interval)
            locked.reminded_at = now
            locked.save(update_fields=["reminded_at"])
            audit_record(
                action=Action.UPDATE,
                actor=actor,
                coalition_id=locked.coalition_id,
                obj=locked,
                summary=(
                    f"e-mailed a reminder of {locked.title} to the people invited by e-mail who "
                    "had not submitted (who they are, and how many, is not recorded)"
                )[:300],
                request=request,
            )
        failed = 0
        for respondent in people:
            message = _reminder_message(locked, respondent)
            message.connection = connection
            try:
                message.send()
            except OSError:  # smtplib's errors are OSErrors
                failed += 1
    finally:
        connection.close()
    if failed:
        logger.warning("survey round %s: %s reminder(s) could not be sent", locked.pk, failed)
    return locked


def _stamp(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M %Z")


def respondent_for_token(token: str) -> Respondent | None:
    """The respondent whose link this is, while the round is open and they have not withdrawn."""
    if not token or len(token) > 100:
        return None
    respondent = (
        Respondent.objects.select_related("round", "organisation", "round__coalition")
        .filter(token_hash=token_hash(token), withdrawn_at__isnull=True)
        .first()
    )
    if respondent is None or respondent.round.status != RoundStatus.OPEN:
        return None
    return respondent


def consent_give(
    *,
    respondent: Respondent,
    language: str = "en",
    source: str = ResponseSource.WEB,
    instance_id: str = "",
) -> Response:
    """Record consent with the notice's version and start the one response. Safe to repeat, also
    twice at once: the database allows one consent and one response per respondent."""
    round_ = respondent.round
    for _attempt in range(3):
        try:
            with transaction.atomic():
                Consent.objects.get_or_create(
                    respondent=respondent,
                    defaults={
                        "coalition_id": respondent.coalition_id,
                        "notice_version": round_.notice_version,
                    },
                )
                response, _created = Response.objects.get_or_create(
                    respondent=respondent,
                    defaults={
                        "coalition_id": respondent.coalition_id,
                        "round": round_,
                        "versions": dict(round_.instruments),
                        "language": language,
                        "source": source,
                        "instance_id": instance_id,
                    },
                )
                return response
        except IntegrityError:
            continue  # the other request created it first: read it on the next pass
    return Response.objects.get(respondent=respondent)


def answers_save(
    *, response: Response, replace: Iterable[str], answers: Iterable[AnswerIn]
) -> None:
    """Replace the answers whose keys start with any of ``replace`` by ``answers``, atomically.

    The response row is locked first, so two saves of one page at once run one after the other.
    """
    answers = list(answers)
    with transaction.atomic():
        locked = (
            Response.objects.select_for_update(of=("self",))
            .select_related("round")
            .filter(pk=response.pk, respondent_id=response.respondent_id)
            .first()
        )
        if locked is None:  # a new link was issued meanwhile: this response is gone
            raise ValidationError(_("This link has been replaced by a new one."))
        if locked.round.status != RoundStatus.OPEN:
            raise ValidationError(_("The survey is closed."))
        if locked.submitted_at is not None:
            raise ValidationError(_("These answers were already submitted."))
        stale = Answer.objects.filter(response=response)
        prefixes = list(replace)
        keys = [a.key for a in answers]
        match = Q(key__in=keys)
        for prefix in prefixes:
            match |= Q(key__startswith=prefix)
        stale.filter(match).delete()
        Answer.objects.bulk_create(
            [
                Answer(
                    coalition_id=response.coalition_id,
                    response=response,
                    instrument=a.instrument,
                    item=a.item,
                    target_id=a.target,
                    about=a.about,
                    key=a.key,
                    value=a.value,
                )
                for a in answers
            ]
        )


def response_submit(*, response: Response, now: dt.datetime | None = None) -> Response:
    with transaction.atomic():
        locked = Response.objects.select_for_update().filter(pk=response.pk).first()
        if locked is None or locked.respondent_id != response.respondent_id:
            return response  # a new link was issued meanwhile: not this link's to submit
        if locked.submitted_at is None:
            locked.submitted_at = now or timezone.now()
            locked.save(update_fields=["submitted_at"])
    return locked


def response_withdraw(*, respondent: Respondent, now: dt.datetime | None = None) -> None:
    """Before the close: delete the answers and the consent, and close the link."""
    with transaction.atomic():
        locked = (
            Respondent.objects.select_for_update().select_related("round").get(pk=respondent.pk)
        )
        if locked.round.status == RoundStatus.CLOSED:
            raise ValidationError(_("The survey is closed: answers can no longer be withdrawn."))
        Response.objects.filter(respondent=locked).delete()
        Consent.objects.filter(respondent=locked).delete()
        locked.withdrawn_at = now or timezone.now()
        locked.token_hash = None
        locked.save(update_fields=["withdrawn_at", "token_hash"])


def results_viewed(
    *,
    request: Any,
    scope: Any,
    round: SurveyRound,
    how: Literal["page", "api", "cli"],
    other: SurveyRound | None = None,
) -> None:
    """Audit that the caller read a closed round's published results: on its results page, in the
    API, or (``other``) on the page comparing it with another round, or with ``coalitionlens
    compare --round`` (``how="cli"``: no request, no scope, the server's operator). The one wording
    of that entry, whichever door: "viewed the results of <round>[ compared with <other>][ through
    the API| from the command line]"."""
    summary = f"viewed the results of {round.title}"
    if other is not None:
        summary += f" compared with {other.title}"
    if how == "api":
        summary += " through the API"
    elif how == "cli":
        summary += " from the command line"
    audit_record(
        action=Action.VIEW_CONFIDENTIAL,
        actor=None if request is None else request.user,
        coalition_id=round.coalition_id if scope is None else scope.coalition.pk,
        obj=round,
        summary=summary[:300],
        request=request,
    )
