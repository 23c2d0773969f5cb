"""Demo survey rounds: two closed rounds and one open round per demo coalition.

Answers are drawn from a seeded generator (the same seed always writes the same answers) with the
patterns the paper describes: members trust civil-society partners more than government and
business ones, and fear co-optation by government more than by international actors. Each coalition
may add a story of its own (``STORIES``): zembora also invites its government partners. Written in
bulk inside the loader's transaction; a coalition that already exists is skipped by the loader, so
loading twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from coalitionlens.coalitions.models import Coalition, Organisation, Partnership
from coalitionlens.surveys.answering import AnswerIn, hope_codes
from coalitionlens.surveys.instruments import latest
from coalitionlens.surveys.models import (
    Answer,
    Consent,
    Respondent,
    Response,
    RoundStatus,
    SurveyRound,
)
from coalitionlens.surveys.selectors import round_snapshot
from coalitionlens.surveys.services import respondents_freeze

__all__ = ["ROUNDS", "write_surveys"]

#: (title, opens, closes, status, share of respondents who answer)
ROUNDS: tuple[tuple[str, dt.date, dt.date, str, float], ...] = (
    (
        "Collaboration survey 2024",
        dt.date(2024, 10, 1),
        dt.date(2024, 11, 15),
        RoundStatus.CLOSED,
        0.8,
    ),
    (
        "Collaboration survey 2025",
        dt.date(2025, 10, 1),
        dt.date(2025, 11, 15),
        RoundStatus.CLOSED,
        0.75,
    ),
    (
        "Collaboration survey 2026",
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 15),
        RoundStatus.OPEN,
        0.5,
    ),
)
# How much a respondent of a macro-sector tends to trust a partner of another (added to a 1-4 base).
_LEAN = {
    ("CIVIL", "CIVIL"): 0.6,
    ("CIVIL", "PUBLIC"): -0.7,
    ("CIVIL", "PRIVATE"): -0.4,
    ("CIVIL", "INTERNATIONAL"): 0.2,
    ("PUBLIC", "CIVIL"): 0.1,
}


@dataclass(frozen=True)
class _Story:
    """What one demo coalition's rounds show beyond the common pattern, so that each diagnostic
    reading the surveys (insights/rules.py) fires on at least one demo coalition, from published
    cells: government partners invited in numbers that reach k, and rating the coalition higher
    than its NGOs do (a perception gap); a fear most members share; factors and trust that fall
    from the first round to the second."""

    invite_public_partners: bool = False
    #: Added to the health answers of respondents from the public sector.
    public_health_lean: float = 0.0
    #: (macro-sector asked about, code) → chance a respondent picks it, instead of the common one.
    fear_odds: dict[tuple[str, str], float] = field(default_factory=dict)
    #: In round ``fall_year`` (0 = the first), these factors' answers and the trust of a
    #: (rater's macro-sector, partner's macro-sector) pair drop by these amounts.
    fall_year: int | None = None
    factor_fall: dict[str, float] = field(default_factory=dict)
    trust_fall: dict[tuple[str, str], float] = field(default_factory=dict)

    def health(self, macro: str, factor: str, year: int) -> float:
        lean = self.public_health_lean if macro == "PUBLIC" else 0.0
        return lean - (self.factor_fall.get(factor, 0.0) if year == self.fall_year else 0.0)

    def trust(self, pair: tuple[str, str], year: int) -> float:
        return -self.trust_fall.get(pair, 0.0) if year == self.fall_year else 0.0


STORIES: dict[str, _Story] = {
    "zembora": _Story(
        invite_public_partners=True,
        public_health_lean=1.4,
        fear_odds={("PUBLIC", "fear:retaliation"): 0.75},
        fall_year=1,
        trust_fall={("CIVIL", "PUBLIC"): 0.7},
    ),
    "marivo": _Story(fall_year=1, factor_fall={"communication": 0.9, "planning": 0.9}),
}


def _public_partners(
    coalition: Coalition, members: list[Organisation], opens: dt.date
) -> list[Organisation]:
    """Public-sector organisations with a partnership current when the round opens (they count
    towards k as members do), not already invited as members."""
    taken = {m.pk for m in members}
    current = (
        Partnership.objects.filter(
            coalition=coalition,
            organisation__sector__macro_sector="PUBLIC",
            started_on__lte=opens,
        )
        .exclude(ended_on__lt=opens)
        .values_list("organisation_id", flat=True)
    )
    ids = sorted(set(current) - taken)
    return list(Organisation.objects.filter(pk__in=ids).select_related("sector").order_by("pk"))


def _clip(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _answers(
    rng: random.Random,
    me: Organisation,
    roster: list[Organisation],
    year: int,
    story: _Story = _Story(),
) -> list[AnswerIn]:
    rel, health, hf = latest("relationship"), latest("health"), latest("hopes_fears")
    mine = me.sector.macro_sector
    partners = rng.sample(
        [o for o in roster if o.pk != me.pk], min(len(roster) - 1, rng.randint(3, 7))
    )
    out = [AnswerIn("relationship", "partners", None, "", [p.pk for p in partners])]
    for p in partners:
        pair = (mine, p.sector.macro_sector)
        lean = _LEAN.get(pair, 0.0) + 0.15 * year + story.trust(pair, year)
        out.append(AnswerIn("relationship", "frequency", p.pk, "", rng.randint(1, 4)))
        out.append(
            AnswerIn("relationship", "level", p.pk, "", _clip(rng.gauss(2.5 + lean, 1.2), 0, 5))
        )
        for item in rel.items:
            if item.get("composite"):
                out.append(
                    AnswerIn(
                        "relationship",
                        item["code"],
                        p.pk,
                        "",
                        _clip(rng.gauss(2.8 + lean, 0.8), 1, 4),
                    )
                )
        if rng.random() < 0.6:
            codes = [c["value"] for c in rel.data["practices"]["choices"]]
            out.append(
                AnswerIn(
                    "relationship",
                    "practices",
                    p.pk,
                    "",
                    sorted(rng.sample(codes, rng.randint(1, 3))),
                )
            )
    weak = {"shared_power", "resources", "independence"}
    for item in health.items:
        if rng.random() < 0.93:
            base = 2.9 if item["factor"] in weak else 3.7
            base += story.health(mine, item["factor"], year)
            out.append(
                AnswerIn(
                    "health", item["code"], None, "", _clip(rng.gauss(base + 0.1 * year, 0.9), 1, 5)
                )
            )
    fears_by = {
        "PUBLIC": ("fear:cooptation", "fear:retaliation"),
        "PRIVATE": ("fear:reputational_risk", "fear:mission_drift"),
    }
    for about in ("PUBLIC", "PRIVATE", "INTERNATIONAL"):
        out.append(AnswerIn("hopes_fears", "seen", None, about, True))
        for code in hope_codes(hf):
            likely = story.fear_odds.get((about, code)) or (
                0.5
                if code in fears_by.get(about, ())
                else 0.3
                if code.startswith("hope:")
                else 0.12
            )
            if rng.random() < likely:
                out.append(AnswerIn("hopes_fears", code, None, about, rng.randint(1, 3)))
    return out


def write_surveys(coalition: Coalition, *, seed: int) -> list[SurveyRound]:
    """Write the demo rounds of one freshly loaded coalition; call inside a transaction."""
    rng = random.Random(seed * 7919 + zlib.crc32(coalition.slug.encode()))
    roster = list(
        Organisation.objects.filter(coalition=coalition).select_related("sector").order_by("pk")
    )
    members = (
        list(
            Organisation.objects.filter(coalition=coalition, memberships__status="ACTIVE")
            .select_related("sector")
            .distinct()
            .order_by("pk")
        )
        or roster[: max(1, len(roster) // 2)]
    )
    story = STORIES.get(coalition.slug, _Story())
    versions = {code: latest(code).version for code in ("relationship", "health", "hopes_fears")}
    rounds = []
    now = timezone.now()
    for year, (title, opens, closes, status, share) in enumerate(ROUNDS):
        opened = timezone.make_aware(dt.datetime.combine(opens, dt.time(9)))
        round_ = SurveyRound.objects.create(
            coalition=coalition,
            title=title,
            instruments=versions,
            notice_version=latest("notice").version,
            opens_on=opens,
            closes_on=closes,
            status=RoundStatus.OPEN,
            opened_at=opened,
        )
        people = []
        invited = members + (
            _public_partners(coalition, members, opens) if story.invite_public_partners else []
        )
        for org in invited:
            for n in range(2 if rng.random() < 0.15 else 1):
                people.append(
                    Respondent(
                        coalition=coalition,
                        round=round_,
                        organisation=org,
                        name=f"Representative {n + 1}",
                        language=coalition.default_language or "en",
                        invited_at=now,
                    )
                )
        people = Respondent.objects.bulk_create(people)
        # as round_open does: who counts towards k is fixed at the opening, by the roster rule
        respondents_freeze(round=round_, at=opened)
        answering = [p for p in people if rng.random() < share]
        Consent.objects.bulk_create(
            [
                Consent(coalition=coalition, respondent=p, notice_version=round_.notice_version)
                for p in answering
            ]
        )
        responses = Response.objects.bulk_create(
            [
                Response(
                    coalition=coalition,
                    round=round_,
                    respondent=p,
                    versions=versions,
                    language=p.language,
                    submitted_at=now
                    if status == RoundStatus.CLOSED or rng.random() < 0.7
                    else None,
                )
                for p in answering
            ]
        )
        rows: list[Answer] = []
        for p, response in zip(answering, responses, strict=True):
            for a in _answers(rng, p.organisation, roster, year, story):
                rows.append(_row(coalition, response, a))
        Answer.objects.bulk_create(rows, batch_size=2000)
        if status == RoundStatus.CLOSED:
            round_.snapshot = round_snapshot(round=round_)
            round_.status = RoundStatus.CLOSED
            round_.closed_at = timezone.make_aware(dt.datetime.combine(closes, dt.time(18)))
            round_.save(update_fields=["snapshot", "status", "closed_at"])
        rounds.append(round_)
    return rounds


def _row(coalition: Coalition, response: Response, a: AnswerIn) -> Answer:
    value: Any = a.value
    return Answer(
        coalition=coalition,
        response=response,
        instrument=a.instrument,
        item=a.item,
        target_id=a.target,
        about=a.about,
        key=a.key,
        value=value,
    )
