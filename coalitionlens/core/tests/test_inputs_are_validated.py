"""Bad input raises InputError naming the table or file, the row and the column."""

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from coalitionlens.core import InputError, Network, read_network

ORGS = pd.DataFrame({"id": ["a", "b", "c"], "sector": ["GOVERNMENT", "Business", "faith-based"]})


def test_a_missing_column_names_the_table_and_the_column() -> None:
    with pytest.raises(InputError) as caught:
        Network.from_tables(ORGS.drop(columns=["sector"]), None)
    assert (caught.value.file, caught.value.column, caught.value.row) == (
        "organisations",
        "sector",
        None,
    )


def test_an_unknown_id_in_the_ties_names_its_row_and_column() -> None:
    ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "zz"]})
    with pytest.raises(InputError) as caught:
        Network.from_tables(ORGS, ties)
    assert (caught.value.row, caught.value.column, caught.value.found) == (3, "target", "zz")


def test_a_non_numeric_weight_names_its_row() -> None:
    ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "weight": ["2", "lots"]})
    with pytest.raises(InputError, match=r"ties, row 3, column 'weight': expected a number"):
        Network.from_tables(ORGS, ties)


def test_negative_weights_duplicate_ids_and_unknown_sectors_are_refused() -> None:
    with pytest.raises(InputError, match="weight"):
        Network.from_tables(ORGS, pd.DataFrame({"source": ["a"], "target": ["b"], "weight": [-1]}))
    with pytest.raises(InputError, match="unique id"):
        Network.from_tables(pd.concat([ORGS, ORGS]), None)
    with pytest.raises(InputError, match="sector code"):
        Network.from_tables(pd.DataFrame({"id": ["x"], "sector": ["Astrologers"]}), None)


def test_a_sector_outside_the_taxonomy_is_accepted_with_its_macro_sector() -> None:
    orgs = pd.DataFrame({"id": ["x"], "sector": ["Port authority"], "macro_sector": ["public"]})
    network = Network.from_tables(orgs, None)
    assert network.organisations.loc["x", ["sector", "macro_sector"]].tolist() == [
        "PORT_AUTHORITY",
        "PUBLIC",
    ]


def test_sector_labels_are_normalised_and_macro_sectors_derived() -> None:
    network = Network.from_tables(ORGS, None)
    assert network.organisations["macro_sector"].tolist() == ["PUBLIC", "PRIVATE", "CIVIL"]
    assert network.organisations["sector"].tolist() == ["GOVERNMENT", "BUSINESS", "FAITH_BASED"]


def test_csv_errors_name_the_file(tmp_path: Path) -> None:
    orgs = tmp_path / "orgs.csv"
    ties = tmp_path / "ties.csv"
    ORGS.to_csv(orgs, index=False)
    ties.write_text("source,target,weight\na,b,1\nb,c,x\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_network(orgs, ties)
    assert caught.value.file == str(ties)
    assert (caught.value.row, caught.value.column) == (3, "weight")


def test_numeric_ids_match_across_csv_and_xlsx(tmp_path: Path) -> None:
    orgs = tmp_path / "orgs.csv"
    ties = tmp_path / "ties.xlsx"
    pd.DataFrame({"id": [1, 2, 3], "sector": ["MEDIA"] * 3}).to_csv(orgs, index=False)
    pd.DataFrame({"source": [1, 2], "target": [2, 3], "weight": [1.5, 2]}).to_excel(
        ties, index=False
    )
    network = read_network(orgs, ties)
    assert network.ties[["source", "target"]].values.tolist() == [["1", "2"], ["2", "3"]]


def test_a_graphml_file_holds_the_whole_network(tmp_path: Path) -> None:
    graph = nx.DiGraph()
    graph.add_node("p", sector="LAW_ENFORCEMENT", name="Police")
    graph.add_node("n", sector="CIVIL_SOCIETY", name="NGO")
    graph.add_edge("p", "n", weight=2.0)
    path = tmp_path / "net.graphml"
    nx.write_graphml(graph, path)
    network = read_network(path)
    assert network.directed
    assert network.ties.to_dict("records") == [{"source": "p", "target": "n", "weight": 2.0}]


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="an existing file"):
        read_network(tmp_path / "nope.csv", tmp_path / "nope.csv")
