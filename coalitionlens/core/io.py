"""Reading organisation and tie tables from CSV, XLSX and GraphML files.

Ids are read as text, so ``7`` in one file matches ``7`` in another whatever the format.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from coalitionlens.core.errors import InputError
from coalitionlens.core.network import Network

__all__ = ["read_graphml", "read_network", "read_table"]

_ID_COLUMNS = ("id", "source", "target", "organisation")


def _as_id(value: object) -> object:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(path: str | Path, *, sheet: str | int = 0) -> pd.DataFrame:
    """Read a CSV or XLSX table; id columns (``id``, ``source``, ``target``, ``organisation``)
    become text.

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "orgs.csv")
    >>> _ = open(path, "w").write("id,sector\\n7,MEDIA\\n")
    >>> read_table(path)["id"].tolist()
    ['7']
    """
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, sheet_name=sheet, engine="openpyxl")
        elif suffix in (".csv", ".txt", ".tsv"):
            frame = pd.read_csv(
                path, sep="\t" if suffix == ".tsv" else ",", dtype=str, skipinitialspace=True
            )
        else:
            raise InputError(str(path), expected="a .csv, .tsv or .xlsx file")
    except FileNotFoundError as error:
        raise InputError(str(path), expected="an existing file") from error
    except (ValueError, OSError) as error:
        if isinstance(error, InputError):
            raise
        raise InputError(str(path), expected=f"a readable table ({error})") from error
    frame.columns = [str(column).strip() for column in frame.columns]
    for column in _ID_COLUMNS:
        if column in frame.columns:
            frame[column] = frame[column].map(_as_id).astype(object)
    return frame


def read_graphml(path: str | Path) -> Network:
    """Read a GraphML file: node attributes ``sector`` (and ``name``, ``macro_sector``, flags),
    edge attribute ``weight``; the graph's ``edgedefault`` decides direction.
    """
    path = Path(path)
    try:
        graph = nx.read_graphml(path)
    except FileNotFoundError as error:
        raise InputError(str(path), expected="an existing file") from error
    except Exception as error:  # networkx raises several parser errors
        raise InputError(str(path), expected=f"a GraphML document ({error})") from error
    organisations = pd.DataFrame(
        [{"id": str(node), **data} for node, data in graph.nodes(data=True)]
    )
    if organisations.empty:
        organisations = pd.DataFrame({"id": [], "sector": []})
    ties = pd.DataFrame(
        [{"source": str(a), "target": str(b), **data} for a, b, data in graph.edges(data=True)],
        columns=None,
    )
    if ties.empty:
        ties = pd.DataFrame({"source": [], "target": []})
    return Network.from_tables(
        organisations,
        ties,
        directed=graph.is_directed(),
        organisations_label=f"{path} (nodes)",
        ties_label=f"{path} (edges)",
    )


def read_network(
    organisations: str | Path, ties: str | Path | None = None, *, directed: bool = False
) -> Network:
    """Build a :class:`Network` from an organisation file and a tie file (or one GraphML file).

    Errors name the file, the spreadsheet row (header = row 1) and the column.
    """
    if Path(organisations).suffix.lower() == ".graphml":
        return read_graphml(organisations)
    orgs = read_table(organisations)
    tie_table = read_table(ties) if ties is not None else None
    return Network.from_tables(
        orgs,
        tie_table,
        directed=directed,
        organisations_label=str(organisations),
        ties_label=str(ties),
    )
