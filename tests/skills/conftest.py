from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "esco-mini"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "real_data: imports the full shipped ESCO set (about 10-40 s); still run")




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
