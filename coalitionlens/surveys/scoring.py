"""Scores of a closed survey round, passed through suppression before anything leaves. No Django.

The input is the round's frozen snapshot (:meth:`RoundData.from_snapshot`, format in
:mod:`.snapshot`), plain column tables. Only respondents who count towards k (the roster rule of
:mod:`.counting`, fixed when the round opened) are scored: a left-out respondent's answers are in
no figure, not even mixed into a mean. :func:`score_rounds` scores a coalition's rounds in the order
they closed, each suppressed against what the earlier ones published; pages read it through
:func:`.published.published_results`, never from here.

Answers are first brought to the level of the responding *organisation*: when several people of one
organisation answer, their answers are averaged, and ``n`` everywhere counts distinct responding
organisations (never more than distinct respondents, so "at least k respondents" always holds).
Self-ratings are dropped.

The output, :class:`Results`, holds only cells that passed :func:`~.suppression.suppress` — a
hidden cell carries no value and no ``n`` — plus the survey ties without scores or direction (only
when at least k organisations that count answered), and free-text comments only when at least
``k + 3`` organisations wrote one (never split by group).

Scores (DESIGN.md §5): trust = mean of its sub-items, value likewise (1–4); per target organisation,
per sector pair, per macro-sector pair and for the whole network; reciprocity of the level of
collaboration over pairs where both sides answered; factor scores (1–5) overall and per macro-sector
of the respondent (and per sector of the respondent within a macro-sector of several sectors: spare
cells, hidden first when a cell must go, table ``factor_sector:<factor>``); hopes and fears (share who picked each, mean strength with 0 for not picked) per
macro-sector asked about and per macro-sector of the respondent.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from coalitionlens.surveys.snapshot import TABLES, relationship_columns, upgrade
from coalitionlens.surveys.suppression import Family, check_k, suppress

__all__ = [
    "ALL",
    "Cell",
    "Results",
    "RoundData",
    "band",
    "families",
    "response_rates",
    "score_round",
    "score_rounds",
    "survey_tie_table",
]

ALL = "ALL"
_TABLES = {
    "relationship": ("target", "sector_pair", "macro_pair", "network"),
}


@dataclass(frozen=True)
class Cell:
    """One published statistic. ``values`` and ``n`` are ``None`` when it is suppressed."""

    key: tuple[str, ...]
    n: int | None
    values: Mapping[str, float] | None

    @property
    def hidden(self) -> bool:
        return self.values is None


@dataclass(frozen=True)
class Results:
    k: int
    bands: tuple[float, float]
    organisations_responding: int | None
    tables: Mapping[str, tuple[Cell, ...]]
    comments: tuple[str, ...] | None
    ties: tuple[tuple[int, int], ...]
    factors: tuple[str, ...] = ()

    def table(self, name: str) -> dict[tuple[str, ...], Cell]:
        return {c.key: c for c in self.tables.get(name, ())}

    def cells(self) -> list[Cell]:
        return [c for cells in self.tables.values() for c in cells]


@dataclass(frozen=True)
class RoundData:
    """A round's answers as plain tables (see :func:`RoundData.from_snapshot` for the columns)."""

    organisations: pd.DataFrame  # id, name, sector, macro
    invited: pd.DataFrame  # respondent, organisation, responded, counts, invitee
    relationship: pd.DataFrame  # respondent, target, frequency, level, <trust items>, <value items>
    health: pd.DataFrame  # respondent, item, value
    hopes: pd.DataFrame  # respondent, about, code, strength (strength 1-3; absent = not picked)
    hopes_seen: pd.DataFrame  # respondent, about: the respondent answered that block
    comments: pd.DataFrame  # respondent, text
    composites: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    factor_of: Mapping[str, str] = field(default_factory=dict)
    hope_codes: tuple[str, ...] = ()

    @classmethod
    def from_snapshot(cls, snap: Mapping[str, Any]) -> RoundData:
        """Read a snapshot (format: :mod:`.snapshot`). A respondent without ``counts`` does not
        count: only :func:`.snapshot.upgrade` of a format-1 snapshot says everyone does."""
        snap = upgrade(snap)

        def frame(name: str, columns: list[str] | tuple[str, ...]) -> pd.DataFrame:
            data = snap.get(name) or {}
            n = len(next(iter(data.values()), []))
            fill = {"counts": False, "invitee": True}
            return pd.DataFrame(
                {c: data.get(c, [fill.get(c)] * n) for c in columns}, columns=list(columns)
            )

        composites = {k: tuple(v) for k, v in snap.get("composites", {}).items()}
        return cls(
            organisations=frame("organisations", TABLES["organisations"]),
            invited=frame("invited", TABLES["invited"]),
            relationship=frame("relationship", relationship_columns(snap)),
            health=frame("health", TABLES["health"]),
            hopes=frame("hopes", TABLES["hopes"]),
            hopes_seen=frame("hopes_seen", TABLES["hopes_seen"]),
            comments=frame("comments", TABLES["comments"]),
            composites=composites,
            factor_of=dict(snap.get("factor_of", {})),
            hope_codes=tuple(snap.get("hope_codes", ())),
        )


