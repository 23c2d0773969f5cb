"""Controlled vocabularies (DESIGN.md §4) with translatable labels.

Codes are stable identifiers stored in the database and used in imports, exports and the API; labels
are what people read, in their language. Sector codes and their macro-sectors are defined once, in
:mod:`coalitionlens.core.taxonomy`, so the analytics core and the web app can never disagree.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MacroSector(models.TextChoices):
    PUBLIC = "PUBLIC", _("Public sector")
    PRIVATE = "PRIVATE", _("Private sector")
    CIVIL = "CIVIL", _("Civil society")
    INTERNATIONAL = "INTERNATIONAL", _("International")


# Labels of the core sectors and sub-sectors; the codes and macro-sectors live in core.taxonomy.
SECTOR_LABELS = {
    "GOVERNMENT": _("Government"),
    "LAW_ENFORCEMENT": _("Law enforcement"),
    "CIVIL_SOCIETY": _("Civil society organisation"),
    "FAITH_BASED": _("Faith-based organisation"),
    "SURVIVOR_LED": _("Survivor-led organisation"),
    "TRADITIONAL_AUTHORITY": _("Traditional authority"),
    "LABOUR_PROFESSIONAL": _("Labour union or professional body"),
    "ACADEMIA": _("Academia"),
    "MEDIA": _("Media"),
    "BUSINESS": _("Business"),
    "DONOR_FOUNDATION": _("Donor: private foundation"),
    "DONOR_BILATERAL": _("Donor: bilateral aid agency or embassy"),
    "DONOR_MULTILATERAL": _("Donor: multilateral"),
    "INTERGOVERNMENTAL": _("Intergovernmental or UN agency"),
    "INTERNATIONAL_NGO": _("International NGO"),
}

SUBSECTOR_LABELS = {
    "GOVERNMENT": {
        "EXECUTIVE_AGENCY": _("Executive agency"),
        "NATIONAL_ANTI_TRAFFICKING_BODY": _("National anti-trafficking body"),
        "LOCAL_GOVERNMENT": _("Local government"),
        "LEGISLATURE": _("Legislature"),
        "JUDICIARY": _("Judiciary"),
        "PROSECUTION": _("Prosecution"),
        "LABOUR_INSPECTION": _("Labour inspection"),
        "IMMIGRATION_BORDER": _("Immigration and border"),
    },
    "CIVIL_SOCIETY": {
        "VICTIM_SERVICES": _("Victim services"),
        "MOBILISATION_ADVOCACY": _("Mobilisation and advocacy"),
        "COMMUNITY_BASED": _("Community-based organisation"),
        "NETWORK_UMBRELLA": _("Network or umbrella body"),
        "RESEARCH_NGO": _("Research NGO"),
    },
    "BUSINESS": {
        "EMPLOYER": _("Employer"),
        "SUPPLY_CHAIN_BRAND": _("Supply chain or brand"),
        "FINANCIAL": _("Financial services"),
        "PROFESSIONAL_SERVICES": _("Professional services"),
        "TRANSPORT_HOSPITALITY": _("Transport and hospitality"),
        "TECH": _("Technology"),
        "BUSINESS_ASSOCIATION": _("Business association"),
    },
}


class Region(models.TextChoices):
    SUB_SAHARAN_AFRICA = "SUB_SAHARAN_AFRICA", _("Sub-Saharan Africa")
    ASIA_PACIFIC_ISLANDS = "ASIA_PACIFIC_ISLANDS", _("Asia-Pacific Islands")
    SOUTHEAST_ASIA = "SOUTHEAST_ASIA", _("Southeast Asia")
    SOUTH_ASIA = "SOUTH_ASIA", _("South Asia")
    EAST_ASIA = "EAST_ASIA", _("East Asia")
    MIDDLE_EAST_NORTH_AFRICA = "MENA", _("Middle East and North Africa")
    LATIN_AMERICA_CARIBBEAN = "LATIN_AMERICA_CARIBBEAN", _("Latin America and the Caribbean")
    EUROPE_CENTRAL_ASIA = "EUROPE_CENTRAL_ASIA", _("Europe and Central Asia")
    NORTH_AMERICA = "NORTH_AMERICA", _("North America")


class GovernanceModel(models.TextChoices):
    PARTICIPANT_GOVERNED = "PARTICIPANT_GOVERNED", _("Participant-governed")
    LEAD_ORGANISATION = "LEAD_ORGANISATION", _("Lead organisation")
    NETWORK_ADMINISTRATIVE = "NETWORK_ADMINISTRATIVE", _("Network administrative organisation")


class Scale(models.TextChoices):
    LOCAL = "LOCAL", _("Local")
    NATIONAL = "NATIONAL", _("National")
    INTERNATIONAL = "INTERNATIONAL", _("International")


class Origin(models.TextChoices):
    DOMESTIC = "DOMESTIC", _("Domestic")
    FOREIGN = "FOREIGN", _("Foreign")


class StaffBand(models.TextChoices):
    """An organisation's paid staff, in bands (power and money are recorded banded)."""

    S1_5 = "S1_5", _("1–5 staff")
    S6_20 = "S6_20", _("6–20 staff")
    S21_100 = "S21_100", _("21–100 staff")
    S101_500 = "S101_500", _("101–500 staff")
    S500_PLUS = "S500_PLUS", _("more than 500 staff")


