"""Where numba keeps the compiled kernels: its own places first, the data directory last."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numba
import pytest

from coalitionlens.core import _kernels

CONFIG: Any = numba.config


@pytest.fixture
def no_cache_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(numba.config, "CACHE_DIR", "")


def test_the_data_dir_holds_the_cache_when_numba_can_write_nowhere(
    no_cache_dir: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COALITIONLENS_DATA_DIR", str(tmp_path))
    _kernels._choose_cache_dir(writable=lambda path: False)
    assert str(tmp_path / "cache" / "numba") == CONFIG.CACHE_DIR


def test_numbas_own_place_is_kept_when_it_can_be_written(
    no_cache_dir: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COALITIONLENS_DATA_DIR", str(tmp_path))
    _kernels._choose_cache_dir(writable=lambda path: path == Path(_kernels.__file__).parent)
    assert CONFIG.CACHE_DIR == ""


def test_the_operators_numba_cache_dir_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(numba.config, "CACHE_DIR", "/srv/numba")
    monkeypatch.setenv("COALITIONLENS_DATA_DIR", str(tmp_path))
    _kernels._choose_cache_dir(writable=lambda path: False)
    assert CONFIG.CACHE_DIR == "/srv/numba"


def test_a_directory_not_yet_made_is_writable_where_its_parent_is(tmp_path: Path) -> None:
    assert _kernels._writable(tmp_path / "not" / "yet")