def band(score: float | None, bands: tuple[float, float]) -> str | None:
    """``strength`` at or above the first threshold, ``concern`` below the second, else ``watch``.

    >>> [band(s, (4.0, 3.0)) for s in (4.0, 3.99, 3.0, 2.99)]
    ['strength', 'watch', 'watch', 'concern']
    """
    if score is None:
        return None
    strength, watch = bands
    return "strength" if score >= strength else "watch" if score >= watch else "concern"


def _counted(invited: pd.DataFrame) -> pd.DataFrame:
    """The respondents who count towards k (:mod:`.counting`): only their answers are scored."""
    if "counts" not in invited:
        return invited.iloc[0:0]
    return invited[invited["counts"].fillna(False).astype(bool)]


def _rater_of(data: RoundData) -> pd.Series:
    """Respondent → organisation, for counted respondents only: every answer goes through this
    map before it is scored (:func:`_with_rater` drops the others), so a left-out respondent's
    answers reach no figure."""
    return _counted(data.invited).set_index("respondent")["organisation"]


def _with_rater(frame: pd.DataFrame, data: RoundData) -> pd.DataFrame:
    out = frame.copy()
    out["rater"] = out["respondent"].map(_rater_of(data))
    return out.dropna(subset=["rater"]).astype({"rater": np.int64})


def _publish(
    fam: Family, hidden: np.ndarray, values: list[dict[str, float]]
) -> dict[str, list[Cell]]:
    counts = fam.counts()
    out: dict[str, list[Cell]] = {}
    for i, (table, key) in enumerate(zip(fam.tables, fam.keys, strict=True)):
        cell = (
            Cell(key=key, n=None, values=None)
            if hidden[i]
            else Cell(key=key, n=int(counts[i]), values=values[i])
        )
        out.setdefault(table, []).append(cell)
    return out


def _groups_of(frame: pd.DataFrame, by: str | list[str]) -> dict[Any, NDArray[np.int64]]:
    """Row positions of each group (``groupby().indices`` with plain types)."""
    return {key: np.asarray(idx, dtype=np.int64) for key, idx in frame.groupby(by).indices.items()}


class _Means:
    """Column means over row subsets, on a float array built once (pandas per subset is slow)."""

    def __init__(self, frame: pd.DataFrame, columns: list[str]) -> None:
        self.columns = columns
        self.array = frame[columns].to_numpy(dtype=float) if columns else np.zeros((len(frame), 0))

    def __call__(self, members: np.ndarray) -> dict[str, float]:
        with warnings.catch_warnings():
            # an item nobody in the cell answered is NaN, shown as hidden ("—"): not a fault
            warnings.filterwarnings("ignore", "Mean of empty slice", RuntimeWarning)
            means = np.nanmean(self.array[members], axis=0) if len(members) else []
        return {c: float(m) for c, m in zip(self.columns, means, strict=True)}


Built = tuple[Family, list[dict[str, float]]]
#: A family with each atom's key: what the atom is about, the same in every round (rater and
#: target, rater and factor, ...), so that cells of two rounds can be matched atom by atom.
Keyed = tuple[Family, list[dict[str, float]], list[tuple[Any, ...]]]