class BudgetBand(models.TextChoices):
    """An organisation's annual budget, in US dollar equivalents."""

    B_UNDER_50K = "B_UNDER_50K", _("under 50,000 USD a year")
    B_50K_250K = "B_50K_250K", _("50,000–250,000 USD a year")
    B_250K_1M = "B_250K_1M", _("250,000–1 million USD a year")
    B_1M_10M = "B_1M_10M", _("1–10 million USD a year")
    B_OVER_10M = "B_OVER_10M", _("over 10 million USD a year")


class FundingBand(models.TextChoices):
    """A funding flow's amount per year, in US dollar equivalents."""

    F_UNDER_10K = "F_UNDER_10K", _("under 10,000 USD a year")
    F_10K_50K = "F_10K_50K", _("10,000–50,000 USD a year")
    F_50K_250K = "F_50K_250K", _("50,000–250,000 USD a year")
    F_250K_1M = "F_250K_1M", _("250,000–1 million USD a year")
    F_OVER_1M = "F_OVER_1M", _("over 1 million USD a year")


#: Each band's (lower, upper) bound in USD a year; the open top band's upper bound is its lower
#: bound times 2, so a midpoint exists. Shares of funding are computed on midpoints when only a band
#: is recorded (docs/metrics.md says so).
BAND_BOUNDS: dict[str, tuple[int, int]] = {
    StaffBand.S1_5: (1, 5),
    StaffBand.S6_20: (6, 20),
    StaffBand.S21_100: (21, 100),
    StaffBand.S101_500: (101, 500),
    StaffBand.S500_PLUS: (501, 1000),
    BudgetBand.B_UNDER_50K: (0, 50_000),
    BudgetBand.B_50K_250K: (50_000, 250_000),
    BudgetBand.B_250K_1M: (250_000, 1_000_000),
    BudgetBand.B_1M_10M: (1_000_000, 10_000_000),
    BudgetBand.B_OVER_10M: (10_000_000, 20_000_000),
    FundingBand.F_UNDER_10K: (0, 10_000),
    FundingBand.F_10K_50K: (10_000, 50_000),
    FundingBand.F_50K_250K: (50_000, 250_000),
    FundingBand.F_250K_1M: (250_000, 1_000_000),
    FundingBand.F_OVER_1M: (1_000_000, 2_000_000),
}


class EngagementMode(models.TextChoices):
    MEMBERSHIP = "MEMBERSHIP", _("Membership")
    PARTNERSHIP = "PARTNERSHIP", _("Partnership")
    ENGAGEMENT_PRACTICE = "ENGAGEMENT_PRACTICE", _("Engagement practice")


