"""Shared test fixtures: where the repository and `../shared` are; no network in tests; the
bundled sample built once per session with the real `pagevet` entry point (v1.0.0), plus a
second version (five pages removed, built with --report) for comparisons."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_7c163b9f9ddf6534.txt"
SAMPLE = REPO / "datasets" / "sample-news"
PAGEVET = str(Path(sys.executable).with_name("pagevet"))

for key, value in {
    "HF_HUB_OFFLINE": "1",
    "HF_UPDATE_DOWNLOAD_COUNTS": "0",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "GX_ANALYTICS_ENABLED": "false",
    "HF_HUB_DISABLE_XET": "1",
    # the language model's decompressed copy (text/lang.py): in the temporary folder, not in
    # the home of whoever runs the tests
    "PAGEVET_CACHE_DIR": str(Path(tempfile.gettempdir()) / "pagevet-test-cache"),
}.items():
    os.environ.setdefault(key, value)


@pytest.fixture
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("../shared/seeds is not beside the repository")
    return SEED.read_text("utf-8")


REMOVED = 5  # pages removed from raw/thoibaohoanvu for the second version


def _pagevet(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([PAGEVET, *args], cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, f"pagevet {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done


def sample_project(base: Path) -> Path:
    """base/one: checks/ and datasets/sample-news with v1.0.0 built."""
    root = base / "one"
    if not (root / "datasets/sample-news/versions/LATEST").is_file():
        shutil.copytree(
            SAMPLE, root / "datasets/sample-news", ignore=shutil.ignore_patterns("versions")
        )
        shutil.copytree(REPO / "checks", root / "checks")
        _pagevet("build", "datasets/sample-news", "--version", "1.0.0", cwd=root)
    return root


def two_versions_project(base: Path) -> Path:
    """base/two: a copy of base/one with REMOVED pages deleted and v1.1.0 built with --report."""
    one, root = sample_project(base), base / "two"
    if not (root / "datasets/sample-news/versions/v1.1.0").is_dir():
        shutil.copytree(one, root)
        for page in sorted((root / "datasets/sample-news/raw/thoibaohoanvu").glob("*.txt"))[
            :REMOVED
        ]:
            page.unlink()
        _pagevet("build", "datasets/sample-news", "--version", "1.1.0", "--report", cwd=root)
    return root


@pytest.fixture(scope="session")
def sample_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_project(tmp_path_factory.getbasetemp()) / "datasets/sample-news"


@pytest.fixture(scope="session")
def sample_version(sample_dataset: Path) -> Path:
    return sample_dataset / "versions/v1.0.0"


@pytest.fixture(scope="session")
def two_versions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dataset folder holding v1.0.0 and v1.1.0."""
    return two_versions_project(tmp_path_factory.getbasetemp()) / "datasets/sample-news"


@pytest.fixture
def pool_starts(monkeypatch) -> list[int]:
    """One entry per worker pool the local engine starts (`ProcessPoolExecutor` made)."""
    import pagevet.engines.local as local

    started: list[int] = []
    real = local.ProcessPoolExecutor

    def counting(*args, **kwargs):
        started.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(local, "ProcessPoolExecutor", counting)
    return started
