"""Survey rounds, the people invited to answer, their consent, and their answers.

Answers never leave the server as answers: pages, exports and the API show only the suppressed
statistics of :mod:`coalitionlens.surveys.scoring`, computed from the snapshot frozen at the close.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.surveys import counting


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class LeftOut(models.TextChoices):
    """Why a respondent does not count towards k (:mod:`.counting`); their answers feed no
    published figure."""

    NEW_TO_ROSTER = (
        counting.NEW_TO_ROSTER,
        _("entered the roster too shortly before the round opened"),
    )
    NOT_MEMBER_OR_PARTNER = (
        counting.NOT_MEMBER_OR_PARTNER,
        _("was not an active member or partner when the round opened"),
    )
    ADDED_AFTER_OPENING = (
        counting.ADDED_AFTER_OPENING,
        _("was not on the list when the round opened"),
    )


class ResponseSource(models.TextChoices):
    WEB = "web", _("Web")
    IMPORT = "import", _("Imported from KoboToolbox or ODK")


class SurveyRound(models.Model):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="survey_rounds")
    title = models.CharField(_("title"), max_length=200)
    instruments = models.JSONField(
        _("instruments"), default=dict, help_text=_("Instrument code → version used.")
    )
    notice_version = models.PositiveSmallIntegerField(_("consent notice version"), default=1)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # When the server last e-mailed a reminder to the people who had not submitted: it says
    # neither who they were nor how many, and it keeps reminders to one per interval
    # (:func:`.services.reminders_send`).
    reminded_at = models.DateTimeField(
        _("last reminder sent at"), null=True, blank=True, editable=False
    )
    snapshot = models.JSONField(_("frozen answers"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="round_dates_in_order"
            )
        ]
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from coalitionlens.surveys.instruments import KINDS, InstrumentError, load

        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("A round cannot close before it opens.")})
        if not self.instruments:
            raise ValidationError({"instruments": _("Choose at least one instrument.")})
        for code, version in (self.instruments or {}).items():
            try:
                if code not in KINDS:
                    raise InstrumentError(code)
                load(code, int(version))
            except (InstrumentError, ValueError, TypeError):
                raise ValidationError(
                    {"instruments": _("Unknown instrument: %(code)s") % {"code": code}}
                ) from None


class Respondent(models.Model):
    """A person invited to answer for an organisation; the invitation is its link's token.

    ``counts`` and ``left_out`` are fixed when the round opens (:func:`.services.round_open`): only
    a respondent who counts is counted towards k, and only their answers feed published figures.
    A row with ``earlier_link_of`` set holds what an earlier link of that respondent submitted
    before a new link was issued: it has no link, is never listed, and nobody can reach it.
    """

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(
        SurveyRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="respondents"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="survey_respondents",
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    counts = models.BooleanField(_("counts towards k"), null=True, blank=True, editable=False)
    left_out = models.CharField(
        _("left out because"), max_length=30, choices=LeftOut.choices, blank=True, editable=False
    )
    earlier_link_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="earlier_links",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "name", "id"]
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")

    def __str__(self) -> str:
        return f"{self.name or self.email or _('respondent')} · {self.organisation}"

    def clean(self) -> None:
        if self.organisation_id and self.organisation.coalition_id != self.coalition_id:
            raise ValidationError(
                {"organisation": _("This organisation belongs to another coalition.")}
            )
        if self.round_id and self.round.coalition_id != self.coalition_id:
            raise ValidationError({"round": _("This round belongs to another coalition.")})


class Consent(models.Model):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="+")
    respondent = models.OneToOneField(Respondent, on_delete=models.CASCADE, related_name="consent")
    notice_version = models.PositiveSmallIntegerField(_("notice version"))
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"consent v{self.notice_version}"


class Response(models.Model):
    """One per respondent: a database constraint (the one-to-one), so a double submit cannot make two."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    respondent = models.OneToOneField(Respondent, on_delete=models.CASCADE, related_name="response")
    versions = models.JSONField(_("instrument versions"), default=dict)
    language = models.CharField(_("language"), max_length=10, default="en")
    source = models.CharField(
        _("source"), max_length=10, choices=ResponseSource.choices, default=ResponseSource.WEB
    )
    instance_id = models.CharField(_("submission id"), max_length=100, blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "instance_id"],
                condition=~Q(instance_id=""),
                name="response_instance_once_per_round",
            )
        ]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"response {self.pk}"


class Answer(models.Model):
    """One answer: an item of an instrument, about a partner organisation or a macro-sector."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    instrument = models.CharField(max_length=20)
    item = models.CharField(max_length=60)
    target = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    about = models.CharField(max_length=20, blank=True)
    key = models.CharField(max_length=120)
    value = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "key"], name="answer_once_per_response")
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.key
