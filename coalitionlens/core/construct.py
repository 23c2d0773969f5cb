"""Network construction from the product's three tie sources, time windows and snapshots.

* **engagements** → :func:`co_participation`: organisations that took part in the same engagement
  are tied; the weight is the number of shared engagements, optionally decayed by age;
* **partnerships** → :func:`partnerships`: one undirected tie per partnership active in the window;
* **survey answers** → :func:`survey_ties`: directed ties from respondent to named organisation;
* :func:`combine` adds networks together, :func:`snapshots` cuts one per period;
* :func:`coalition_network` builds a coalition's network from its three modes of engagement, the
  one construction the map, the measure tables, reports and network exports share.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from coalitionlens.core.errors import InputError
from coalitionlens.core.modes import ACTIVE, ENDED_STATUSES, active_memberships
from coalitionlens.core.network import (
    FloatArray,
    Network,
    OrgId,
    _clean_organisations,
    _positions,
    _require_columns,
    _tie_dates,
    _tie_weights,
)

__all__ = [
    "CoalitionNetwork",
    "co_participation",
    "coalition_network",
    "combine",
    "partnerships",
    "snapshots",
    "survey_ties",
]


def _decay(dates: pd.Series, half_life_days: float, as_of: object, label: str) -> FloatArray:
    if half_life_days <= 0:
        raise InputError(label, expected="a half-life > 0 days", found=half_life_days)
    reference = pd.Timestamp(as_of) if as_of is not None else dates.max()  # type: ignore[arg-type]
    ages = ((reference - dates).dt.total_seconds() / 86400.0).to_numpy(dtype=np.float64)
    ages = np.clip(np.nan_to_num(ages, nan=0.0), 0.0, None)
    return np.asarray(np.power(0.5, ages / half_life_days), dtype=np.float64)


def co_participation(
    organisations: pd.DataFrame,
    participation: pd.DataFrame,
    *,
    start: object = None,
    end: object = None,
    half_life_days: float | None = None,
    as_of: object = None,
    label: str = "participation",
) -> Network:
    """Tie organisations that took part in the same engagement.

    Parameters
    ----------
    organisations : pandas.DataFrame
        As for :meth:`Network.from_tables`.
    participation : pandas.DataFrame
        One row per organisation per engagement: ``engagement``, ``organisation``, and ``date``
        when a window or decay is asked. Repeated rows count once.
    start, end : date-like, optional
        Engagements dated on or after ``start`` and before ``end``.
    half_life_days : float, optional
        Each shared engagement adds ``0.5 ** (age / half_life_days)`` instead of 1; the age is
        counted back from ``as_of`` (default: the latest engagement in the window).
    label : str
        How errors name the participation table.

    Returns
    -------
    Network
        Undirected; weight = (decayed) number of shared engagements.

    Examples
    --------
    >>> orgs = pd.DataFrame({"id": ["a", "b", "c"], "sector": ["MEDIA", "ACADEMIA", "BUSINESS"]})
    >>> rows = pd.DataFrame({"engagement": [1, 1, 1, 2, 2], "organisation": list("abcab")})
    >>> co_participation(orgs, rows).ties.to_dict("list")
    {'source': ['a', 'a', 'b'], 'target': ['b', 'c', 'c'], 'weight': [2.0, 1.0, 1.0]}
    """
    orgs = _clean_organisations(organisations, "organisations")
    pairs = _shared_engagements(
        orgs, participation, start, end, half_life_days, as_of, label, with_dates=False
    )
    return Network._from_positions(
        orgs,
        pairs["o"].to_numpy(dtype=np.int64),
        pairs["o_other"].to_numpy(dtype=np.int64),
        pairs["w"].to_numpy(dtype=np.float64),
        directed=False,
    )


def _shared_engagements(
    orgs: pd.DataFrame,
    participation: pd.DataFrame,
    start: object,
    end: object,
    half_life_days: float | None,
    as_of: object,
    label: str,
    *,
    with_dates: bool,
) -> pd.DataFrame:
    """One row per engagement and pair of its organisations: positions ``o < o_other``, weight
    ``w``, and (``with_dates``) the engagement's ``date``."""
    _require_columns(participation, ("engagement", "organisation"), label)
    rows = participation.reset_index(drop=True)
    missing = rows["engagement"].isna().to_numpy()
    if missing.any():
        raise InputError(
            label,
            row=int(np.flatnonzero(missing)[0]) + 2,
            column="engagement",
            expected="an engagement id",
        )
    positions = _positions(rows["organisation"], orgs.index, label, "organisation")
    weight = np.ones(len(rows))
    keep = np.ones(len(rows), dtype=bool)
    windowed = start is not None or end is not None or half_life_days is not None
    dates = _tie_dates(rows, label) if windowed or with_dates else None
    if windowed and dates is not None:
        keep = dates.notna().to_numpy().copy()
        if start is not None:
            keep &= (dates >= pd.Timestamp(start)).to_numpy()  # type: ignore[arg-type]
        if end is not None:
            keep &= (dates < pd.Timestamp(end)).to_numpy()  # type: ignore[arg-type]
        if half_life_days is not None:
            reference = (
                as_of if as_of is not None else (None if not keep.any() else dates[keep].max())
            )
            weight = _decay(dates, half_life_days, reference, label)
    engagement_codes = pd.factorize(rows["engagement"])[0]
    columns: dict[str, Any] = {
        "e": engagement_codes[keep],
        "o": positions[keep],
        "w": weight[keep],
    }
    if dates is not None:
        columns["date"] = dates.to_numpy()[keep]
    table = pd.DataFrame(columns).drop_duplicates(["e", "o"])
    pairs = table.merge(table[["e", "o"]], on="e", suffixes=("", "_other"))
    return pairs[pairs["o"] < pairs["o_other"]]


