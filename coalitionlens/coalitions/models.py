"""The directory: coalitions, sectors, organisations, and the structures that tie them together."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalitionlens.coalitions import vocab


class Coalition(models.Model):
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=100)
    region = models.CharField(_("region"), max_length=40, choices=vocab.Region.choices)
    founded = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    origin_sector = models.CharField(
        _("sector that founded it"),
        max_length=20,
        choices=vocab.MacroSector.choices,
        default=vocab.MacroSector.CIVIL,
    )
    governance_model = models.CharField(
        _("governance model"), max_length=30, choices=vocab.GovernanceModel.choices
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    default_language = models.CharField(_("default language"), max_length=10, default="en")
    description = models.TextField(_("description"), blank=True)
    secretariat = models.ForeignKey(
        "coalitions.Organisation",
        verbose_name=_("secretariat host"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("coalition")
        verbose_name_plural = _("coalitions")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.secretariat_id and self.secretariat and self.secretariat.coalition_id != self.pk:
            raise ValidationError(
                {"secretariat": _("The secretariat must be one of this coalition's organisations.")}
            )


class Sector(models.Model):
    """A sector or sub-sector. Core rows (coalition empty) are seeded and cannot be removed."""

    coalition = models.ForeignKey(
        Coalition, null=True, blank=True, on_delete=models.CASCADE, related_name="sectors"
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    macro_sector = models.CharField(
        _("macro-sector"), max_length=20, choices=vocab.MacroSector.choices
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent sector"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subsectors",
    )
    is_core = models.BooleanField(_("core sector"), default=False, editable=False)

    class Meta:
        ordering = ["parent_id", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(coalition__isnull=True), name="sector_core_code_unique"
            ),
            models.UniqueConstraint(
                fields=["coalition", "code"], name="sector_coalition_code_unique"
            ),
        ]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> Any:
        if self.is_core:
            if self.parent_id is None:
                return vocab.SECTOR_LABELS.get(self.code, self.name)
            for subs in vocab.SUBSECTOR_LABELS.values():
                if self.code in subs:
                    return subs[self.code]
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.parent and self.parent.parent_id is not None:
            raise ValidationError({"parent": _("A sub-sector must belong to a top-level sector.")})
        if self.parent_id and self.parent:
            self.macro_sector = self.parent.macro_sector


class Organisation(models.Model):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="organisations",
        limit_choices_to={"parent__isnull": True},
    )
    subsector = models.ForeignKey(
        Sector,
        verbose_name=_("sub-sector"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suborganisations",
    )
    faith_based = models.BooleanField(_("faith-based"), default=False)
    survivor_led = models.BooleanField(_("survivor-led"), default=False)
    scale = models.CharField(
        _("scale"), max_length=20, choices=vocab.Scale.choices, default=vocab.Scale.NATIONAL
    )
    origin = models.CharField(
        _("origin"), max_length=20, choices=vocab.Origin.choices, default=vocab.Origin.DOMESTIC
    )
    at_risk = models.BooleanField(
        _("at risk"),
        default=False,
        help_text=_("Never named outside the coalition: reports and exports use an alias."),
    )
    staff_band = models.CharField(
        _("staff"), max_length=20, choices=vocab.StaffBand.choices, blank=True
    )
    budget_band = models.CharField(
        _("annual budget"), max_length=20, choices=vocab.BudgetBand.choices, blank=True
    )
    city = models.CharField(_("city or province"), max_length=120, blank=True)
    province = models.CharField(_("province"), max_length=120, blank=True)
    district = models.CharField(_("district"), max_length=120, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["coalition", "name"], name="organisation_name_unique")
        ]
        indexes = [models.Index(fields=["coalition", "sector"])]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def macro_sector(self) -> str:
        return self.sector.macro_sector

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.sector_id and self.sector:
            if self.sector.parent_id is not None:
                errors["sector"] = _("Choose a top-level sector; put the detail in the sub-sector.")
            elif self.sector.coalition_id not in (None, self.coalition_id):
                errors["sector"] = _("This sector belongs to another coalition.")
        if self.subsector_id and self.subsector:
            if self.subsector.parent_id != self.sector_id:
                errors["subsector"] = _("The sub-sector must belong to the chosen sector.")
            elif self.subsector.coalition_id not in (None, self.coalition_id):
                errors["subsector"] = _("This sub-sector belongs to another coalition.")
        if errors:
            raise ValidationError(errors)


def _same_coalition(obj: models.Model, field: str) -> None:
    """Raise when a related organisation belongs to a different coalition than ``obj``."""
    related = getattr(obj, field, None)
    if related is not None and related.coalition_id != obj.coalition_id:  # type: ignore[attr-defined]
        raise ValidationError({field: _("This organisation belongs to another coalition.")})


def _dates_in_order(obj: models.Model, start: str, end: str) -> None:
    s, e = getattr(obj, start), getattr(obj, end)
    if s and e and e < s:
        raise ValidationError({end: _("The end date cannot be before the start date.")})


class Membership(models.Model):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    tier = models.CharField(
        _("tier"),
        max_length=20,
        choices=vocab.MembershipTier.choices,
        default=vocab.MembershipTier.FULL,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=vocab.MembershipStatus.choices,
        default=vocab.MembershipStatus.ACTIVE,
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=30, choices=vocab.EndReason.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["organisation__name", "-joined_on"]
        indexes = [models.Index(fields=["coalition", "status"])]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_tier_display()}"

    def clean(self) -> None:
        _same_coalition(self, "organisation")
        _dates_in_order(self, "joined_on", "ended_on")
        if self.status in vocab.ENDED_STATUSES and not self.ended_on:
            raise ValidationError(
                {"ended_on": _("A lapsed, withdrawn or expelled membership needs an end date.")}
            )
        if self.end_reason and self.status not in vocab.ENDED_STATUSES:
            raise ValidationError({"end_reason": _("Only an ended membership has an end reason.")})


class Partnership(models.Model):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="partnerships",
    )
    partnership_type = models.CharField(
        _("type"), max_length=30, choices=vocab.PartnershipType.choices
    )
    formality = models.CharField(
        _("formality"),
        max_length=20,
        choices=vocab.Formality.choices,
        default=vocab.Formality.INFORMAL,
    )
    level = models.PositiveSmallIntegerField(
        _("level of collaboration"),
        choices=vocab.CollaborationLevel.choices,
        default=vocab.CollaborationLevel.COOPERATION,
    )
    purposes = models.JSONField(_("purposes"), default=list, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["organisation__name", "-started_on"]
        constraints = [
            models.CheckConstraint(condition=Q(level__lte=5), name="partnership_level_0_5")
        ]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_partnership_type_display()}"

    def clean(self) -> None:
        _same_coalition(self, "organisation")
        _dates_in_order(self, "started_on", "ended_on")
        unknown = set(self.purposes or []) - set(vocab.ActivityDomain.values)
        if unknown:
            raise ValidationError(
                {
                    "purposes": _("Unknown purpose: %(codes)s")
                    % {"codes": ", ".join(sorted(unknown))}
                }
            )


class FundingQuerySet(models.QuerySet["Funding"]):
    def active_on(self, day: dt.date) -> FundingQuerySet:
        """The flows running on ``day``: started on or before it (or no start), not ended before
        it (or no end). The funding pages' filter and the power-and-money figures ask this."""
        return self.filter(Q(started_on__isnull=True) | Q(started_on__lte=day)).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day)
        )