class MembershipTier(models.TextChoices):
    FULL = "FULL", _("Full")
    ASSOCIATE = "ASSOCIATE", _("Associate")
    OBSERVER = "OBSERVER", _("Observer")
    HONORARY = "HONORARY", _("Honorary")


class MembershipStatus(models.TextChoices):
    APPLICANT = "APPLICANT", _("Applicant")
    ACTIVE = "ACTIVE", _("Active")
    SUSPENDED = "SUSPENDED", _("Suspended")
    LAPSED = "LAPSED", _("Lapsed")
    WITHDRAWN = "WITHDRAWN", _("Withdrawn")
    EXPELLED = "EXPELLED", _("Expelled")


ENDED_STATUSES = {MembershipStatus.LAPSED, MembershipStatus.WITHDRAWN, MembershipStatus.EXPELLED}


class EndReason(models.TextChoices):
    MISSION_CHANGE = "MISSION_CHANGE", _("Change of mission or focus")
    RESOURCES = "RESOURCES", _("Lack of resources or capacity")
    DISAGREEMENT = "DISAGREEMENT", _("Disagreement with the coalition")
    ORGANISATION_CLOSED = "ORGANISATION_CLOSED", _("Organisation closed or merged")
    NON_PAYMENT = "NON_PAYMENT", _("Dues not paid")
    CODE_OF_CONDUCT = "CODE_OF_CONDUCT", _("Breach of the code of conduct")
    EXTERNAL_PRESSURE = "EXTERNAL_PRESSURE", _("External or regulatory pressure")
    OTHER = "OTHER", _("Other")


class PartnershipType(models.TextChoices):
    FUNDING = "FUNDING", _("Funding")
    TECHNICAL_SUPPORT = "TECHNICAL_SUPPORT", _("Technical support")
    REFERRAL = "REFERRAL", _("Referral")
    IMPLEMENTATION = "IMPLEMENTATION", _("Implementation")
    ADVISORY = "ADVISORY", _("Advisory")
    DATA_SHARING = "DATA_SHARING", _("Data sharing")
    IN_KIND = "IN_KIND", _("In-kind")
    CONVENING = "CONVENING", _("Convening")


class Formality(models.TextChoices):
    INFORMAL = "INFORMAL", _("Informal")
    LETTERS = "LETTERS", _("Exchange of letters")
    MOU = "MOU", _("Memorandum of understanding")
    CONTRACT = "CONTRACT", _("Contract")


class CollaborationLevel(models.IntegerChoices):
    """Frey et al. (2006) levels of collaboration."""

    NONE = 0, _("0 · None")
    NETWORKING = 1, _("1 · Networking")
    COOPERATION = 2, _("2 · Cooperation")
    COORDINATION = 3, _("3 · Coordination")
    COALITION = 4, _("4 · Coalition")
    COLLABORATION = 5, _("5 · Collaboration")


class UnitKind(models.TextChoices):
    BOARD = "BOARD", _("Board")
    SECRETARIAT = "SECRETARIAT", _("Secretariat")
    WORKING_GROUP = "WORKING_GROUP", _("Working group")
    FORUM = "FORUM", _("Forum")
    CHAPTER = "CHAPTER", _("Chapter")


class UnitRole(models.TextChoices):
    CHAIR = "CHAIR", _("Chair")
    VICE_CHAIR = "VICE_CHAIR", _("Vice-chair")
    SECRETARY = "SECRETARY", _("Secretary")
    HOST = "HOST", _("Host")
    MEMBER = "MEMBER", _("Member")


class SeatKind(models.TextChoices):
    MEMBER = "MEMBER", _("Voting member")
    OBSERVER = "OBSERVER", _("Observer")
    ADVISOR = "ADVISOR", _("Adviser")
    CO_CHAIR = "CO_CHAIR", _("Co-chair")


class ObservationKind(models.TextChoices):
    STAFF = "STAFF", _("Secretariat staff")
    MEMBERS = "MEMBERS", _("Member organisations")
    FUNDING = "FUNDING", _("Annual funding")
    VOLUNTEERS = "VOLUNTEERS", _("Volunteers")
    BUDGET = "BUDGET", _("Annual budget")