def partnerships(
    organisations: pd.DataFrame,
    partnerships: pd.DataFrame,
    *,
    start: object = None,
    end: object = None,
    label: str = "partnerships",
) -> Network:
    """One undirected tie per partnership active at some time in ``[start, end)``.

    ``partnerships`` has ``source`` and ``target``, optional ``weight`` (e.g. the level of
    collaboration), and optional ``start`` / ``end`` dates of the partnership (an empty end means
    ongoing). Without a window every partnership counts.

    Examples
    --------
    >>> orgs = pd.DataFrame({"id": ["a", "b", "c"], "sector": ["MEDIA", "ACADEMIA", "BUSINESS"]})
    >>> rows = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"],
    ...                      "start": ["2020-01-01", "2024-01-01"], "end": ["2021-01-01", None]})
    >>> partnerships(orgs, rows, start="2023-01-01").ties[["source", "target"]].values.tolist()
    [['b', 'c']]
    """
    rows = partnerships.reset_index(drop=True)
    _require_columns(rows, ("source", "target"), label)
    keep = np.ones(len(rows), dtype=bool)
    if start is not None or end is not None:
        began = _parsed(rows, "start", label)
        ended = _parsed(rows, "end", label)
        if end is not None:
            keep &= (began.isna() | (began < pd.Timestamp(end))).to_numpy()  # type: ignore[arg-type]
        if start is not None:
            keep &= (ended.isna() | (ended >= pd.Timestamp(start))).to_numpy()  # type: ignore[arg-type]
    _tie_weights(rows, label)  # validate every row, not only those in the window
    return Network.from_tables(
        organisations,
        rows[keep].drop(columns=["start", "end"], errors="ignore"),
        ties_label=label,
    )


def _parsed(rows: pd.DataFrame, column: str, label: str) -> pd.Series:
    if column not in rows.columns:
        return pd.Series(pd.NaT, index=rows.index)
    return _tie_dates(rows.rename(columns={column: "date"})[["date"]], label)


def survey_ties(
    organisations: pd.DataFrame,
    answers: pd.DataFrame,
    *,
    start: object = None,
    end: object = None,
    label: str = "survey answers",
) -> Network:
    """Directed ties from each respondent organisation (``source``) to the organisations it named
    (``target``), weighted by ``weight`` when given (e.g. the level of collaboration 0-5).

    Examples
    --------
    >>> orgs = pd.DataFrame({"id": ["a", "b"], "sector": ["MEDIA", "ACADEMIA"]})
    >>> answers = pd.DataFrame({"source": ["a"], "target": ["b"], "weight": [3]})
    >>> survey_ties(orgs, answers).directed
    True
    """
    return Network.from_tables(
        organisations, answers, directed=True, start=start, end=end, ties_label=label
    )


