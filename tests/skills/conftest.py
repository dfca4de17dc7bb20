from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from learnwork.skills import index_cache

FIXTURES = Path(__file__).parent / "fixtures" / "esco-mini"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "real_data: imports the full shipped ESCO set (about 10-40 s); still run")


@pytest.fixture(autouse=True)
def _fresh_search_index():
    # The index is process-wide; each test builds its own from its own rows.
    index_cache.invalidate()
    yield
    index_cache.invalidate()


@pytest.fixture
def esco_dir(tmp_path: Path) -> Path:
    """The small fixture taxonomy, gzipped into a folder the test may change."""
    target = tmp_path / "esco-mini"
    target.mkdir()
    for csv_path in FIXTURES.glob("*.csv"):
        with csv_path.open("rb") as src, gzip.open(target / f"{csv_path.name}.gz", "wb") as dst:
            shutil.copyfileobj(src, dst)
    return target


def rewrite(directory: Path, name: str, text: str) -> None:
    with gzip.open(directory / name, "wt", encoding="utf-8", newline="") as handle:
        handle.write(text)


def read(directory: Path, name: str) -> str:
    with gzip.open(directory / name, "rt", encoding="utf-8", newline="") as handle:
        return handle.read()
