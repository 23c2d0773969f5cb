"""The licences travel with the code: the AGPL text at the root, and every vendored browser asset with
its upstream licence and copyright notice beside it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
VENDOR = ROOT / "coalitionlens" / "static" / "vendor"
LICENCE_NAMES = ("LICENSE", "LICENSE.txt", "LICENSE.md", "COPYING")
ASSETS = sorted(
    p
    for p in VENDOR.rglob("*")
    if p.is_file() and p.parent != VENDOR and p.name not in LICENCE_NAMES
)


def test_the_repository_carries_the_agpl_it_declares() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert declared["project"]["license"] == "AGPL-3.0-or-later"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    head = [line.strip() for line in text.splitlines() if line.strip()][:2]
    assert head == ["GNU AFFERO GENERAL PUBLIC LICENSE", "Version 3, 19 November 2007"]
    # The whole text, not a notice: its last section and the end of the appendix.
    assert "13. Remote Network Interaction; Use with the GNU General Public License." in text
    assert text.rstrip().endswith("<https://www.gnu.org/licenses/>.")


def test_vendored_files_sit_in_a_versioned_folder_listed_in_the_readme() -> None:
    loose = [p.name for p in VENDOR.iterdir() if p.is_file() and p.name != "README.md"]
    assert not loose, f"put {loose} in a <name>-<version>/ folder with its licence"
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    for folder in (p for p in VENDOR.iterdir() if p.is_dir()):
        assert f"`{folder.name}/" in readme, f"vendor/README.md does not list {folder.name}"


def test_there_are_vendored_assets() -> None:
    assert any(p.suffix == ".js" for p in ASSETS)
    assert any(p.suffix == ".css" for p in ASSETS)


@pytest.mark.parametrize("asset", ASSETS, ids=lambda p: str(p.relative_to(VENDOR)))
def test_every_vendored_asset_has_its_licence_beside_it(asset: Path) -> None:
    licences = [asset.parent / name for name in LICENCE_NAMES if (asset.parent / name).is_file()]
    assert licences, f"no licence file beside {asset.relative_to(VENDOR)}"
    text = licences[0].read_text(encoding="utf-8")
    notice = re.search(r"^Copyright (?:\(c\) )?[\d\s,–-]+(.+?)\.?$", text, re.MULTILINE)
    assert notice, f"{licences[0].relative_to(VENDOR)} carries no copyright notice"
    holder = notice[1].strip()
    # The notice is upstream's: the asset's own header names the same copyright holder.
    head = asset.read_text(encoding="utf-8", errors="replace")[:1000]
    assert holder in head, f"{asset.name} does not name {holder!r} in its header"