def combine(*networks: Network, directed: bool | None = None) -> Network:
    """Add networks over the same organisations: weights of the same tie are summed.

    The result is directed only if every input is directed (or ``directed`` says so); an
    undirected input then contributes its ties in both directions.

    Examples
    --------
    >>> from coalitionlens.core.examples import star
    >>> combine(star(), star()).ties["weight"].tolist()
    [2.0, 2.0, 2.0, 2.0]
    """
    if not networks:
        raise ValueError("combine needs at least one network")
    first = networks[0]
    for other in networks[1:]:
        if not other.organisations.index.equals(first.organisations.index):
            raise ValueError("combined networks must share the same organisations, in one order")
    result_directed = all(net.directed for net in networks) if directed is None else directed
    sources, targets, weights = [], [], []
    for net in networks:
        a, b, w = net._edges
        sources.append(a)
        targets.append(b)
        weights.append(w)
        if result_directed and not net.directed:
            sources.append(b)
            targets.append(a)
            weights.append(w)
    return Network._from_positions(
        first.organisations,
        np.concatenate(sources),
        np.concatenate(targets),
        np.concatenate(weights),
        directed=result_directed,
    )


@dataclass(frozen=True, eq=False)
class CoalitionNetwork:
    """A coalition's network and where each of its ties comes from.

    Attributes
    ----------
    network : Network
        The undirected network every measure runs on.
    ties : pandas.DataFrame
        One row per tie of ``network``, in its order: ``source``, ``target``, ``weight`` (as in
        ``network``), ``engagements`` (shared engagements), ``partnerships`` (the partner's
        partnerships in the window), ``membership`` (1 for a member's tie to the secretariat),
        ``level`` (the highest partnership level, 0 without) and ``first`` / ``last`` (dates of
        the first and last shared engagement; NaT without, or when no date was given).
    """

    network: Network
    ties: pd.DataFrame


_SOURCES = ("engagements", "partnerships", "membership", "level")