class Funding(models.Model):
    """A funding flow: a funder gives a recipient (a member, or the coalition itself when
    ``recipient`` is empty) money for a period, recorded as a band and optionally as an amount.
    It may belong to a partnership (the funder's partnership with the coalition)."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="fundings")
    funder = models.ForeignKey(
        Organisation,
        verbose_name=_("funder"),
        on_delete=models.CASCADE,
        related_name="fundings_given",
    )
    recipient = models.ForeignKey(
        Organisation,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="fundings_received",
        null=True,
        blank=True,
        help_text=_("Empty when the coalition itself (its secretariat) receives the money."),
    )
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.SET_NULL,
        related_name="fundings",
        null=True,
        blank=True,
    )
    amount_band = models.CharField(
        _("amount a year"), max_length=20, choices=vocab.FundingBand.choices
    )
    amount = models.DecimalField(
        _("exact amount a year"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Optional: leave empty to record the band only."),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z]{3}$",
                _("A currency is its three-letter code (ISO 4217), e.g. USD, KHR or THB."),
            )
        ],
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = FundingQuerySet.as_manager()

    class Meta:
        ordering = ["funder__name", "-started_on", "pk"]
        verbose_name = _("funding")
        verbose_name_plural = _("funding")

    def __str__(self) -> str:
        return f"{self.funder} → {self.recipient_label} · {self.get_amount_band_display()}"

    @property
    def recipient_label(self) -> Any:
        """The recipient, or "the coalition" when the coalition itself receives the money."""
        return self.recipient if self.recipient_id else _("the coalition")

    def clean(self) -> None:
        _same_coalition(self, "funder")
        _same_coalition(self, "recipient")
        _same_coalition(self, "partnership")
        _dates_in_order(self, "started_on", "ended_on")
        if self.recipient_id and self.recipient_id == self.funder_id:
            raise ValidationError({"recipient": _("An organisation cannot fund itself.")})
        if self.amount is not None:
            if self.amount < 0:
                raise ValidationError({"amount": _("A count or amount cannot be negative.")})
            if not self.currency:
                raise ValidationError({"currency": _("Funding needs a currency code, e.g. USD.")})
            low, high = vocab.BAND_BOUNDS.get(self.amount_band, (0, 0))
            open_top = self.amount_band == vocab.FundingBand.F_OVER_1M
            if self.currency == "USD" and (
                self.amount < low or (self.amount > high and not open_top)
            ):
                # The bands are in US dollars: a dollar amount outside its band is a slip.
                raise ValidationError(
                    {
                        "amount": _(
                            "%(amount)s USD is outside the band chosen (%(band)s): correct the "
                            "amount or the band."
                        )
                        % {"amount": self.amount, "band": self.get_amount_band_display()}
                    }
                )
        if (
            self.partnership_id
            and self.partnership
            and (self.partnership.organisation_id not in {self.funder_id, self.recipient_id})
        ):
            raise ValidationError(
                {"partnership": _("The partnership must be the funder's or the recipient's.")}
            )


class Unit(models.Model):
    """A structural unit of the coalition: board, secretariat, working group, forum or chapter."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="units")
    kind = models.CharField(_("kind"), max_length=20, choices=vocab.UnitKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["coalition", "name"], name="unit_name_unique")
        ]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        _dates_in_order(self, "established_on", "dissolved_on")