def _keys(*columns: Any) -> list[tuple[Any, ...]]:
    return [
        tuple(v.item() if hasattr(v, "item") else v for v in row)
        for row in zip(*columns, strict=True)
    ]


def _relationship(data: RoundData) -> tuple[Keyed, list[tuple[int, int]], pd.DataFrame]:
    orgs = data.organisations.set_index("id")
    rel = _with_rater(data.relationship, data)
    rel = rel[(rel["rater"] != rel["target"]) & rel["target"].isin(orgs.index)]
    score_cols = ["frequency", "level"]
    for name, items in data.composites.items():
        rel[name] = rel[list(items)].astype(float).mean(axis=1)
        score_cols.append(name)
    rel = rel.groupby(["rater", "target"], as_index=False)[score_cols].mean()
    rel = rel[rel["rater"].isin(orgs.index)].reset_index(drop=True)
    for side in ("rater", "target"):
        rel[f"{side}_sector"] = rel[side].map(orgs["sector"])
        rel[f"{side}_macro"] = rel[side].map(orgs["macro"])
    ties = sorted(
        {(min(a, b), max(a, b)) for a, b in zip(rel["rater"], rel["target"], strict=True)}
    )
    fam = Family(n_atoms=len(rel), contributors=rel["rater"].to_numpy()[:, None])
    values: list[dict[str, float]] = []
    means = _Means(rel, [c for c in score_cols if c in ("level", "trust", "value")])

    def add(table: str, key: tuple[str, ...], idx: np.ndarray) -> None:
        fam.add(table, key, idx)
        values.append(means(idx))

    for t, idx in _groups_of(rel, "target").items():
        add("target", (str(t),), idx)
    for (a, b), idx in _groups_of(rel, ["rater_sector", "target_sector"]).items():
        add("sector_pair", (a, b), idx)
    for (a, b), idx in _groups_of(rel, ["rater_macro", "target_macro"]).items():
        add("macro_pair", (a, b), idx)
    if len(rel):
        add("network", (ALL,), np.arange(len(rel)))
    for group in (
        ["rater"],
        ["rater_sector"],
        ["rater_sector", "target"],
        ["rater_macro", "target_sector"],
    ):
        for idx in _groups_of(rel, group).values():
            fam.protect(idx)
    return (fam, values, _keys(rel["rater"], rel["target"])), ties, rel


def _reciprocity(rel: pd.DataFrame) -> Keyed | None:
    ab = rel.loc[rel["level"].notna(), ["rater", "target", "level"]]
    dy = ab.merge(
        ab, left_on=["rater", "target"], right_on=["target", "rater"], suffixes=("", "_back")
    )
    dy = dy[dy["rater"] < dy["target"]]
    if dy.empty:
        return None
    dy = pd.DataFrame(
        {
            "a": dy["rater"].to_numpy(),
            "b": dy["target"].to_numpy(),
            "gap": (dy["level"] - dy["level_back"]).abs().to_numpy(dtype=float),
        }
    )
    macro = dict(zip(rel["rater"], rel["rater_macro"], strict=True))
    dy["pair"] = [
        tuple(sorted((macro[a], macro[b]))) for a, b in zip(dy["a"], dy["b"], strict=True)
    ]
    dy["differ"] = (dy["gap"] > 0).astype(float)
    fam = Family(n_atoms=len(dy), contributors=dy[["a", "b"]].to_numpy())
    values: list[dict[str, float]] = []
    means = _Means(dy, ["differ", "gap"])
    for pair, idx in _groups_of(dy, "pair").items():
        fam.add("reciprocity", tuple(pair), idx)
        values.append(means(idx))
    fam.add("reciprocity", (ALL, ALL), np.arange(len(dy)))
    values.append(means(np.arange(len(dy))))
    return fam, values, _keys(dy["a"], dy["b"])


def _groups(frame: pd.DataFrame, data: RoundData) -> pd.DataFrame:
    orgs = data.organisations.set_index("id")
    frame["group"] = frame["rater"].map(orgs["macro"])
    frame["sector"] = frame["rater"].map(orgs["sector"])
    return frame.dropna(subset=["group"])


