"""The three fictional coalitions: what makes each one differ, in the ways the paper describes.

All three are national, NGO-led coalitions. The sub-Saharan African one is large and leans on faith-
based members and on government engagement through seats on public bodies; the Asia-Pacific Islands
one is small, with churches and international donors prominent; the Southeast Asian one is the
largest, with far more business and supply-chain engagement and a more siloed structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["PROFILES", "CoalitionProfile", "TensionTemplate"]

# (sector, sub-sector or "", how many organisations)
SectorMix = tuple[tuple[str, str, int], ...]


@dataclass(frozen=True)
class TensionTemplate:
    title: str
    description: str
    level: str
    category: str
    party_kinds: tuple[str, ...]  # sector or sub-sector codes; "SECRETARIAT" is the host


@dataclass(frozen=True)
class StrategyTemplate:
    category: str
    title: str
    description: str
    tensions: tuple[int, ...]  # indexes into the profile's tensions


@dataclass(frozen=True)
class CoalitionProfile:
    slug: str
    name: str
    country: str
    region: str
    founded: int
    governance_model: str
    languages: tuple[str, ...]
    description: str
    syllables: tuple[str, ...]
    endings: tuple[str, ...]
    mix: SectorMix
    secretariat_kind: str  # sub-sector or sector of the host organisation
    member_odds: dict[str, float]  # sector → probability that an organisation is a member
    partner_odds: dict[str, float]  # sector → probability of a partnership with the coalition
    practice_weights: dict[str, int]
    engagements: int
    secretariat_lead_share: float  # how often the secretariat leads an engagement
    seats: int
    working_groups: tuple[str, ...]
    forum: str
    forum_kinds: tuple[str, ...]  # the sectors the forum brings together
    chapters: int
    staff: tuple[int, int]  # secretariat staff at the start and the end of the period
    funding: tuple[int, int]  # annual funding in USD, start and end
    tensions: tuple[TensionTemplate, ...]
    strategies: tuple[StrategyTemplate, ...] = field(default=())


_CIVIL_MEMBERS = {
    "CIVIL_SOCIETY": 0.92,
    "FAITH_BASED": 0.9,
    "SURVIVOR_LED": 1.0,
    "TRADITIONAL_AUTHORITY": 0.5,
    "LABOUR_PROFESSIONAL": 0.6,
    "ACADEMIA": 0.5,
    "MEDIA": 0.2,
}

AFRICA = CoalitionProfile(
    slug="zembora",
    name="Zembora Coalition Against Trafficking in Persons",
    country="Zembora",
    region="SUB_SAHARAN_AFRICA",
    founded=2011,
    governance_model="NETWORK_ADMINISTRATIVE",
    languages=("en", "fr"),
    description=(
        "A fictional national coalition of NGOs and faith-based organisations in the invented Republic of "
        "Zembora. It engages government mainly through seats on public bodies, and traditional "
        "authorities through provincial chapters. Demo data: every name is invented."
    ),
    syllables=("ka", "mbo", "ze", "lu", "nda", "ri", "wa", "te", "ko", "si", "ba", "yo"),
    endings=("", "a", "e", "i", "we", "ni"),
    mix=(
        ("CIVIL_SOCIETY", "NETWORK_UMBRELLA", 3),
        ("CIVIL_SOCIETY", "VICTIM_SERVICES", 12),
        ("CIVIL_SOCIETY", "MOBILISATION_ADVOCACY", 8),
        ("CIVIL_SOCIETY", "COMMUNITY_BASED", 12),
        ("CIVIL_SOCIETY", "RESEARCH_NGO", 2),
        ("FAITH_BASED", "", 16),
        ("SURVIVOR_LED", "", 2),
        ("TRADITIONAL_AUTHORITY", "", 4),
        ("LABOUR_PROFESSIONAL", "", 3),
        ("ACADEMIA", "", 2),
        ("MEDIA", "", 2),
        ("GOVERNMENT", "NATIONAL_ANTI_TRAFFICKING_BODY", 1),
        ("GOVERNMENT", "EXECUTIVE_AGENCY", 5),
        ("GOVERNMENT", "LOCAL_GOVERNMENT", 3),
        ("GOVERNMENT", "LEGISLATURE", 1),
        ("GOVERNMENT", "JUDICIARY", 1),
        ("GOVERNMENT", "PROSECUTION", 1),
        ("GOVERNMENT", "LABOUR_INSPECTION", 1),
        ("GOVERNMENT", "IMMIGRATION_BORDER", 1),
        ("LAW_ENFORCEMENT", "", 4),
        ("BUSINESS", "EMPLOYER", 1),
        ("BUSINESS", "FINANCIAL", 1),
        ("BUSINESS", "TRANSPORT_HOSPITALITY", 1),
        ("DONOR_FOUNDATION", "", 1),
        ("DONOR_BILATERAL", "", 2),
        ("DONOR_MULTILATERAL", "", 1),
        ("INTERGOVERNMENTAL", "", 2),
        ("INTERNATIONAL_NGO", "", 3),
    ),
    secretariat_kind="NETWORK_UMBRELLA",
    member_odds={
        **_CIVIL_MEMBERS,
        "TRADITIONAL_AUTHORITY": 0.75,
        "INTERNATIONAL_NGO": 0.5,
        "GOVERNMENT": 0.25,
    },
    partner_odds={
        "GOVERNMENT": 0.55,
        "LAW_ENFORCEMENT": 0.75,
        "BUSINESS": 0.35,
        "DONOR_FOUNDATION": 1.0,
        "DONOR_BILATERAL": 1.0,
        "DONOR_MULTILATERAL": 1.0,
        "INTERGOVERNMENTAL": 1.0,
        "INTERNATIONAL_NGO": 0.7,
        "ACADEMIA": 0.5,
        "MEDIA": 0.5,
    },
    practice_weights={
        "GOVERNMENT_SEAT": 10,
        "POLICY_CONSULTATION": 14,
        "TRAINING_GIVEN": 12,
        "TRAINING_RECEIVED": 5,
        "EVENT_INVITATION": 10,
        "JOINT_EVENT": 10,
        "REFERRAL_PROTOCOL": 8,
        "MOU": 4,
        "INFORMATION_SHARING": 7,
        "MONITORING_INPUT": 6,
        "PRO_BONO": 2,
        "FUNDING": 5,
        "SUPPLY_CHAIN": 1,
        "PLATFORM_LISTING": 2,
        "OTHER": 2,
    },
    engagements=300,
    secretariat_lead_share=0.45,
    seats=5,
    working_groups=(
        "Aftercare and Reintegration",
        "Prevention and Awareness",
        "Policy and Law Reform",
        "Research and Data",
    ),
    forum="Government and Traditional Leaders Forum",
    forum_kinds=("GOVERNMENT", "TRADITIONAL_AUTHORITY"),
    chapters=3,
    staff=(5, 9),
    funding=(180_000, 320_000),
    tensions=(
        TensionTemplate(
            "Government seat used to endorse a plan drafted without us",
            "The national action plan was presented at the committee as consulted with the coalition, though members saw only the final draft.",
            "CROSS_SECTOR",
            "WINDOW_DRESSING",
            ("NATIONAL_ANTI_TRAFFICKING_BODY", "SECRETARIAT"),
        ),
        TensionTemplate(
            "New registration rules for NGOs receiving foreign funds",
            "Members fear that speaking publicly about police conduct will delay their re-registration.",
            "CROSS_SECTOR",
            "CIVIC_SPACE",
            ("EXECUTIVE_AGENCY",),
        ),
        TensionTemplate(
            "Faith-based shelters and rights-based NGOs disagree on reintegration",
            "Disagreement over family reunification and the choices survivors make about sex work.",
            "INTER_ORGANISATIONAL",
            "MISALIGNED_VALUES",
            ("FAITH_BASED", "MOBILISATION_ADVOCACY"),
        ),
        TensionTemplate(
            "Secretariat seen to control access to donors",
            "Community-based members say donor visits are routed through the secretariat's own projects.",
            "INTER_ORGANISATIONAL",
            "POWER_ASYMMETRY",
            ("SECRETARIAT", "COMMUNITY_BASED"),
        ),
        TensionTemplate(
            "Police ask shelters for survivors' case files",
            "Investigators asked for full case files; shelters offered anonymised summaries only.",
            "CROSS_SECTOR",
            "CONFIDENTIALITY",
            ("LAW_ENFORCEMENT", "VICTIM_SERVICES"),
        ),
        TensionTemplate(
            "Coordinator turnover after a funding gap",
            "Two coordinators left within a year when a grant ended; members lost their contact points.",
            "INTERPERSONAL",
            "TURNOVER_BURNOUT",
            ("SECRETARIAT",),
        ),
        TensionTemplate(
            "Donor priorities pull members towards prosecution work",
            "A bilateral donor's new call funds only prosecution support, while members' work is prevention and aftercare.",
            "LOCAL_GLOBAL",
            "COOPTATION",
            ("DONOR_BILATERAL", "COMMUNITY_BASED"),
        ),
    ),
    strategies=(
        StrategyTemplate(
            "COLLECTIVE_VOICE",
            "Joint position papers before each committee sitting",
            "Members agree a written position in a working group before the seat holder attends.",
            (0,),
        ),
        StrategyTemplate(
            "STANDARDS_CHARTER",
            "Aftercare standards charter",
            "A charter both faith-based and rights-based members signed, with room for each approach.",
            (2,),
        ),
        StrategyTemplate(
            "SHARED_LEADERSHIP",
            "Rotating donor liaison among members",
            "Each year a different member leads donor visits with the secretariat.",
            (3, 6),
        ),
        StrategyTemplate(
            "FORMALISE_MOU",
            "Information-sharing MOU with the police",
            "An agreement that fixes what the police may ask for and how survivor data is anonymised.",
            (4,),
        ),
        StrategyTemplate(
            "STRATEGIC_PLANNING",
            "Three-year plan with a reserve fund",
            "A plan and a small reserve so that the secretariat survives a gap between grants.",
            (5,),
        ),
    ),
)

PACIFIC = CoalitionProfile(
    slug="marivo",
    name="Marivo Islands Anti-Trafficking Network",
    country="Marivo",
    region="ASIA_PACIFIC_ISLANDS",
    founded=2015,
    governance_model="PARTICIPANT_GOVERNED",
    languages=("en", "fr"),
    description=(
        "A fictional, small network in the invented Marivo Islands, where churches and international "
        "donors are prominent and members meet across several islands. Demo data: every name is invented."
    ),
    syllables=("va", "lo", "ta", "ni", "ma", "ke", "ru", "fa", "li", "to", "sa", "vu"),
    endings=("", "a", "i", "u", "lagi"),
    mix=(
        ("CIVIL_SOCIETY", "NETWORK_UMBRELLA", 1),
        ("CIVIL_SOCIETY", "VICTIM_SERVICES", 4),
        ("CIVIL_SOCIETY", "MOBILISATION_ADVOCACY", 3),
        ("CIVIL_SOCIETY", "COMMUNITY_BASED", 5),
        ("FAITH_BASED", "", 9),
        ("SURVIVOR_LED", "", 1),
        ("TRADITIONAL_AUTHORITY", "", 2),
        ("LABOUR_PROFESSIONAL", "", 1),
        ("ACADEMIA", "", 1),
        ("MEDIA", "", 1),
        ("GOVERNMENT", "NATIONAL_ANTI_TRAFFICKING_BODY", 1),
        ("GOVERNMENT", "EXECUTIVE_AGENCY", 3),
        ("GOVERNMENT", "LOCAL_GOVERNMENT", 1),
        ("GOVERNMENT", "PROSECUTION", 1),
        ("GOVERNMENT", "IMMIGRATION_BORDER", 1),
        ("LAW_ENFORCEMENT", "", 2),
        ("BUSINESS", "EMPLOYER", 1),
        ("BUSINESS", "TRANSPORT_HOSPITALITY", 1),
        ("BUSINESS", "FINANCIAL", 1),
        ("DONOR_FOUNDATION", "", 1),
        ("DONOR_BILATERAL", "", 3),
        ("DONOR_MULTILATERAL", "", 1),
        ("INTERGOVERNMENTAL", "", 2),
        ("INTERNATIONAL_NGO", "", 3),
    ),
    secretariat_kind="FAITH_BASED",
    member_odds={**_CIVIL_MEMBERS, "INTERNATIONAL_NGO": 0.7, "GOVERNMENT": 0.15},
    partner_odds={
        "GOVERNMENT": 0.4,
        "LAW_ENFORCEMENT": 0.5,
        "BUSINESS": 0.3,
        "DONOR_FOUNDATION": 1.0,
        "DONOR_BILATERAL": 1.0,
        "DONOR_MULTILATERAL": 1.0,
        "INTERGOVERNMENTAL": 1.0,
        "INTERNATIONAL_NGO": 0.9,
        "ACADEMIA": 0.3,
    },
    practice_weights={
        "GOVERNMENT_SEAT": 4,
        "POLICY_CONSULTATION": 8,
        "TRAINING_GIVEN": 8,
        "TRAINING_RECEIVED": 10,
        "EVENT_INVITATION": 10,
        "JOINT_EVENT": 12,
        "REFERRAL_PROTOCOL": 6,
        "MOU": 4,
        "INFORMATION_SHARING": 5,
        "MONITORING_INPUT": 6,
        "PRO_BONO": 2,
        "FUNDING": 14,
        "SUPPLY_CHAIN": 1,
        "PLATFORM_LISTING": 3,
        "OTHER": 3,
    },
    engagements=130,
    secretariat_lead_share=0.55,
    seats=2,
    working_groups=("Care and Protection", "Community Awareness"),
    forum="Development Partners Roundtable",
    forum_kinds=(
        "DONOR_BILATERAL",
        "DONOR_MULTILATERAL",
        "DONOR_FOUNDATION",
        "INTERGOVERNMENTAL",
        "INTERNATIONAL_NGO",
    ),
    chapters=1,
    staff=(2, 3),
    funding=(60_000, 110_000),
    tensions=(
        TensionTemplate(
            "Members compete for the same bilateral grant",
            "Three members applied separately to one call; the donor asked the network to choose.",
            "LOCAL_GLOBAL",
            "DONOR_COMPETITION",
            ("DONOR_BILATERAL", "VICTIM_SERVICES", "FAITH_BASED"),
        ),
        TensionTemplate(
            "Churches and women's groups differ on how to speak about sexual exploitation",
            "Awareness materials were withdrawn twice after objections to their wording.",
            "INTER_ORGANISATIONAL",
            "MISALIGNED_VALUES",
            ("FAITH_BASED", "MOBILISATION_ADVOCACY"),
        ),
        TensionTemplate(
            "Donor reporting templates overwhelm small members",
            "Each donor asks for its own indicators; volunteer-run members cannot keep up.",
            "LOCAL_GLOBAL",
            "DIFFERING_PROCESSES",
            ("DONOR_MULTILATERAL", "COMMUNITY_BASED"),
        ),
        TensionTemplate(
            "Outer-island members rarely take part",
            "Travel costs and connectivity keep outer-island members out of most meetings.",
            "INTER_ORGANISATIONAL",
            "DISENGAGEMENT",
            ("COMMUNITY_BASED",),
        ),
        TensionTemplate(
            "Everyone knows everyone: conflicts of interest in referrals",
            "A referral was delayed because the suspect was related to a member's staff.",
            "INTERPERSONAL",
            "TRUST_SUSPICION",
            ("LAW_ENFORCEMENT", "VICTIM_SERVICES"),
        ),
    ),
    strategies=(
        StrategyTemplate(
            "NEUTRAL_CONVENING",
            "Joint proposals convened by the network",
            "The network convenes one joint proposal per call instead of competing bids.",
            (0,),
        ),
        StrategyTemplate(
            "ENGAGING_CONFLICT",
            "Facilitated dialogue on awareness messages",
            "A facilitated session where churches and women's groups drafted shared wording.",
            (1,),
        ),
        StrategyTemplate(
            "CAPACITY_BUILDING",
            "Shared reporting clinic",
            "A monthly clinic where the secretariat helps small members with donor reports.",
            (2,),
        ),
        StrategyTemplate(
            "ROTATING_REPRESENTATION",
            "Meetings hosted on each island in turn",
            "Quarterly meetings rotate between islands, with a phone line for those who cannot travel.",
            (3,),
        ),
    ),
)

SOUTHEAST_ASIA = CoalitionProfile(
    slug="lenhara",
    name="Lenhara Counter-Trafficking Alliance",
    country="Lenhara",
    region="SOUTHEAST_ASIA",
    founded=2008,
    governance_model="LEAD_ORGANISATION",
    languages=("en", "km"),
    description=(
        "A fictional, large alliance in the invented Kingdom of Lenhara, with many business members and "
        "partners in garments, seafood and hospitality, and working groups that have grown apart. "
        "Demo data: every name is invented."
    ),
    syllables=("lan", "pho", "sra", "khe", "mai", "tu", "rong", "vi", "san", "cha", "dao", "ken"),
    endings=("", "a", "ang", "ey", "ol"),
    mix=(
        ("CIVIL_SOCIETY", "VICTIM_SERVICES", 14),
        ("CIVIL_SOCIETY", "NETWORK_UMBRELLA", 3),
        ("CIVIL_SOCIETY", "MOBILISATION_ADVOCACY", 9),
        ("CIVIL_SOCIETY", "COMMUNITY_BASED", 10),
        ("CIVIL_SOCIETY", "RESEARCH_NGO", 4),
        ("FAITH_BASED", "", 7),
        ("SURVIVOR_LED", "", 4),
        ("LABOUR_PROFESSIONAL", "", 6),
        ("ACADEMIA", "", 3),
        ("MEDIA", "", 3),
        ("GOVERNMENT", "NATIONAL_ANTI_TRAFFICKING_BODY", 1),
        ("GOVERNMENT", "EXECUTIVE_AGENCY", 4),
        ("GOVERNMENT", "LOCAL_GOVERNMENT", 3),
        ("GOVERNMENT", "LEGISLATURE", 1),
        ("GOVERNMENT", "JUDICIARY", 1),
        ("GOVERNMENT", "PROSECUTION", 1),
        ("GOVERNMENT", "LABOUR_INSPECTION", 1),
        ("GOVERNMENT", "IMMIGRATION_BORDER", 1),
        ("LAW_ENFORCEMENT", "", 4),
        ("BUSINESS", "EMPLOYER", 6),
        ("BUSINESS", "SUPPLY_CHAIN_BRAND", 6),
        ("BUSINESS", "FINANCIAL", 2),
        ("BUSINESS", "PROFESSIONAL_SERVICES", 2),
        ("BUSINESS", "TRANSPORT_HOSPITALITY", 3),
        ("BUSINESS", "TECH", 2),
        ("BUSINESS", "BUSINESS_ASSOCIATION", 2),
        ("DONOR_FOUNDATION", "", 2),
        ("DONOR_BILATERAL", "", 3),
        ("DONOR_MULTILATERAL", "", 1),
        ("INTERGOVERNMENTAL", "", 2),
        ("INTERNATIONAL_NGO", "", 5),
    ),
    secretariat_kind="VICTIM_SERVICES",
    member_odds={**_CIVIL_MEMBERS, "INTERNATIONAL_NGO": 0.6, "BUSINESS": 0.3},
    partner_odds={
        "GOVERNMENT": 0.45,
        "LAW_ENFORCEMENT": 0.5,
        "BUSINESS": 0.55,
        "DONOR_FOUNDATION": 1.0,
        "DONOR_BILATERAL": 1.0,
        "DONOR_MULTILATERAL": 1.0,
        "INTERGOVERNMENTAL": 1.0,
        "INTERNATIONAL_NGO": 0.6,
        "ACADEMIA": 0.6,
        "MEDIA": 0.3,
        "LABOUR_PROFESSIONAL": 0.3,
    },
    practice_weights={
        "GOVERNMENT_SEAT": 4,
        "POLICY_CONSULTATION": 10,
        "TRAINING_GIVEN": 12,
        "TRAINING_RECEIVED": 5,
        "EVENT_INVITATION": 8,
        "JOINT_EVENT": 10,
        "REFERRAL_PROTOCOL": 8,
        "MOU": 5,
        "INFORMATION_SHARING": 8,
        "MONITORING_INPUT": 5,
        "PRO_BONO": 6,
        "FUNDING": 8,
        "SUPPLY_CHAIN": 12,
        "PLATFORM_LISTING": 4,
        "OTHER": 2,
    },
    engagements=420,
    secretariat_lead_share=0.35,
    seats=3,
    working_groups=(
        "Shelter and Aftercare",
        "Labour Migration and Supply Chains",
        "Online Exploitation",
        "Legal Aid and Prosecution Support",
        "Survivor Leadership",
    ),
    forum="Business Engagement Forum",
    forum_kinds=("BUSINESS", "LABOUR_PROFESSIONAL"),
    chapters=2,
    staff=(8, 14),
    funding=(250_000, 480_000),
    tensions=(
        TensionTemplate(
            "Brands join events but not remediation",
            "Several brands sponsor awareness events but decline to fund remediation when abuse is found in their suppliers.",
            "CROSS_SECTOR",
            "WINDOW_DRESSING",
            ("SUPPLY_CHAIN_BRAND", "MOBILISATION_ADVOCACY"),
        ),
        TensionTemplate(
            "Working groups duplicate each other",
            "Two working groups ran separate trainings for the same labour inspectors in one month.",
            "INTER_ORGANISATIONAL",
            "SIZE_SILOING",
            ("VICTIM_SERVICES", "COMMUNITY_BASED"),
        ),
        TensionTemplate(
            "Unions wary of business members",
            "Unions question whether employer members can vote on positions about wages and recruitment fees.",
            "CROSS_SECTOR",
            "TRUST_SUSPICION",
            ("LABOUR_PROFESSIONAL", "EMPLOYER"),
        ),
        TensionTemplate(
            "Police ask for the names of survivors in shelters",
            "A request for shelter residents' names arrived without a court order.",
            "CROSS_SECTOR",
            "CONFIDENTIALITY",
            ("LAW_ENFORCEMENT", "VICTIM_SERVICES"),
        ),
        TensionTemplate(
            "Survivor leaders feel tokenised on panels",
            "Survivor leaders are invited to speak but not to plan; travel costs are reimbursed late.",
            "INTERPERSONAL",
            "SOCIAL_LOCATION",
            ("SURVIVOR_LED", "SECRETARIAT"),
        ),
        TensionTemplate(
            "New law on associations requires reporting of foreign funds",
            "Members must report every foreign grant in advance; some stopped joint statements.",
            "CROSS_SECTOR",
            "CIVIC_SPACE",
            ("EXECUTIVE_AGENCY",),
        ),
        TensionTemplate(
            "The lead organisation hosts the secretariat and competes for grants",
            "Members ask whether the lead organisation's own projects benefit from coalition contacts.",
            "INTER_ORGANISATIONAL",
            "LEADERSHIP_CONTROL",
            ("SECRETARIAT", "VICTIM_SERVICES"),
        ),
    ),
    strategies=(
        StrategyTemplate(
            "PARTNER_NOT_MEMBER",
            "Brands as partners with remediation commitments",
            "Brands engage as partners under a written remediation commitment rather than as members.",
            (0, 2),
        ),
        StrategyTemplate(
            "STRUCTURED_COMMUNICATION",
            "Shared training calendar",
            "One calendar of trainings across working groups, reviewed monthly by the chairs.",
            (1,),
        ),
        StrategyTemplate(
            "SEGMENTED_FORUMS",
            "Separate business forum",
            "Employers meet in their own forum; unions and NGOs hold positions in the general assembly.",
            (2,),
        ),
        StrategyTemplate(
            "FORMALISE_MOU",
            "Referral MOU with a data-protection annex",
            "An MOU with the police that names what may be shared and requires a court order for names.",
            (3,),
        ),
        StrategyTemplate(
            "SHARED_LEADERSHIP",
            "Survivor leadership working group",
            "Survivor-led members chair a working group and co-plan every public event.",
            (4, 6),
        ),
        StrategyTemplate(
            "RELATIONSHIP_MAPPING",
            "Mapping who holds which relationship",
            "A yearly map of members' relationships with government and business, shared with all members.",
            (6,),
        ),
    ),
)

PROFILES: tuple[CoalitionProfile, ...] = (AFRICA, PACIFIC, SOUTHEAST_ASIA)
