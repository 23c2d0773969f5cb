"""The engagement log: every engagement practice as a dated record (the paper's third mode)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Coalition, FocalPoint, Organisation


class Engagement(models.Model):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="engagements")
    date = models.DateField(_("date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    practice_type = models.CharField(
        _("practice"), max_length=30, choices=vocab.PracticeType.choices
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    domains = models.JSONField(_("activity domains"), default=list, blank=True)
    four_ps = models.JSONField(_("4 Ps"), default=list, blank=True)
    initiated_by = models.CharField(
        _("initiated by"),
        max_length=20,
        choices=vocab.Initiator.choices,
        default=vocab.Initiator.COALITION,
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=vocab.Outcome.choices, default=vocab.Outcome.PENDING
    )
    outcome_notes = models.TextField(_("outcome notes"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=20,
        choices=vocab.Confidentiality.choices,
        default=vocab.Confidentiality.INTERNAL,
    )
    organisations = models.ManyToManyField(
        Organisation, through="Participation", related_name="engagements"
    )
    focal_points = models.ManyToManyField(
        FocalPoint,
        verbose_name=_("focal points"),
        blank=True,
        related_name="engagements",
        help_text=_("Who carried it for the organisations on it (coordinators alone see them)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["coalition", "date"]),
            models.Index(fields=["coalition", "practice_type"]),
        ]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")

    def __str__(self) -> str:
        return f"{self.date} · {self.title}"

    def clean(self) -> None:
        if self.end_date and self.date and self.end_date < self.date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
        for field, choices in (("domains", vocab.ActivityDomain), ("four_ps", vocab.FourP)):
            unknown = set(getattr(self, field) or []) - set(choices.values)
            if unknown:
                raise ValidationError(
                    {field: _("Unknown code: %(codes)s") % {"codes": ", ".join(sorted(unknown))}}
                )


class ParticipationRole(models.TextChoices):
    LEAD = "LEAD", _("Lead")
    COUNTERPART = "COUNTERPART", _("Counterpart")


class Participation(models.Model):
    """An organisation's part in an engagement: leading it, or the counterpart engaged."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey(
        Engagement,
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipationRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "organisation"], name="participation_once_per_engagement"
            )
        ]
        indexes = [models.Index(fields=["coalition", "organisation"])]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.role})"