def _health(data: RoundData) -> Keyed:
    h = _with_rater(data.health, data)
    h["factor"] = h["item"].map(dict(data.factor_of))
    h = h.dropna(subset=["factor", "value"])
    scores = pd.DataFrame(h.groupby(["rater", "factor"], as_index=False)["value"].mean())
    scores = _groups(scores, data).reset_index(drop=True)
    fam = Family(n_atoms=len(scores), contributors=scores["rater"].to_numpy()[:, None])
    values: list[dict[str, float]] = []
    means = _Means(scores, ["value"])
    for factor, idx in _groups_of(scores, "factor").items():
        fam.add(f"factor:{factor}", (str(factor), ALL), idx)
        values.append(means(idx))
        sub = scores.iloc[idx]
        for group, gidx in _groups_of(sub, "group").items():
            fam.add(f"factor:{factor}", (factor, str(group)), idx[gidx])
            values.append(means(idx[gidx]))
            # Per sector of the respondent too, where the macro-sector holds several: spare
            # cells, hidden before a macro-sector's when one of them must go (a perception gap
            # compares sectors where k allows, else their macro-sectors).
            within = sub.iloc[gidx]
            sectors = _groups_of(within, "sector")
            if len(sectors) < 2:
                continue
            for sector, sidx in sectors.items():
                fam.add(
                    f"factor_sector:{factor}", (factor, str(sector)), idx[gidx][sidx], spare=True
                )
                values.append(means(idx[gidx][sidx]))
    return fam, values, _keys(scores["rater"], scores["factor"])


def _hopes(data: RoundData) -> Keyed:
    seen = _with_rater(data.hopes_seen, data)[["rater", "about"]].drop_duplicates()
    if seen.empty:
        return Family(n_atoms=0, contributors=np.zeros((0, 1), dtype=np.int64)), [], []
    seen = seen.astype({"about": str})
    picked = _with_rater(data.hopes, data).astype({"about": str, "code": str})
    n_resp = _with_rater(data.hopes_seen, data).groupby(["rater", "about"]).size()
    codes = list(data.hope_codes) or sorted(picked["code"].unique())
    wide = (
        picked.groupby(["rater", "about", "code"])["strength"].sum().unstack("code").reset_index()
        if len(picked)
        else pd.DataFrame(columns=["rater", "about"])
    )
    wide = wide.reindex(columns=["rater", "about", *codes])
    atoms = seen.merge(wide.astype({"rater": np.int64}), on=["rater", "about"], how="left")
    atoms[codes] = atoms[codes].fillna(0.0)
    # Several people of one organisation: average over them (strength 0 where one did not pick it).
    resp = np.array(
        [n_resp.get((r, a), 1) for r, a in zip(atoms["rater"], atoms["about"], strict=True)],
        dtype=float,
    )
    atoms[codes] = atoms[codes].to_numpy(dtype=float) / np.maximum(resp, 1)[:, None]
    atoms = _groups(atoms, data).reset_index(drop=True)
    for c in codes:
        atoms[f"{c}:share"] = (atoms[c] > 0).astype(float)
    cols = [x for c in codes for x in (f"{c}:share", c)]
    fam = Family(n_atoms=len(atoms), contributors=atoms["rater"].to_numpy()[:, None])
    values: list[dict[str, float]] = []
    means = _Means(atoms, cols)
    for about, idx in _groups_of(atoms, "about").items():
        fam.add(f"hopes:{about}", (str(about), ALL), idx)
        values.append(means(idx))
        sub = atoms.iloc[idx]
        for group, gidx in _groups_of(sub, "group").items():
            fam.add(f"hopes:{about}", (str(about), str(group)), idx[gidx])
            values.append(means(idx[gidx]))
    return fam, values, _keys(atoms["rater"], atoms["about"])


def response_rates(
    invited: pd.DataFrame, organisations: pd.DataFrame, k: int
) -> dict[str, list[Cell]]:
    """Share of invited people who responded, per sector of their organisation and overall.

    ``n`` here counts responding people; a sector with fewer than ``k`` is hidden, and so is
    whatever would let it be worked out from the total.
    """
    fam, values, _atoms = _responses(invited, organisations)
    return _publish(fam, suppress(fam, check_k(k)), values)