class UnitMember(models.Model):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="unit_members"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="unit_seats",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=vocab.UnitRole.choices, default=vocab.UnitRole.MEMBER
    )
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["unit", "role", "organisation__name"]
        verbose_name = _("unit member")
        verbose_name_plural = _("unit members")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.unit}"

    def clean(self) -> None:
        _same_coalition(self, "organisation")
        _same_coalition(self, "unit")
        _dates_in_order(self, "since", "until")


class FocalPoint(models.Model):
    """A named person an organisation puts forward to the coalition: professional details only
    (personal data: coordinators alone read it; deleted with the organisation)."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="focal_points",
    )
    name = models.CharField(_("name"), max_length=200)
    role_title = models.CharField(_("role or title"), max_length=200, blank=True)
    since = models.DateField(_("focal point since"), null=True, blank=True)
    expected_until = models.DateField(
        _("expected to leave on"),
        null=True,
        blank=True,
        help_text=_("When the person is expected to hand over, if known."),
    )
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    work_email = models.EmailField(_("work e-mail"), blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        _same_coalition(self, "organisation")
        _dates_in_order(self, "since", "expected_until")


class GovernmentSeat(models.Model):
    """A seat the coalition (or a member on its behalf) holds on a government body."""

    coalition = models.ForeignKey(
        Coalition, on_delete=models.CASCADE, related_name="government_seats"
    )
    body = models.ForeignKey(
        Organisation,
        verbose_name=_("government body"),
        on_delete=models.CASCADE,
        related_name="seats_hosted",
    )
    held_by = models.ForeignKey(
        Organisation,
        verbose_name=_("held by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="seats_held",
        help_text=_("Empty when the secretariat holds the seat itself."),
    )
    kind = models.CharField(
        _("kind of seat"),
        max_length=20,
        choices=vocab.SeatKind.choices,
        default=vocab.SeatKind.MEMBER,
    )
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["body__name", "-since"]
        verbose_name = _("seat on a government body")
        verbose_name_plural = _("seats on government bodies")

    def __str__(self) -> str:
        return f"{self.body} · {self.get_kind_display()}"

    def clean(self) -> None:
        _same_coalition(self, "body")
        _same_coalition(self, "held_by")
        _dates_in_order(self, "since", "until")
        if self.body_id and self.body and self.body.sector.macro_sector != vocab.MacroSector.PUBLIC:
            raise ValidationError(
                {"body": _("A government body must be a public-sector organisation.")}
            )


class Observation(models.Model):
    """A dated count that changes over time: staff, members, funding."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="observations")
    kind = models.CharField(_("what"), max_length=20, choices=vocab.ObservationKind.choices)
    observed_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "-observed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "kind", "observed_on"], name="observation_unique_per_day"
            )
        ]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.observed_on}: {self.value}"

    def clean(self) -> None:
        money = {vocab.ObservationKind.FUNDING, vocab.ObservationKind.BUDGET}
        if self.kind in money and not self.currency:
            raise ValidationError({"currency": _("Funding needs a currency code, e.g. USD.")})
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": _("A count or amount cannot be negative.")})


def _new_secret() -> str:
    return secrets.token_hex(32)


class AliasKey(models.Model):
    """The secret that turns an organisation id into its safe-mode alias (:mod:`.aliases`). One per
    coalition, made on first use and never shown: the same organisation gets the same alias in every
    safe report and safe export."""

    coalition = models.OneToOneField(
        Coalition, on_delete=models.CASCADE, related_name="alias_key", verbose_name=_("coalition")
    )
    secret = models.CharField(_("secret"), max_length=64, default=_new_secret, editable=False)

    class Meta:
        verbose_name = _("alias key")
        verbose_name_plural = _("alias keys")

    def __str__(self) -> str:
        return f"alias key of {self.coalition_id}"
