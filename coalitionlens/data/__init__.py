"""A coalition as pandas tables, for analysts in notebooks and scripts, with or without a server.

>>> import coalitionlens.data as cld                                        # doctest: +SKIP
>>> zembora = cld.load("zembora", role="analyst")                          # doctest: +SKIP
>>> zembora.measures.sort_values("betweenness", ascending=False).head()     # doctest: +SKIP

:func:`load` reads a coalition for one coalition role from the database (the default), from a file
written by ``coalitionlens backup``, or from a CSV, JSON or XLSX file written by ``coalitionlens export``,
and returns a frozen :class:`CoalitionData`: the organisations, memberships, partnerships,
engagements (masked for the role, as its pages mask them), the ties and the measures of the
network that role's network page shows, and ``to_igraph()`` / ``to_networkx()``. See
``docs/python-api.md`` for what each source gives.

:func:`round_change` gives the change between two closed survey rounds, as the "Compare rounds"
page shows it (published cells only).

Importing this package is cheap: Django, pandas and igraph load on the first :func:`load`.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from coalitionlens.data.dataset import CoalitionData, RoleRefused, SourceError

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

__all__ = ["DATABASE", "CoalitionData", "RoleRefused", "SourceError", "load", "round_change"]

#: The default source: the database the product's settings point at (``DATABASE_URL``).
DATABASE = "database"


def load(
    coalition: str, *, role: str, source: str | os.PathLike[str] | Path = DATABASE
) -> CoalitionData:
    """The coalition with the short name ``coalition`` as ``role`` may see it.

    Parameters
    ----------
    coalition : str
        The coalition's short name (``coalitionlens coalitions`` lists them).
    role : str
        ``"coordinator"``, ``"analyst"``, ``"member"`` or ``"viewer"``: the frames hold what that
        role's pages show (its network, its measures, its masked engagement fields).
    source : str or path
        ``"database"`` (the product's database, Django set up on demand), or the path of a backup
        (``coalitionlens backup``) or of an export (``coalitionlens export --format csv|json|xlsx``).

    Raises
    ------
    RoleRefused
        The role is not a coalition role, or the source cannot give what it sees (an export
        written for another role).
    SourceError
        No such coalition, or a file that is no backup or export of Coalition Lens.
    """
    if str(source) == DATABASE:
        from coalitionlens.data import _database

        return _database.load_from_database(coalition, role=role)
    from coalitionlens.data import _files

    return _files.load_from_file(coalition, role=role, path=os.fspath(source))


def round_change(
    coalition: str,
    *,
    role: str,
    before: int | None = None,
    after: int | None = None,
    source: str | os.PathLike[str] | Path = DATABASE,
) -> pd.DataFrame:
    """Round against round: what changed between two closed survey rounds of ``coalition``, the
    figures of the "Compare rounds" page (only cells published in both rounds, each with its
    change; a cell hidden in either round is not there).

    Parameters
    ----------
    coalition : str
        The coalition's short name.
    role : str
        A coalition role (every role reads survey results, so each gets the same table).
    before, after : int, optional
        The two rounds' ids (in either order: the earlier-closed is *before*). Without them, the
        last two closed rounds: the change since the last round, as the report shows it.
    source : str
        ``"database"`` only: a survey's results are computed on the server from its frozen answers,
        which no export carries.

    Returns
    -------
    pandas.DataFrame
        One row per measure of a compared cell: ``table``, ``key`` (a tuple), ``measure``,
        ``before``, ``after``, ``change``, ``band_before``, ``band_after`` (factor scores only);
        ``attrs`` holds ``before_id``, ``before_title``, ``after_id``, ``after_title``. Empty
        (with those columns) when fewer than two rounds have closed.

    Raises
    ------
    RoleRefused
        Not a coalition role.
    SourceError
        No such coalition, a round that is not a closed round of it, or a source other than the
        database.
    """
    if str(source) != DATABASE:
        raise SourceError(
            "round against round is read from the database: restore a backup "
            "(coalitionlens restore) and read it from there"
        )
    from coalitionlens.data import _database

    return _database.round_change_from_database(coalition, role=role, before=before, after=after)
