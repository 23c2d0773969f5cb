"""Titles, descriptions and outcome notes for demo engagements."""

from __future__ import annotations

import random

__all__ = ["describe", "outcome_note", "title_for"]

_TOPICS: dict[str, tuple[str, ...]] = {
    "GOVERNMENT_SEAT": (
        "quarterly sitting",
        "review of the national action plan",
        "budget hearing",
        "annual report review",
    ),
    "POLICY_CONSULTATION": (
        "draft national action plan",
        "victim protection regulations",
        "labour recruitment rules",
        "minimum standards for shelters",
        "child online protection bill",
        "witness protection guidelines",
    ),
    "TRAINING_GIVEN": (
        "victim identification",
        "trauma-informed interviewing",
        "the national referral pathway",
        "ethical recruitment",
        "online exploitation",
        "survivor-centred case handling",
    ),
    "TRAINING_RECEIVED": (
        "case management",
        "data protection",
        "monitoring and evaluation",
        "safe migration counselling",
    ),
    "EVENT_INVITATION": (
        "annual general assembly",
        "world day against trafficking",
        "members' learning day",
        "launch of the annual report",
    ),
    "JOINT_EVENT": (
        "awareness week",
        "safe migration campaign",
        "school outreach tour",
        "radio call-in series",
        "market-day outreach",
    ),
    "REFERRAL_PROTOCOL": (
        "referral protocol for identified victims",
        "repatriation procedure",
        "shelter admission procedure",
    ),
    "MOU": (
        "memorandum of understanding",
        "cooperation agreement",
        "letter of agreement on shelters",
    ),
    "INFORMATION_SHARING": ("case data exchange", "trend briefing", "hotline data review"),
    "MONITORING_INPUT": (
        "shadow report input",
        "annual country report input",
        "action plan progress review",
    ),
    "PRO_BONO": (
        "legal aid clinic",
        "pro bono design of campaign materials",
        "donated venue and transport",
    ),
    "FUNDING": (
        "grant for aftercare services",
        "core support grant",
        "small grants round",
        "CSR contribution",
    ),
    "SUPPLY_CHAIN": (
        "supplier audit follow-up",
        "worker voice pilot",
        "recruitment-fee remediation",
        "supplier training",
    ),
    "PLATFORM_LISTING": ("listing in the services directory", "hotline app listing"),
    "OTHER": ("courtesy visit", "joint site visit", "introductory meeting"),
}

_TITLES: dict[str, tuple[str, ...]] = {
    "GOVERNMENT_SEAT": ("{cp}: {topic}",),
    "POLICY_CONSULTATION": ("Consultation on the {topic}", "Comments to {cp} on the {topic}"),
    "TRAINING_GIVEN": ("Training on {topic} for {cp}", "{topic} workshop with {cp}"),
    "TRAINING_RECEIVED": ("Training on {topic} from {cp}",),
    "EVENT_INVITATION": ("{cp} invited to the {topic}",),
    "JOINT_EVENT": ("Joint {topic} with {cp}",),
    "REFERRAL_PROTOCOL": ("{topic} with {cp}",),
    "MOU": ("{topic} signed with {cp}", "Negotiating a {topic} with {cp}"),
    "INFORMATION_SHARING": ("{topic} with {cp}",),
    "MONITORING_INPUT": ("{topic} for {cp}",),
    "PRO_BONO": ("{topic} from {cp}",),
    "FUNDING": ("{topic} from {cp}",),
    "SUPPLY_CHAIN": ("{topic} with {cp}",),
    "PLATFORM_LISTING": ("{topic} with {cp}",),
    "OTHER": ("{topic} with {cp}",),
}

_OUTCOME_NOTES: dict[str, tuple[str, ...]] = {
    "ACHIEVED": (
        "Agreed as planned.",
        "All sessions held; participants asked for a second round.",
        "Signed and circulated to members.",
    ),
    "PARTLY": (
        "Agreed in principle; the details are still open.",
        "Fewer participants than planned.",
        "Half of the requests were taken up.",
    ),
    "NOT_ACHIEVED": (
        "The counterpart did not confirm.",
        "Postponed indefinitely after a change of staff.",
    ),
    "CANCELLED": ("Cancelled by the counterpart.",),
}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def title_for(rng: random.Random, practice: str, counterpart: str) -> str:
    topic = rng.choice(_TOPICS[practice])
    title = rng.choice(_TITLES[practice]).format(cp=counterpart, topic=topic)
    return _cap(title)[:200]


def describe(rng: random.Random, practice: str, counterpart: str, lead: str) -> str:
    opening = rng.choice(
        ("Led by {lead}.", "{lead} led this on behalf of the coalition.", "Organised by {lead}.")
    )
    detail = rng.choice(
        (
            "Counterpart: {cp}.",
            "{cp} sent two focal points.",
            "Follow-up agreed with {cp} at the end of the meeting.",
            "{cp} asked for a short written summary afterwards.",
        )
    )
    return f"{opening.format(lead=lead)} {detail.format(cp=counterpart)}"


def outcome_note(rng: random.Random, outcome: str) -> str:
    notes = _OUTCOME_NOTES.get(outcome)
    return rng.choice(notes) if notes else ""
