"""A coalition read from a CSV export (``coalitionlens export --format csv``, a zip).

The zip holds the records as the role that wrote it saw them (``organisations.csv``,
``memberships.csv``, ``partnerships.csv``, ``engagements.csv``) and that role's network map
(``network-organisations.csv``, ``network-ties.csv``: the one construction, with the secretariat
marked). The measures are the network page's analysis (:func:`coalitionlens.insights.networks.analyse`)
run on that network, as ``coalitionlens analyze`` runs it. Organisations are named, not numbered:
a name is the id.

An export does not say which role wrote it; its engagements do. It loads only for a role that reads
what it holds and no more: one that may not read a sensitive field the file shows is refused, and so
is one that reads fields the file left masked (it was written for a role that reads less).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from coalitionlens.data.dataset import CoalitionData, RoleRefused, SourceError
from coalitionlens.kit.setup import setup_django

__all__ = ["load_from_export"]

TABLES = ("organisations", "memberships", "partnerships", "engagements")
NETWORK = ("network-organisations.csv", "network-ties.csv")
#: The sensitive columns an export writes (its safe mode keeps the last three).
SENSITIVE = (
    "title",
    "description",
    "outcome_notes",
    "follow_up",
    "counterparts",
    "outcome",
    "follow_up_due",
)
FLAGS = ("faith_based", "survivor_led", "at_risk")


def _names(cell: str) -> tuple[str, ...]:
    return tuple(n for n in cell.split("; ") if n) if cell else ()


def check_role(engagements: pd.DataFrame, role: str, path: Path) -> None:
    from coalitionlens.accounts.permissions import may_read_sensitive

    safe = "title" not in engagements.columns
    for row in engagements.to_dict("records"):
        level = row.get("confidentiality", "")
        shown = [f for f in SENSITIVE if row.get(f)]
        if shown and not may_read_sensitive(role, level):
            raise RoleRefused(
                f"{path} holds the {', '.join(shown)} of {level} engagements, which the {role} "
                f"role does not read: load it for the role that wrote it"
            )
        if not safe and not row.get("title") and may_read_sensitive(role, level):
            raise RoleRefused(
                f"{path} was written for a role that reads less than {role}: its {level} "
                f"engagements are masked; load it for that role, or load the database for {role}"
            )


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        if column in frame.columns:
            frame[column] = pd.to_datetime(frame[column].replace("", None))
    return frame


def load_from_export(slug: str, *, role: str, path: Path) -> CoalitionData:
    setup_django()
    from coalitionlens.core.io import export_table, read_export_zip, secretariat_of
    from coalitionlens.data._database import refuse_unknown_role
    from coalitionlens.insights.networks import analyse

    refuse_unknown_role(role)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            missing = [f"{k}.csv" for k in TABLES if f"{k}.csv" not in names]
            missing += [n for n in NETWORK if n not in names]
            if missing:
                raise SourceError(
                    f"{path} is no CSV export of Coalition Lens (missing {', '.join(missing)}); "
                    "exports load from `coalitionlens export --format csv`"
                )
            tables = {k: export_table(archive.read(f"{k}.csv")) for k in TABLES}
    except zipfile.BadZipFile as error:
        raise SourceError(f"{path} is not a zip archive ({error})") from error
    engagements = tables["engagements"]
    check_role(engagements, role, path)
    network = read_export_zip(path)
    analysis = analyse(network, secretariat_of(network))
    measures = analysis.organisations
    nodes = network.organisations
    if "at_risk" in nodes.columns:
        measures = measures.join(nodes["at_risk"].isin(["yes", "True"]).rename("at_risk"))
    orgs = tables["organisations"]
    orgs.insert(0, "id", orgs["name"])
    orgs["macro_sector"] = orgs["id"].map(nodes["macro_sector"])
    for flag in FLAGS:
        if flag in orgs.columns:
            orgs[flag] = orgs[flag].eq("yes")
    memberships = tables["memberships"]
    memberships.insert(0, "id", range(1, len(memberships) + 1))
    partnerships = tables["partnerships"].rename(columns={"partnership_type": "type"})
    partnerships.insert(0, "id", range(1, len(partnerships) + 1))
    if "level" in partnerships.columns:
        partnerships["level"] = pd.to_numeric(partnerships["level"], errors="coerce")
    if "purposes" in partnerships.columns:
        partnerships["purposes"] = partnerships["purposes"].map(lambda v: list(_names(v)))
    engagements.insert(0, "id", range(1, len(engagements) + 1))
    for column in ("leads", "counterparts"):
        engagements[column] = engagements[column].map(_names)
    levels = engagements.get("confidentiality", pd.Series("", index=engagements.index))
    from coalitionlens.accounts.permissions import may_read_sensitive

    engagements["visible"] = levels.map(lambda level: may_read_sensitive(role, level))
    ties = network.ties[["source", "target", "weight"]].reset_index(drop=True)
    return CoalitionData(
        slug=slug,
        name=slug,
        role=role,
        source="export",
        organisations=orgs,
        memberships=_dates(memberships, "joined_on", "ended_on"),
        partnerships=_dates(partnerships, "started_on", "ended_on"),
        engagements=_dates(engagements, "date", "end_date", "follow_up_due"),
        ties=ties,
        measures=measures,
        summary=MappingProxyType(dict(analysis.summary)),
        secretariat=secretariat_of(network),
    )