class PracticeType(models.TextChoices):
    GOVERNMENT_SEAT = "GOVERNMENT_SEAT", _("Seat on a government body")
    POLICY_CONSULTATION = "POLICY_CONSULTATION", _("Policy consultation")
    TRAINING_GIVEN = "TRAINING_GIVEN", _("Joint training (given)")
    TRAINING_RECEIVED = "TRAINING_RECEIVED", _("Joint training (received)")
    EVENT_INVITATION = "EVENT_INVITATION", _("Invitation to a coalition event")
    JOINT_EVENT = "JOINT_EVENT", _("Joint event or campaign")
    REFERRAL_PROTOCOL = "REFERRAL_PROTOCOL", _("Referral protocol")
    MOU = "MOU", _("MOU or agreement")
    INFORMATION_SHARING = "INFORMATION_SHARING", _("Information or data sharing")
    MONITORING_INPUT = "MONITORING_INPUT", _("Monitoring and reporting input")
    PRO_BONO = "PRO_BONO", _("Pro bono or in-kind support")
    FUNDING = "FUNDING", _("CSR or other funding")
    SUPPLY_CHAIN = "SUPPLY_CHAIN", _("Supply-chain engagement")
    PLATFORM_LISTING = "PLATFORM_LISTING", _("Platform or directory listing")
    OTHER = "OTHER", _("Other")


class ActivityDomain(models.TextChoices):
    RESEARCH = "RESEARCH", _("Research")
    POLICY_ADVOCACY = "POLICY_ADVOCACY", _("Policy advocacy")
    AWARENESS = "AWARENESS", _("Awareness")
    PREVENTION = "PREVENTION", _("Prevention")
    INTERVENTION = "INTERVENTION", _("Intervention")
    LAW_ENFORCEMENT = "LAW_ENFORCEMENT", _("Law enforcement")
    RESTORATION = "RESTORATION", _("Restoration (aftercare, reintegration)")
    EQUIPPING = "EQUIPPING", _("Equipping (training others)")


class FourP(models.TextChoices):
    PREVENTION = "PREVENTION", _("Prevention")
    PROTECTION = "PROTECTION", _("Protection")
    PROSECUTION = "PROSECUTION", _("Prosecution")
    PARTNERSHIP = "PARTNERSHIP", _("Partnership")


class Initiator(models.TextChoices):
    COALITION = "COALITION", _("The coalition (secretariat)")
    MEMBER = "MEMBER", _("A member organisation")
    COUNTERPART = "COUNTERPART", _("The counterpart")
    JOINT = "JOINT", _("Jointly")
    THIRD_PARTY = "THIRD_PARTY", _("A third party (e.g. a donor)")


class Outcome(models.TextChoices):
    PENDING = "PENDING", _("Pending")
    ACHIEVED = "ACHIEVED", _("Achieved")
    PARTLY = "PARTLY", _("Partly achieved")
    NOT_ACHIEVED = "NOT_ACHIEVED", _("Not achieved")
    CANCELLED = "CANCELLED", _("Cancelled")


class Confidentiality(models.TextChoices):
    """Who may read an engagement's sensitive fields (see engagements.policy)."""

    PUBLIC = "PUBLIC", _("Public: may be shared outside the coalition")
    INTERNAL = "INTERNAL", _("Internal: every role of the coalition")
    CONFIDENTIAL = "CONFIDENTIAL", _("Confidential: coordinators and analysts")
    RESTRICTED = "RESTRICTED", _("Restricted: coordinators only")


class TensionLevel(models.TextChoices):
    INTERPERSONAL = "INTERPERSONAL", _("Interpersonal")
    INTER_ORGANISATIONAL = "INTER_ORGANISATIONAL", _("Inter-organisational")
    CROSS_SECTOR = "CROSS_SECTOR", _("Cross-sector")
    LOCAL_GLOBAL = "LOCAL_GLOBAL", _("Local–global")