def _responses(invited: pd.DataFrame, organisations: pd.DataFrame) -> Keyed:
    """Atoms: the invitations that count towards k (left-out respondents are in no figure; a row
    holding an earlier link's submission is not an invitation, see :mod:`.snapshot`)."""
    inv = _counted(invited)
    if "invitee" in inv:
        inv = inv[inv["invitee"].fillna(True).astype(bool)]
    inv = inv.reset_index(drop=True).copy()
    inv["sector"] = inv["organisation"].map(organisations.set_index("id")["sector"])
    inv = inv.dropna(subset=["sector"]).reset_index(drop=True)
    # the same organisation's first, second, ... invitee: the atom matched across rounds
    inv["nth"] = inv.sort_values("respondent").groupby("organisation").cumcount()
    who = np.where(inv["responded"].astype(bool), inv["respondent"].to_numpy(), -1)
    fam = Family(n_atoms=len(inv), contributors=who[:, None])
    values: list[dict[str, float]] = []
    inv["r"] = inv["responded"].astype(float)
    for sector, idx in _groups_of(inv, "sector").items():
        fam.add("response", (str(sector),), idx)
        values.append(
            {"rate": float(inv["r"].iloc[idx].mean()), "responded": float(inv["r"].iloc[idx].sum())}
        )
    if len(inv):
        fam.add("response", (ALL,), np.arange(len(inv)))
        values.append({"rate": float(inv["r"].mean()), "responded": float(inv["r"].sum())})
    return fam, values, _keys(inv["organisation"], inv["nth"])


def families(data: RoundData) -> dict[str, Built]:
    """Every family of statistics of a round, before suppression (for :func:`score_round` and
    for tests that check suppression independently)."""
    return {name: (fam, values) for name, (fam, values, _k) in _families(data)[0].items()}


def _families(data: RoundData) -> tuple[dict[str, Keyed], list[tuple[int, int]]]:
    (rel_fam, ties, rel) = _relationship(data)
    out = {"relationship": rel_fam, "health": _health(data), "hopes": _hopes(data)}
    recip = _reciprocity(rel)
    if recip is not None:
        out["reciprocity"] = recip
    out["response"] = _responses(data.invited, data.organisations)
    return out, ties


#: What a round published, per family: the atom keys behind each cell it showed (``True``) and
#: behind each cell it hid because fewer than k organisations are in it (``False``). Kept inside
#: this module (it says which organisations are behind which cell).
Footprint = dict[str, list[tuple[frozenset[tuple[Any, ...]], bool]]]


def _against(
    fam: Family,
    keys: list[tuple[Any, ...]],
    earlier: list[tuple[frozenset[tuple[Any, ...]], bool]],
) -> tuple[Family, list[NDArray[np.int64]]]:
    """``fam`` with the atoms of ``earlier`` cells that it lacks added, and the cells earlier
    rounds showed as sets of its atoms (``known``): the same key is the same answer (the worst
    case, an organisation that answers the same way every round). The cells earlier rounds hid for
    having fewer than k organisations are protected in the result: no cell of this round, with
    what the earlier rounds showed, may work one out."""
    index = {key: i for i, key in enumerate(keys)}
    extra: list[tuple[Any, ...]] = []
    known: list[NDArray[np.int64]] = []
    secret: list[NDArray[np.int64]] = []
    for cell, shown in earlier:
        ids = []
        for key in cell:
            if key not in index:
                index[key] = len(keys) + len(extra)
                extra.append(key)
            ids.append(index[key])
        (known if shown else secret).append(np.asarray(sorted(ids), dtype=np.int64))
    if not extra and not secret:
        return fam, known
    contributors = np.asarray(fam.contributors)
    pad = np.full((len(extra), contributors.shape[1]), -1, dtype=np.int64)
    joint = Family(n_atoms=fam.n_atoms + len(extra), contributors=np.vstack([contributors, pad]))
    for table, key, members, spare in zip(
        fam.tables, fam.keys, fam.members, fam.spare, strict=True
    ):
        joint.add(table, key, members, spare=spare)
    for p in [*fam.protected, *secret]:
        joint.protect(p)
    return joint, known


