"""An append-only audit log: rows are written once and can never be changed or deleted by the app."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    pass


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("audit entries cannot be changed")

    def delete(self) -> NoReturn:
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")

    def purge(self) -> int:
        """Delete these entries for retention or a coalition's departure: the only way out of the
        log, called by the purge services and never by a page."""
        return int(self._raw_delete(self.db))


class Action(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGIN_THROTTLED = "login_throttled", _("Sign-in refused after too many failures")
    LOGOUT = "logout", _("Signed out")
    MFA_ADDED = "mfa_added", _("Set up two-factor authentication")
    MFA_REMOVED = "mfa_removed", _("Removed two-factor authentication")
    MFA_CODES = "mfa_codes", _("Made new recovery codes")
    MFA_RECOVERY_USED = "mfa_recovery_used", _("Used a recovery code")
    MFA_FAILED = "mfa_failed", _("Failed two-factor code")
    MFA_RESET = "mfa_reset", _("Reset two-factor authentication")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    DENIED = "denied", _("Refused access")
    VIEW_CONFIDENTIAL = "view_confidential", _("Viewed confidential fields")
    ROLE_CHANGE = "role_change", _("Changed a role")
    EXPORT = "export", _("Exported data")
    IMPORT = "import", _("Imported data")
    TOKEN_USE = "token_use", _("Used an access token")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The coalition is kept by id, not a foreign key, so the trail survives the coalition's deletion
    # only as long as retention allows, and deleting it never cascades into the log by accident.
    coalition_id = models.BigIntegerField(_("coalition"), null=True, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    object_type = models.CharField(_("kind of record"), max_length=60, blank=True)
    object_id = models.CharField(_("record"), max_length=40, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("network address"), null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditLogIsAppendOnly("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")

    @property
    def record_label(self) -> str:
        """The kind of record in words ("engagement"), not its internal name
        ("engagements.engagement"), for the audit page."""
        from django.apps import apps

        if not self.object_type:
            return ""
        try:
            return str(apps.get_model(self.object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            return ""

    @property
    def readable_summary(self) -> str:
        """The summary for the audit page: a refused access says which page, without the
        permission's code or the HTTP method it is stored with."""
        if self.action == Action.DENIED:
            parts = self.summary.split(" ", 2)
            if len(parts) == 3 and parts[0].startswith("cl."):
                return parts[2]
        return self.summary
