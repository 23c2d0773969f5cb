"""Every measure in one call: what the CLI prints and the web app stores for a snapshot."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from coalitionlens.core.brokerage import ROLES, Brokerage, brokerage
from coalitionlens.core.centrality import (
    Betweenness,
    Centralisation,
    betweenness,
    degree,
    eigenvector,
    harmonic_closeness,
)
from coalitionlens.core.composition import Composition, composition
from coalitionlens.core.fragility import Dependence, Fragility, fragility, secretariat_dependence
from coalitionlens.core.groups import Communities, communities, components, k_cores
from coalitionlens.core.holes import structural_holes
from coalitionlens.core.mixing import EIIndex, assortativity, ei_index, mixing_matrix
from coalitionlens.core.network import FloatArray, Network, OrgId

__all__ = ["Analysis", "analyze_network", "native"]


def native(value: Any) -> Any:
    """Plain Python for JSON: numpy scalars become int/float, NaN becomes ``None``.

    Examples
    --------
    >>> native({"a": np.float64("nan"), "b": [np.int64(2)]})
    {'a': None, 'b': [2]}
    """
    if isinstance(value, dict):
        return {str(key): native(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [native(item) for item in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


@dataclass(frozen=True)
class Analysis:
    """The results of :func:`analyze_network`.

    ``organisations`` gathers every per-organisation score in one table (indexed by id);
    ``summary`` holds whole-network figures as plain Python values; the other fields are the
    results of the individual measures.
    """

    summary: dict[str, Any]
    organisations: pd.DataFrame
    sectors: pd.DataFrame
    composition: Composition
    macro_composition: Composition
    mixing: pd.DataFrame
    ei: EIIndex
    brokerage: Brokerage
    betweenness: Betweenness
    centralisation: Centralisation
    fragility: Fragility
    communities: Communities | None
    dependence: Dependence | None

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of ``coalitionlens analyze --json``."""
        organisations = []
        for org_id, row in self.organisations.iterrows():
            record: dict[str, Any] = {"id": org_id}
            record.update({str(key): value for key, value in row.items() if key not in ROLES})
            record["brokerage"] = {role: row[role] for role in ROLES}
            organisations.append(record)
        sectors = [{"sector": code, **row} for code, row in self.sectors.iterrows()]
        document: dict[str, Any] = native(
            {"network": self.summary, "sectors": sectors, "organisations": organisations}
        )
        return document