def coalition_network(
    organisations: pd.DataFrame,
    *,
    participation: pd.DataFrame | None = None,
    partners: pd.DataFrame | None = None,
    members: pd.DataFrame | None = None,
    secretariat: OrgId | None = None,
    start: object = None,
    end: object = None,
    as_of: object = None,
) -> CoalitionNetwork:
    """A coalition's network from its three modes of engagement: the one construction behind the
    map, the measure tables, reports and network exports.

    * **engagements** (``participation``: ``engagement``, ``organisation``, optional ``date``):
      organisations in the same engagement are tied, once per shared engagement;
    * **partnerships** (``partners``: ``organisation``, optional ``started_on``, ``ended_on``,
      ``level``): a partner is tied to the secretariat, which holds the partnerships, once however
      many partnerships it has;
    * **membership** (``members``: ``organisation``, ``status``, optional ``joined_on``,
      ``ended_on``): a member is tied to the secretariat, which hosts the membership, once.

    A table left out (``None``) leaves its mode out. Without a ``secretariat`` among the
    organisations there are no partnership or membership ties.

    Parameters
    ----------
    organisations : pandas.DataFrame
        As for :meth:`Network.from_tables`.
    start, end : date-like, optional
        The window ``[start, end)``: engagements dated in it; partnerships and memberships held at
        some time in it (begun before ``end``, not ended by ``start``: an end date is the first day
        a relationship no longer holds, as in :mod:`coalitionlens.core.modes`). Without ``start``,
        members are the active members (:func:`~coalitionlens.core.modes.active_memberships`) on
        the window's last day; without a window, every partnership counts.
    as_of : date-like, optional
        The last day when there is no ``end`` (e.g. today); without any day, members are those
        whose ``status`` is ``ACTIVE``.

    Returns
    -------
    CoalitionNetwork
        ``network``'s tie weight = shared engagements + 1 for a partnership + 1 for a membership.

    Examples
    --------
    >>> orgs = pd.DataFrame({"id": ["hub", "a", "b"], "sector": ["CIVIL_SOCIETY", "GOVERNMENT",
    ...                      "BUSINESS"]})
    >>> built = coalition_network(
    ...     orgs,
    ...     participation=pd.DataFrame({"engagement": [1, 1, 2, 2], "organisation": ["hub", "a"] * 2}),
    ...     partners=pd.DataFrame({"organisation": ["b", "b", "a"]}),
    ...     members=pd.DataFrame({"organisation": ["a"], "status": ["ACTIVE"]}),
    ...     secretariat="hub",
    ... )
    >>> built.ties[["source", "target", "weight", "engagements", "partnerships", "membership"]].values.tolist()
    [['hub', 'a', 4.0, 2, 1, 1], ['hub', 'b', 1.0, 0, 2, 0]]
    """
    orgs = _clean_organisations(organisations, "organisations")
    index = orgs.index
    found = index.get_indexer(pd.Index([secretariat])) if secretariat is not None else [-1]
    hub = int(found[0]) if found[0] >= 0 else None
    layers: list[pd.DataFrame] = []
    if participation is not None:
        pairs = _shared_engagements(
            orgs,
            participation,
            start,
            end,
            None,
            None,
            "participation",
            with_dates="date" in participation.columns,
        )
        agg: dict[str, Any] = {"engagements": ("w", "size")}
        if "date" in pairs.columns:
            agg.update(first=("date", "min"), last=("date", "max"))
        layers.append(
            pairs.groupby(["o", "o_other"])
            .agg(**agg)
            .reset_index()
            .rename(columns={"o": "a", "o_other": "b"})
        )
    if partners is not None and hub is not None:
        rows = partners.reset_index(drop=True)
        _require_columns(rows, ("organisation",), "partnerships")
        keep = np.ones(len(rows), dtype=bool)
        if end is not None:
            began = _dates(rows, "started_on", "partnerships")
            keep &= (began.isna() | (began < pd.Timestamp(end))).to_numpy()  # type: ignore[arg-type]
        if start is not None:
            ended = _dates(rows, "ended_on", "partnerships")
            keep &= (ended.isna() | (ended > pd.Timestamp(start))).to_numpy()  # type: ignore[arg-type]
        level = rows["level"] if "level" in rows.columns else pd.Series(0, index=rows.index)
        frame = pd.DataFrame(
            {
                "p": _positions(rows["organisation"], index, "partnerships", "organisation"),
                "level": pd.to_numeric(level, errors="coerce").fillna(0).astype(np.int64),
            }
        )[keep]
        grouped = (
            frame[frame["p"] != hub]
            .groupby("p")
            .agg(partnerships=("p", "size"), level=("level", "max"))
        )
        layers.append(_to_hub(hub, grouped.index, grouped))
    if members is not None and hub is not None:
        rows = members.reset_index(drop=True)
        _require_columns(rows, ("organisation", "status"), "memberships")
        status = rows["status"]
        if start is None:
            # Members on the window's last day (today without a window), by the one definition
            # of an active member (core.modes).
            day = pd.Timestamp(end) - pd.Timedelta(days=1) if end is not None else as_of  # type: ignore[arg-type]
            if day is None:
                keep = (status == ACTIVE).to_numpy()
            else:
                for column in ("joined_on", "ended_on"):
                    if column not in rows.columns:
                        rows[column] = None
                held = active_memberships(rows, pd.Timestamp(day).date())  # type: ignore[arg-type]
                keep = rows.index.isin(held.index)
        else:
            # Held at some time in the window: an end date is the first day it no longer holds.
            joined = _dates(rows, "joined_on", "memberships")
            ended = _dates(rows, "ended_on", "memberships")
            upper = pd.Timestamp(end) if end is not None else None  # type: ignore[arg-type]
            if upper is None and as_of is not None:
                upper = pd.Timestamp(as_of) + pd.Timedelta(days=1)  # type: ignore[arg-type]
            counted = (status == ACTIVE) | (status.isin(ENDED_STATUSES) & ended.notna())
            held_in = counted & (ended.isna() | (ended > pd.Timestamp(start)))  # type: ignore[arg-type]
            if upper is not None:
                held_in &= joined.isna() | (joined < upper)
            keep = held_in.to_numpy(dtype=bool)
        member = np.unique(
            _positions(rows["organisation"], index, "memberships", "organisation")[keep]
        )
        member = member[member != hub]
        layers.append(_to_hub(hub, member, pd.DataFrame({"membership": 1}, index=member)))
    return _assemble(orgs, layers)


