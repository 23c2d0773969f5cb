"""Qualitative records a coordinator keeps: tensions observed and the strategies adopted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Coalition, Organisation


class Tension(models.Model):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="tensions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    level = models.CharField(_("level"), max_length=30, choices=vocab.TensionLevel.choices)
    category = models.CharField(_("category"), max_length=30, choices=vocab.TensionCategory.choices)
    parties = models.ManyToManyField(
        Organisation, verbose_name=_("parties"), blank=True, related_name="tensions"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=vocab.TensionStatus.choices,
        default=vocab.TensionStatus.OPEN,
    )
    observed_on = models.DateField(_("observed on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    #: The diagnostics finding this tension was recorded from (blank when recorded by hand): its
    #: rule and key, and its evidence as it stood on the day it was recorded.
    finding_rule = models.CharField(_("finding rule"), max_length=60, blank=True, default="")
    finding_key = models.CharField(_("finding key"), max_length=120, blank=True, default="")
    finding_evidence = models.JSONField(_("evidence at adoption"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-observed_on", "-id"]
        verbose_name = _("tension")
        verbose_name_plural = _("tensions")
        constraints = [
            # One tension per finding: recording it again opens the first.
            models.UniqueConstraint(
                fields=["coalition", "finding_rule", "finding_key"],
                condition=~models.Q(finding_rule=""),
                name="tension_one_per_finding",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.resolved_on and self.observed_on and self.resolved_on < self.observed_on:
            raise ValidationError(
                {"resolved_on": _("A tension cannot be resolved before it was observed.")}
            )
        if self.status == vocab.TensionStatus.RESOLVED and not self.resolved_on:
            raise ValidationError(
                {"resolved_on": _("A resolved tension needs the date it was resolved.")}
            )


class Strategy(models.Model):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="strategies")
    category = models.CharField(
        _("category"), max_length=30, choices=vocab.StrategyCategory.choices
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=vocab.StrategyStatus.choices,
        default=vocab.StrategyStatus.ACTIVE,
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    tensions = models.ManyToManyField(
        Tension, verbose_name=_("tensions addressed"), blank=True, related_name="strategies"
    )
    #: The member organisation that carries the plan: an organisation, not a person, so the plan
    #: outlives a change of staff and the record holds nothing about people.
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="strategies_owned",
    )
    review_on = models.DateField(_("review date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-adopted_on", "-id"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        owner = self.owner if self.owner_id else None
        if owner is not None and self.coalition_id and owner.coalition_id != self.coalition_id:
            raise ValidationError(
                {"owner": _("The owner must be an organisation of this coalition.")}
            )
        if self.review_on and self.adopted_on and self.review_on < self.adopted_on:
            raise ValidationError(
                {"review_on": _("A strategy cannot be reviewed before it was adopted.")}
            )


class ActionStatus(models.TextChoices):
    OPEN = "OPEN", _("Open")
    IN_PROGRESS = "IN_PROGRESS", _("In progress")
    DONE = "DONE", _("Done")
    DROPPED = "DROPPED", _("Dropped")


class StrategyAction(models.Model):
    """One step of a strategy's plan: what is to be done, by when, and how it stands."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="actions")
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="actions"
    )
    text = models.CharField(_("action"), max_length=300)
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.text

    @property
    def is_pending(self) -> bool:
        return self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)

    def clean(self) -> None:
        if (
            self.strategy_id
            and self.coalition_id
            and self.strategy.coalition_id != self.coalition_id
        ):
            raise ValidationError({"strategy": _("The strategy must be one of this coalition's.")})
        if self.status == ActionStatus.DONE and not self.done_on:
            raise ValidationError({"done_on": _("A done action needs the date it was done.")})
        if self.done_on and self.status != ActionStatus.DONE:
            raise ValidationError({"done_on": _("Only a done action has a done date.")})
