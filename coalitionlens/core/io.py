"""Reading organisation and tie tables from CSV, XLSX, GraphML and GEXF files, and the product's
own network exports.

Ids are read as text, so ``7`` in one file matches ``7`` in another whatever the format. A node's
name is its ``name`` attribute, or its ``label`` (what the product's GraphML and GEXF exports write,
and what Gephi and yEd show).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import networkx as nx
import pandas as pd

from coalitionlens.core.errors import InputError
from coalitionlens.core.network import Network, OrgId

__all__ = [
    "EXPORT_ORGANISATIONS",
    "EXPORT_TIES",
    "NETWORK_FILES",
    "export_table",
    "read_export_zip",
    "read_gexf",
    "read_graphml",
    "read_network",
    "read_table",
    "secretariat_of",
]

#: The two network tables inside the product's CSV export (a zip).
EXPORT_ORGANISATIONS = "network-organisations.csv"
EXPORT_TIES = "network-ties.csv"
#: The CSV export protects cells starting like a formula with an apostrophe; reading undoes it.
_NEUTRALISED = ("'=", "'+", "'-", "'@", "'\t", "'\r")

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
    """Read a GraphML file: node attributes ``sector`` (and ``name`` or ``label``,
    ``macro_sector``, flags), edge attribute ``weight``; the graph's ``edgedefault`` decides
    direction.
    """
    path = Path(path)
    try:
        graph = nx.read_graphml(path)
    except FileNotFoundError as error:
        raise InputError(str(path), expected="an existing file") from error
    except Exception as error:  # networkx raises several parser errors
        raise InputError(str(path), expected=f"a GraphML document ({error})") from error
    return _from_graph(graph, path)


def read_gexf(path: str | Path) -> Network:
    """Read a GEXF file (Gephi's format) as :func:`read_graphml` reads GraphML."""
    path = Path(path)
    try:
        graph = nx.read_gexf(path)
    except FileNotFoundError as error:
        raise InputError(str(path), expected="an existing file") from error
    except Exception as error:  # networkx raises several parser errors
        raise InputError(str(path), expected=f"a GEXF document ({error})") from error
    return _from_graph(graph, path)


def _from_graph(graph: nx.Graph, path: Path) -> Network:
    organisations = pd.DataFrame(
        [{"id": str(node), **data} for node, data in graph.nodes(data=True)]
    )
    if organisations.empty:
        organisations = pd.DataFrame({"id": [], "sector": []})
    if "name" not in organisations.columns and "label" in organisations.columns:
        organisations = organisations.rename(columns={"label": "name"})
    ties = pd.DataFrame(
        [{"source": str(a), "target": str(b), **data} for a, b, data in graph.edges(data=True)],
        columns=None,
    )
    if ties.empty:
        ties = pd.DataFrame({"source": [], "target": []})
    # Only what a tie is: GEXF adds its own ``id`` and ``label`` to every edge.
    ties = ties[[c for c in ("source", "target", "weight") if c in ties.columns]]
    return Network.from_tables(
        organisations,
        ties,
        directed=graph.is_directed(),
        organisations_label=f"{path} (nodes)",
        ties_label=f"{path} (edges)",
    )


def read_export_zip(path: str | Path) -> Network:
    """Read the network tables of the product's CSV export (a zip holding
    ``network-organisations.csv`` and ``network-ties.csv``)."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            missing = {EXPORT_ORGANISATIONS, EXPORT_TIES} - names
            if missing:
                raise InputError(
                    str(path),
                    expected=f"a Coalition Lens CSV export with {', '.join(sorted(missing))}",
                )
            tables = {
                name: export_table(archive.read(name))
                for name in (EXPORT_ORGANISATIONS, EXPORT_TIES)
            }
    except FileNotFoundError as error:
        raise InputError(str(path), expected="an existing file") from error
    except (zipfile.BadZipFile, ValueError) as error:
        if isinstance(error, InputError):
            raise
        raise InputError(str(path), expected=f"a zip archive ({error})") from error
    return Network.from_tables(
        tables[EXPORT_ORGANISATIONS],
        tables[EXPORT_TIES],
        organisations_label=f"{path}: {EXPORT_ORGANISATIONS}",
        ties_label=f"{path}: {EXPORT_TIES}",
    )


def export_table(data: bytes) -> pd.DataFrame:
    """One CSV table of the product's CSV export, as text (ids stay text), the neutralising
    apostrophe of formula-like cells removed and ``weight`` numeric."""
    frame = pd.read_csv(io.BytesIO(data), dtype=str, encoding="utf-8-sig", keep_default_na=False)
    for column in frame.columns:
        frame[column] = frame[column].map(
            lambda v: v[1:] if isinstance(v, str) and v.startswith(_NEUTRALISED) else v
        )
    if "weight" in frame.columns:
        frame["weight"] = pd.to_numeric(frame["weight"], errors="coerce")
    return frame


def secretariat_of(network: Network) -> OrgId | None:
    """The organisation a file marks as the secretariat (a true ``secretariat`` attribute), if
    exactly one is.

    Examples
    --------
    >>> orgs = pd.DataFrame({"id": ["a", "b"], "sector": ["MEDIA"] * 2, "secretariat": ["no", "yes"]})
    >>> secretariat_of(Network.from_tables(orgs))
    'b'
    """
    if "secretariat" not in network.organisations.columns:
        return None
    flags = network.organisations["secretariat"].map(
        lambda v: v is True or str(v).strip().casefold() in ("true", "yes", "1")
    )
    marked = list(network.organisations.index[flags.to_numpy(dtype=bool)])
    return marked[0] if len(marked) == 1 else None


def read_network(
    organisations: str | Path, ties: str | Path | None = None, *, directed: bool = False
) -> Network:
    """Build a :class:`Network` from an organisation file and a tie file, or from one network file:
    GraphML, GEXF, or the product's CSV export (``.zip``).

    Errors name the file, the spreadsheet row (header = row 1) and the column.
    """
    suffix = Path(organisations).suffix.lower()
    if ties is None and suffix in NETWORK_FILES:
        return NETWORK_FILES[suffix](organisations)
    orgs = read_table(organisations)
    tie_table = read_table(ties) if ties is not None else None
    return Network.from_tables(
        orgs,
        tie_table,
        directed=directed,
        organisations_label=str(organisations),
        ties_label=str(ties),
    )


#: One-file network formats by file suffix.
NETWORK_FILES = {".graphml": read_graphml, ".gexf": read_gexf, ".zip": read_export_zip}