class TensionCategory(models.TextChoices):
    POWER_ASYMMETRY = "POWER_ASYMMETRY", _("Power and resource asymmetry")
    MISALIGNED_VALUES = "MISALIGNED_VALUES", _("Misaligned values and priorities")
    SOCIAL_LOCATION = "SOCIAL_LOCATION", _("Social location (race, gender, class)")
    LEADERSHIP_CONTROL = "LEADERSHIP_CONTROL", _("Leadership and control")
    TRUST_SUSPICION = "TRUST_SUSPICION", _("Trust and suspicion")
    COOPTATION = "COOPTATION", _("Co-optation and independence")
    WINDOW_DRESSING = "WINDOW_DRESSING", _("Window dressing")
    COMMUNICATION_BREAKDOWN = (
        "COMMUNICATION_BREAKDOWN",
        _("Communication and coordination breakdown"),
    )
    TURNOVER_BURNOUT = "TURNOVER_BURNOUT", _("Turnover and burnout")
    SIZE_SILOING = "SIZE_SILOING", _("Size and siloing")
    DIFFERING_PROCESSES = "DIFFERING_PROCESSES", _("Differing processes and goals")
    DISENGAGEMENT = "DISENGAGEMENT", _("Member disengagement")
    CIVIC_SPACE = "CIVIC_SPACE", _("Regulatory and civic-space pressure")
    CONFIDENTIALITY = "CONFIDENTIALITY", _("Confidentiality and data sharing")
    DONOR_COMPETITION = "DONOR_COMPETITION", _("Competition for donors")


class TensionStatus(models.TextChoices):
    OPEN = "OPEN", _("Open")
    MONITORING = "MONITORING", _("Monitoring")
    ADDRESSED = "ADDRESSED", _("Being addressed")
    RESOLVED = "RESOLVED", _("Resolved")


class StrategyCategory(models.TextChoices):
    SHARED_LEADERSHIP = "SHARED_LEADERSHIP", _("Shared leadership")
    STRATEGIC_PLANNING = "STRATEGIC_PLANNING", _("Strategic planning")
    STRUCTURED_COMMUNICATION = "STRUCTURED_COMMUNICATION", _("Structured communication")
    FORMALISE_MOU = "FORMALISE_MOU", _("Formalising with an MOU")
    PARTNER_NOT_MEMBER = "PARTNER_NOT_MEMBER", _("Partner, not member")
    COLLECTIVE_VOICE = "COLLECTIVE_VOICE", _("Collective voice")
    STANDARDS_CHARTER = "STANDARDS_CHARTER", _("Standards charter")
    CAPACITY_BUILDING = "CAPACITY_BUILDING", _("Capacity building")
    NEUTRAL_CONVENING = "NEUTRAL_CONVENING", _("Neutral convening")
    ROTATING_REPRESENTATION = "ROTATING_REPRESENTATION", _("Rotating representation")
    SEGMENTED_FORUMS = "SEGMENTED_FORUMS", _("Segmented forums")
    RELATIONSHIP_MAPPING = "RELATIONSHIP_MAPPING", _("Relationship mapping")
    ENGAGING_CONFLICT = "ENGAGING_CONFLICT", _("Engaging conflict openly")


class StrategyStatus(models.TextChoices):
    PLANNED = "PLANNED", _("Planned")
    ACTIVE = "ACTIVE", _("In use")
    PAUSED = "PAUSED", _("Paused")
    RETIRED = "RETIRED", _("Retired")


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    MEMBER = "member", _("Member representative")
    ANALYST = "analyst", _("Analyst")
    VIEWER = "viewer", _("Viewer")


#: The roles that read funding flows by name (funders, amounts, bands: confidential, SAFETY.md);
#: the rule ``cl.view_funding``, the directory's selector and the analytics' named rows all ask
#: this one set. Members and viewers see aggregate shares only.
FUNDING_READERS = frozenset({Role.COORDINATOR, Role.ANALYST})
