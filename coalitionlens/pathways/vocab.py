"""The vocabularies of referral pathways (issue 18), with translatable labels.

Codes are stable identifiers stored in the database and used in the API and exports; labels are what
people read. The six stages are the core of every pathway, in order; a coalition adds sub-stages of
its own (:class:`~coalitionlens.pathways.models.SubStage`), never removes a stage. Nothing here
describes a person: these are the services organisations offer, to which groups, where.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    IDENTIFICATION = "IDENTIFICATION", _("Identification")
    FIRST_RESPONSE = "FIRST_RESPONSE", _("First response and referral")
    SHELTER = "SHELTER", _("Shelter and assistance")
    LEGAL_AID = "LEGAL_AID", _("Legal aid and justice")
    REINTEGRATION = "REINTEGRATION", _("Return and reintegration")
    FOLLOW_UP = "FOLLOW_UP", _("Follow-up")


#: The stages in the order a person moves through them (the pathway view's columns).
STAGE_ORDER: tuple[str, ...] = tuple(Stage.values)


class TraffickingType(models.TextChoices):
    LABOUR = "LABOUR", _("Labour")
    SEXUAL = "SEXUAL", _("Sexual exploitation")
    FORCED_MARRIAGE = "FORCED_MARRIAGE", _("Forced marriage")
    FORCED_CRIMINALITY = "FORCED_CRIMINALITY", _("Forced criminality")
    DOMESTIC_SERVITUDE = "DOMESTIC_SERVITUDE", _("Domestic servitude")
    ORGAN_REMOVAL = "ORGAN_REMOVAL", _("Organ removal")
    OTHER = "OTHER", _("Other")


class Population(models.TextChoices):
    ADULTS = "ADULTS", _("Adults")
    MINORS = "MINORS", _("Minors")
    WOMEN = "WOMEN", _("Women")
    MEN = "MEN", _("Men")
    NON_BINARY = "NON_BINARY", _("Non-binary people")
    FOREIGN = "FOREIGN", _("Foreign nationals")
    DOMESTIC = "DOMESTIC", _("Nationals")


class CapacityBand(models.TextChoices):
    """How much a service can take on, in bands a coalition can agree on without counting anyone."""

    UNKNOWN = "UNKNOWN", _("Not known")
    LIMITED = "LIMITED", _("Limited (often full)")
    MODERATE = "MODERATE", _("Moderate")
    LARGE = "LARGE", _("Large")


class ReferralKind(models.TextChoices):
    PROTOCOL = "PROTOCOL", _("Referral protocol")
    AGREEMENT = "AGREEMENT", _("Written agreement or MOU")
    PRACTICE = "PRACTICE", _("Established practice")