def _footprint(
    fam: Family, keys: list[tuple[Any, ...]], hidden: NDArray[np.bool_], k: int
) -> list[tuple[frozenset[tuple[Any, ...]], bool]]:
    """A round's cells as the atom keys behind them: each it showed, and each it hid for having
    fewer than ``k`` contributors (the sets later rounds must not let anyone work out)."""
    counts = fam.counts()
    return [
        (frozenset(keys[a] for a in fam.members[i]), not hidden[i])
        for i in range(len(fam.members))
        if not hidden[i] or (counts[i] < k and fam.members[i].size)
    ]


def _score(
    data: RoundData, k: int, bands: tuple[float, float], earlier: Footprint
) -> tuple[Results, Footprint]:
    k = check_k(k)
    tables: dict[str, list[Cell]] = {}
    footprint: Footprint = {}
    built, ties = _families(data)
    for name, (fam, values, keys) in built.items():
        joint, known = _against(fam, keys, earlier.get(name, []))
        hidden = suppress(joint, k, known)
        tables.update(_publish(fam, hidden, values))
        footprint[name] = _footprint(fam, keys, hidden, k)
    responding = _with_rater(data.invited[data.invited["responded"].astype(bool)], data)[
        "rater"
    ].nunique()
    com = _with_rater(data.comments, data)
    com = com[com["text"].astype(str).str.strip() != ""]
    comments = (
        tuple(sorted(str(t).strip() for t in com["text"]))
        if com["rater"].nunique() >= k + 3
        else None
    )
    factors = tuple(dict.fromkeys(data.factor_of.values()))
    results = Results(
        k=k,
        bands=bands,
        organisations_responding=int(responding) if responding >= k else None,
        tables={name: tuple(cells) for name, cells in tables.items()},
        comments=comments,
        # which pairs work together is shown only when k organisations that count answered
        ties=tuple((int(a), int(b)) for a, b in ties) if responding >= k else (),
        factors=factors,
    )
    return results, footprint


def score_round(data: RoundData, *, k: int, bands: tuple[float, float] = (4.0, 3.0)) -> Results:
    """Every score of one round on its own, suppressed for ``k``. See the module docstring.

    Pages, reports and exports do not call this: they read :func:`.published.published_results`,
    which scores every closed round of the coalition with :func:`score_rounds`.
    """
    return _score(data, k, bands, {})[0]


def score_rounds(
    rounds: Sequence[RoundData], *, k: int, bands: tuple[float, float] = (4.0, 3.0)
) -> list[Results]:
    """The published results of a coalition's rounds, given in the order they closed.

    Each round is suppressed against every cell the earlier ones published, taken as known: an
    answer is matched across rounds by what it is about (an organisation's rating of one target,
    its score of one factor, ...) and assumed the same in every round, so no cell of a later round,
    differenced with one of an earlier round, gives one organisation's answer away. Earlier rounds
    never change when a later one closes; only the later one hides more.
    """
    out: list[Results] = []
    earlier: Footprint = {}
    for data in rounds:
        results, footprint = _score(data, k, bands, earlier)
        out.append(results)
        for name, cells in footprint.items():
            earlier.setdefault(name, []).extend(cells)
    return out


def survey_tie_table(data: RoundData) -> pd.DataFrame:
    """Directed survey ties for the analytics core (``core.survey_ties``): ``source`` named
    ``target``, ``weight`` the level of collaboration (organisations' answers averaged).

    Server-side only: it holds who reported what, so it is never shown or exported as such; pages
    show ties without direction or scores (:attr:`Results.ties`). Left-out respondents' answers
    are not in it.
    """
    orgs = data.organisations.set_index("id")
    rel = _with_rater(data.relationship, data)
    rel = rel[
        (rel["rater"] != rel["target"])
        & rel["target"].isin(orgs.index)
        & rel["rater"].isin(orgs.index)
    ]
    table = rel.groupby(["rater", "target"], as_index=False)["level"].mean()
    return pd.DataFrame(
        {
            "source": table["rater"].astype(np.int64),
            "target": table["target"].astype(np.int64),
            "weight": table["level"].fillna(0).astype(float),
        }
    )