def analyze_network(
    network: Network,
    *,
    secretariat: OrgId | None = None,
    by: str = "sector",
    betweenness_sample: int | None = None,
    seed: int = 0,
    permutations: int = 999,
    top_k: int = 3,
    with_communities: bool = True,
) -> Analysis:
    """Run every measure on one network.

    Parameters
    ----------
    network : Network
    secretariat : OrgId, optional
        Measure cross-sector dependence on this organisation and its removal in the fragility run.
    by : {"sector", "macro_sector"}
        Groups of the cross-sector measures.
    betweenness_sample : int, optional
        Estimate betweenness (and dependence) from this many seeded sources; exact when ``None``.
    seed : int
        Seed of every random step (sampling, permutations, Leiden).
    permutations : int
        Shuffles of the E-I permutation test.
    top_k : int
        Brokers removed in the fragility run.
    with_communities : bool

    Examples
    --------
    >>> from coalitionlens.core.examples import star
    >>> result = analyze_network(star(), secretariat="hub", permutations=0)
    >>> result.summary["dependence_on_secretariat"], int(result.organisations.loc["hub", "liaison"])
    (1.0, 6)
    """
    exact_sample = None if betweenness_sample is None else betweenness_sample
    # Dependence first: its shortest-path pass also fills betweenness and closeness.
    dependence = (
        secretariat_dependence(network, secretariat, by=by, sample=exact_sample, seed=seed)
        if secretariat is not None
        else None
    )
    deg = degree(network)
    btw = betweenness(network, sample=exact_sample, seed=seed)
    close = harmonic_closeness(network, sample=exact_sample, seed=seed)
    eig = eigenvector(network)
    holes = structural_holes(network)
    ei = ei_index(network, by=by, permutations=permutations, seed=seed)
    brok = brokerage(network, by=by)
    comp = components(network)
    cores = k_cores(network)
    comms = communities(network, seed=seed, by=by) if with_communities else None

    n = network.n
    btw_values = btw.scores["betweenness"].to_numpy(dtype=np.float64)
    deg_values = deg["degree"].to_numpy(dtype=np.float64)
    close_values = close["closeness"].to_numpy(dtype=np.float64)
    cent = Centralisation(
        degree=_freeman(deg_values, (n - 1) * (n - 2)),
        betweenness=_freeman(btw_values, (n - 1) * (n - 1) * (n - 2) / 2),
        closeness=_freeman(close_values, (n - 2) / 2),
    )
    frag = fragility(
        network,
        remove=None if secretariat is None else [secretariat],
        top_k=top_k,
        by=by,
        sample=exact_sample,
        seed=seed,
    )
    if secretariat is not None:
        top = fragility(network, top_k=top_k, by=by, sample=exact_sample, seed=seed)
    else:
        top = frag
    orgs = network.organisations
    table = pd.DataFrame(
        {"name": orgs["name"], "sector": orgs["sector"], "macro_sector": orgs["macro_sector"]},
        index=orgs.index.copy(),
    )
    table.index.name = "id"
    table = table.join(deg[["degree", "strength"]])
    if network.directed:
        table = table.join(deg[["in_degree", "out_degree"]])
    table = (
        table.join(btw.scores)
        .join(close)
        .join(eig)
        .join(ei.by_organisation[["ei"]].rename(columns={"ei": "ei_index"}))
        .join(holes)
        .join(brok.raw[list(ROLES)])
        .join(brok.raw[["total"]].rename(columns={"total": "brokerage_total"}))
        .join(comp)
        .join(cores)
    )
    if comms is not None:
        table = table.join(comms.membership)

    comp_sector = composition(network, by="sector")
    comp_macro = composition(network, by="macro_sector")
    mix = mixing_matrix(network, by=by)
    sectors = ei.by_sector.rename(columns={"ei": "ei_index"})
    counts = network.organisations[by].value_counts()
    sectors.insert(0, "organisations", [int(counts.get(code, 0)) for code in sectors.index])
    brokerage_by_group = table.groupby(by)["brokerage_total"].sum()
    sectors["brokerage_total"] = [int(brokerage_by_group.get(code, 0)) for code in sectors.index]

    density_pairs = n * (n - 1) / 2
    ties = len(network._undirected_edges[0])
    removed_state = top.steps.iloc[-1]
    summary: dict[str, Any] = {
        "organisations": n,
        "ties": len(network.ties),
        "directed": network.directed,
        "density": ties / density_pairs if density_pairs else None,
        "self_loops_dropped": network.self_loops_dropped,
        "duplicates_merged": network.duplicates_merged,
        "sectors_present": int((comp_sector.table["count"] > 0).sum()),
        "sectors_absent": list(comp_sector.absent),
        "macro_sectors_absent": list(comp_macro.absent),
        "blau_sector": comp_sector.blau,
        "blau_macro_sector": comp_macro.blau,
        "shannon_sector": comp_sector.shannon,
        "shannon_macro_sector": comp_macro.shannon,
        "ei_index": ei.network,
        "ei_expected": ei.expected,
        "ei_p_value": ei.p_value,
        "ei_permutations": ei.permutations,
        "assortativity": assortativity(network, by=by),
        "centralisation_degree": cent.degree,
        "centralisation_betweenness": cent.betweenness,
        "centralisation_closeness": cent.closeness,
        "betweenness_exact": btw.exact,
        "betweenness_sources": btw.sources,
        "components": int(comp["component"].max() + 1) if n else 0,
        "largest_component_share": float(comp["component_size"].max() / n) if n else None,
        "max_core": int(cores["core"].max()) if n else 0,
        "communities": None if comms is None else comms.count,
        "modularity": None if comms is None else comms.modularity,
        "brokerage": {role: brok.network.loc[role, "raw"] for role in (*ROLES, "total")},
        "brokerage_z": {role: brok.network.loc[role, "z"] for role in (*ROLES, "total")},
        "top_brokers_removed": list(top.removed),
        "components_after_removal": int(removed_state["components"]),
        "cross_sector_connected_after_removal": removed_state["cross_sector_connected"],
        "secretariat": secretariat,
        "dependence_on_secretariat": None if dependence is None else dependence.share,
        "only_through_secretariat": None if dependence is None else dependence.only_through,
        "grouped_by": by,
    }
    return Analysis(
        summary=native(summary),
        organisations=table,
        sectors=sectors,
        composition=comp_sector,
        macro_composition=comp_macro,
        mixing=mix,
        ei=ei,
        brokerage=brok,
        betweenness=btw,
        centralisation=cent,
        fragility=frag,
        communities=comms,
        dependence=dependence,
    )


def _freeman(values: FloatArray, star_total: float) -> float | None:
    if len(values) < 3 or star_total <= 0:
        return None
    return float((values.max() - values).sum() / star_total)
