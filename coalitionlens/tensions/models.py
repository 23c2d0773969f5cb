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
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-observed_on", "-id"]
        verbose_name = _("tension")
        verbose_name_plural = _("tensions")

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
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-adopted_on", "-id"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self) -> str:
        return self.title
