"""An uploaded import file kept between its preview and "Apply", so applying needs no re-upload."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from coalitionlens.coalitions.models import Coalition


class BatchStatus(models.TextChoices):
    PREVIEWED = "PREVIEWED", _("Previewed")
    APPLIED = "APPLIED", _("Applied")
    DISCARDED = "DISCARDED", _("Discarded")


class ImportBatch(models.Model):
    coalition = models.ForeignKey(
        Coalition, on_delete=models.CASCADE, related_name="import_batches"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True, db_index=True)
    # For display only: never used to build a path.
    file_name = models.CharField(_("file name"), max_length=200)
    file_format = models.CharField(_("format"), max_length=10)
    kind = models.CharField(_("kind of record"), max_length=20, blank=True)
    data = models.BinaryField(_("file contents"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    status = models.CharField(
        _("status"), max_length=20, choices=BatchStatus.choices, default=BatchStatus.PREVIEWED
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    #: What the preview page shows, worked out once at upload (and again by "Apply"), so a visit
    #: never parses the file again: totals, the first rows and issues (services.preview_data).
    preview = models.JSONField(_("preview"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    #: The date orders chosen in the preview's mapping step (column → "dmy" or "mdy").
    date_orders = models.JSONField(_("date orders"), default=dict, blank=True)
    #: The sheet choice made in the preview (sheet name → a kind of record, "skip", or "" for
    #: as recognised).
    sheet_kinds = models.JSONField(_("sheet choice"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"


class ValueMapping(models.Model):
    """A value of a coded column that a coalition's files write their own way, and the code it
    means there ("Entr." → BUSINESS): mapped once in an import's preview, used by the next imports
    of this coalition only."""

    coalition = models.ForeignKey(
        Coalition, on_delete=models.CASCADE, related_name="value_mappings"
    )
    #: The column key (``sector``, ``status``…).
    column = models.CharField(_("column"), max_length=40)
    #: The value as normalised for matching (case, accents and spacing removed).
    value = models.CharField(_("value in the file"), max_length=200)
    code = models.CharField(_("code"), max_length=60)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mapped by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("mapped at"), auto_now=True)

    class Meta:
        ordering = ["column", "value"]
        verbose_name = _("value mapping")
        verbose_name_plural = _("value mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "column", "value"], name="transfer_valuemapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.column}: {self.value} → {self.code}"