def _dates(rows: pd.DataFrame, column: str, label: str) -> pd.Series:
    if column not in rows.columns:
        return pd.Series(pd.NaT, index=rows.index)
    return _tie_dates(rows[[column]].rename(columns={column: "date"}), label)


def _to_hub(hub: int, others: Any, values: pd.DataFrame) -> pd.DataFrame:
    others = np.asarray(others, dtype=np.int64)
    frame = values.reset_index(drop=True)
    frame.insert(0, "a", np.minimum(hub, others))
    frame.insert(1, "b", np.maximum(hub, others))
    return frame


def _assemble(orgs: pd.DataFrame, layers: list[pd.DataFrame]) -> CoalitionNetwork:
    columns = ["a", "b", *_SOURCES, "first", "last"]
    stacked = pd.concat(
        [pd.DataFrame(columns=columns), *[layer for layer in layers if len(layer)]],
        ignore_index=True,
    )
    for column in _SOURCES:
        stacked[column] = pd.to_numeric(stacked[column]).fillna(0).astype(np.int64)
    for column in ("first", "last"):
        stacked[column] = pd.to_datetime(stacked[column])
    stacked["a"] = stacked["a"].astype(np.int64)
    stacked["b"] = stacked["b"].astype(np.int64)
    ties = (
        stacked.groupby(["a", "b"], sort=True)
        .agg(
            engagements=("engagements", "sum"),
            partnerships=("partnerships", "sum"),
            membership=("membership", "max"),
            level=("level", "max"),
            first=("first", "min"),
            last=("last", "max"),
        )
        .reset_index()
    )
    weight = (ties["engagements"] + (ties["partnerships"] > 0) + (ties["membership"] > 0)).to_numpy(
        dtype=np.float64
    )
    a = ties["a"].to_numpy(dtype=np.int64)
    b = ties["b"].to_numpy(dtype=np.int64)
    network = Network._from_positions(orgs, a, b, weight, directed=False)
    table = pd.DataFrame(
        {"source": orgs.index.take(a), "target": orgs.index.take(b), "weight": weight}
    )
    for column in (*_SOURCES, "first", "last"):
        table[column] = ties[column].to_numpy()
    return CoalitionNetwork(network=network, ties=table)


def snapshots(
    organisations: pd.DataFrame,
    ties: pd.DataFrame,
    *,
    freq: str = "Q",
    directed: bool = False,
    cumulative: bool = False,
    label: str = "ties",
) -> Mapping[str, Network]:
    """One network per calendar period of the ties' dates (``freq``: ``"M"``, ``"Q"``, ``"Y"``).

    Every snapshot keeps every organisation (so they can be compared); ``cumulative`` keeps all
    ties up to the end of each period instead of the period's ties alone.

    Returns
    -------
    dict
        Period label (e.g. ``"2024Q1"``) → :class:`Network`, in time order.

    Examples
    --------
    >>> orgs = pd.DataFrame({"id": ["a", "b"], "sector": ["MEDIA", "ACADEMIA"]})
    >>> ties = pd.DataFrame({"source": ["a", "a"], "target": ["b", "b"],
    ...                      "date": ["2024-01-05", "2024-05-01"]})
    >>> {period: len(net.ties) for period, net in snapshots(orgs, ties).items()}
    {'2024Q1': 1, '2024Q2': 1}
    """
    orgs = _clean_organisations(organisations, "organisations")
    _require_columns(ties, ("source", "target"), label)
    rows = ties.reset_index(drop=True)
    weights = _tie_weights(rows, label)
    src = _positions(rows["source"], orgs.index, label, "source")
    dst = _positions(rows["target"], orgs.index, label, "target")
    dates = _tie_dates(rows, label)
    dated = dates.notna().to_numpy()
    if not dated.any():
        return {}
    periods = dates[dated].dt.to_period(freq)
    codes = np.full(len(rows), -1, dtype=np.int64)
    span = pd.period_range(periods.min(), periods.max(), freq=freq)
    codes[dated] = pd.PeriodIndex(periods).asi8 - span[0].ordinal
    result: dict[str, Network] = {}
    for step, period in enumerate(span):
        keep = (codes <= step) & (codes >= 0) if cumulative else codes == step
        result[str(period)] = Network._from_positions(
            orgs, src[keep], dst[keep], weights[keep], directed=directed
        )
    return result
