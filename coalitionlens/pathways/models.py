"""Referral pathways: the services organisations offer at each stage, and the referral ties
between them (issue 18). Services offered, never a case, a victim or anyone served."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalitionlens.coalitions.models import Coalition, Organisation, Partnership
from coalitionlens.engagements.models import Engagement
from coalitionlens.pathways import vocab


def _unknown(values: Any, choices: type[models.TextChoices]) -> list[str]:
    return sorted(set(values or []) - set(choices.values))


class SubStage(models.Model):
    """A step a coalition names inside one of the six stages (e.g. "medical check" in first
    response)."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="substages")
    stage = models.CharField(_("stage"), max_length=20, choices=vocab.Stage.choices)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["stage", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "stage", "name"], name="substage_name_unique"
            )
        ]
        verbose_name = _("sub-stage")
        verbose_name_plural = _("sub-stages")

    def __str__(self) -> str:
        return f"{self.get_stage_display()} · {self.name}"


class Service(models.Model):
    """A service an organisation offers at one stage of the pathway: for which trafficking types
    and populations, in which provinces (none: nationwide), how much it can take, in which
    languages."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="services")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    name = models.CharField(_("name"), max_length=200)
    stage = models.CharField(_("stage"), max_length=20, choices=vocab.Stage.choices)
    substage = models.ForeignKey(
        SubStage,
        verbose_name=_("sub-stage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services",
    )
    trafficking_types = models.JSONField(_("trafficking types"), default=list, blank=True)
    populations = models.JSONField(_("populations served"), default=list, blank=True)
    provinces = models.JSONField(
        _("provinces covered"),
        default=list,
        blank=True,
        help_text=_("Leave empty for a service offered nationwide."),
    )
    district = models.CharField(
        _("district"),
        max_length=120,
        blank=True,
        help_text=_("Where the service is delivered, if in one district."),
    )
    capacity = models.CharField(
        _("capacity"),
        max_length=20,
        choices=vocab.CapacityBand.choices,
        default=vocab.CapacityBand.UNKNOWN,
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["stage", "organisation__name", "name"]
        indexes = [models.Index(fields=["coalition", "stage"])]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.name}"

    @property
    def nationwide(self) -> bool:
        return not self.provinces

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.organisation_id and self.organisation.coalition_id != self.coalition_id:
            errors["organisation"] = _("This organisation belongs to another coalition.")
        if self.substage_id and self.substage:
            if self.substage.coalition_id != self.coalition_id:
                errors["substage"] = _("This sub-stage belongs to another coalition.")
            elif self.substage.stage != self.stage:
                errors["substage"] = _("The sub-stage must belong to the chosen stage.")
        for name, choices in (
            ("trafficking_types", vocab.TraffickingType),
            ("populations", vocab.Population),
        ):
            unknown = _unknown(getattr(self, name), choices)
            if unknown:
                errors[name] = _("Unknown code: %(codes)s") % {"codes": ", ".join(unknown)}
        if not self.trafficking_types:
            errors["trafficking_types"] = _("Choose at least one trafficking type.")
        if not self.populations:
            errors["populations"] = _("Choose at least one population.")
        if errors:
            raise ValidationError(errors)


class ReferralTie(models.Model):
    """A referral protocol, agreement or established practice by which one service refers people
    on to another; it may rest on a partnership or an engagement the coalition has recorded."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="referral_ties")
    from_service = models.ForeignKey(
        Service,
        verbose_name=_("refers from"),
        on_delete=models.CASCADE,
        related_name="referrals_out",
    )
    to_service = models.ForeignKey(
        Service,
        verbose_name=_("refers to"),
        on_delete=models.CASCADE,
        related_name="referrals_in",
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=vocab.ReferralKind.choices,
        default=vocab.ReferralKind.PRACTICE,
    )
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership it rests on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referral_ties",
    )
    engagement = models.ForeignKey(
        Engagement,
        verbose_name=_("engagement it rests on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referral_ties",
    )
    since = models.DateField(_("since"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["from_service__stage", "from_service__organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_service", "to_service"], name="referral_tie_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_service=models.F("to_service")), name="referral_tie_not_self"
            ),
        ]
        verbose_name = _("referral tie")
        verbose_name_plural = _("referral ties")

    def __str__(self) -> str:
        return f"{self.from_service} → {self.to_service}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        for name in ("from_service", "to_service", "partnership", "engagement"):
            related = getattr(self, name, None)
            if related is not None and related.coalition_id != self.coalition_id:
                errors[name] = _("This record belongs to another coalition.")
        if self.from_service_id and self.from_service_id == self.to_service_id:
            errors["to_service"] = _("A service cannot refer to itself.")
        if errors:
            raise ValidationError(errors)
