"""The toolkit's one table: the one-time keys that make a resent create form harmless (kit/once.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OnceKey(models.Model):
    """One create form's one-time key and the answer it got.

    The row is written in the same transaction as the record the form creates, so after a crash
    either both exist or neither does; a resend of the same key replays ``response_status`` and
    ``response_location`` instead of creating a second record.
    """

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Being saved")
        DONE = "done", _("Saved")

    key = models.CharField(_("key"), max_length=32, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    path = models.CharField(_("path"), max_length=500)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS
    )
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    response_location = models.CharField(_("response location"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("one-time form key")
        verbose_name_plural = _("one-time form keys")

    def __str__(self) -> str:
        return self.key
