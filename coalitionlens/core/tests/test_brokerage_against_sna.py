"""Gould-Fernandez brokerage equals R's ``sna::brokerage`` on seeded random directed graphs."""

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from coalitionlens.core import ROLES, brokerage
from coalitionlens.core.tests.helpers import random_network

SNA_COLUMNS = ["w_I", "w_O", "b_IO", "b_OI", "b_O", "t"]
GRAPHS = 24


def _sna_available() -> bool:
    if shutil.which("Rscript") is None:
        return False
    check = subprocess.run(
        ["Rscript", "-e", "suppressMessages(library(sna))"], capture_output=True, check=False
    )
    return check.returncode == 0


pytestmark = pytest.mark.skipif(
    not _sna_available(),
    reason="Rscript with the sna package is missing (Debian: apt-get install r-cran-sna; "
    "`make test` installs it)",
)

R_SCRIPT = r"""
suppressMessages(library(sna))
args <- commandArgs(trailingOnly = TRUE)
folder <- args[1]
for (g in seq_len(as.integer(args[2])) - 1) {
  nodes <- read.csv(file.path(folder, sprintf("nodes%d.csv", g)))
  edges <- read.csv(file.path(folder, sprintf("edges%d.csv", g)))
  n <- nrow(nodes)
  m <- matrix(0, n, n)
  if (nrow(edges) > 0) m[cbind(edges$source + 1, edges$target + 1)] <- 1
  b <- brokerage(m, nodes$group)
  for (part in c("raw.nli", "exp.nli", "z.nli")) {
    write.csv(b[[part]], file.path(folder, sprintf("%s%d.csv", part, g)), row.names = FALSE)
  }
  write.csv(data.frame(raw = b$raw.gli, exp = b$exp.gli, z = b$z.gli),
            file.path(folder, sprintf("gli%d.csv", g)), row.names = FALSE)
}
"""


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[object, Path]]:
    folder = tmp_path_factory.mktemp("sna")
    networks = []
    for g in range(GRAPHS):
        rng = np.random.default_rng(1000 + g)
        groups = 2 + g % 5  # 2..6 groups
        n = int(rng.integers(8, 40))
        network = random_network(
            1000 + g, n=n, p=float(rng.uniform(0.05, 0.3)), groups=groups, directed=True
        )
        codes, _ = network._codes("sector")
        pd.DataFrame({"group": codes}).to_csv(folder / f"nodes{g}.csv", index=False)
        a, b, _ = network._edges
        pd.DataFrame({"source": a, "target": b}).to_csv(folder / f"edges{g}.csv", index=False)
        networks.append(network)
    script = folder / "brokerage.R"
    script.write_text(R_SCRIPT, encoding="utf-8")
    subprocess.run(["Rscript", str(script), str(folder), str(GRAPHS)], check=True, timeout=300)
    return [(network, folder) for network in networks]


@pytest.mark.parametrize("g", range(GRAPHS))
def test_every_role_count_of_every_organisation_equals_sna(
    cases: list[tuple[object, Path]], g: int
) -> None:
    network, folder = cases[g]
    result = brokerage(network)  # type: ignore[arg-type]
    raw = pd.read_csv(folder / f"raw.nli{g}.csv")[SNA_COLUMNS].to_numpy()
    assert result.raw[[*ROLES, "total"]].to_numpy().tolist() == raw.astype(int).tolist()


@pytest.mark.parametrize("g", range(GRAPHS))
def test_expectations_and_z_scores_equal_sna(cases: list[tuple[object, Path]], g: int) -> None:
    network, folder = cases[g]
    result = brokerage(network)  # type: ignore[arg-type]
    expected = pd.read_csv(folder / f"exp.nli{g}.csv")[SNA_COLUMNS].to_numpy()
    z = pd.read_csv(folder / f"z.nli{g}.csv")[SNA_COLUMNS].to_numpy(dtype=float)
    np.testing.assert_allclose(result.expected.to_numpy(), expected, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(result.z.to_numpy(), z, rtol=1e-7, atol=1e-9, equal_nan=True)
    whole = pd.read_csv(folder / f"gli{g}.csv")
    np.testing.assert_allclose(result.network["raw"], whole["raw"])
    np.testing.assert_allclose(result.network["expected"], whole["exp"], rtol=1e-9)
    np.testing.assert_allclose(
        result.network["z"], whole["z"].astype(float), rtol=1e-7, equal_nan=True
    )
