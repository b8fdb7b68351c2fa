"""A small dataset built from pages the sample generator writes (no text from ../shared)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pagevet.store.build import build_version
from samplegen import write_sample

SUITE_OK = """{
  "name": "smoke",
  "expectations": [
    {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "id"}, "meta": {}, "severity": "critical"},
    {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "id"}, "meta": {}, "severity": "critical"}
  ],
  "meta": {}
}
"""


def make_dataset(root: Path, pages: int = 60, seed: int = 3) -> Path:
    folder = root / "news"
    write_sample(folder, pages=pages, seed=seed)
    (root / "checks").mkdir(exist_ok=True)
    (root / "checks" / "smoke.json").write_text(SUITE_OK, "utf-8")
    recipe = folder / "dataset.toml"
    text = recipe.read_text("utf-8").replace(
        'languages = ["vi", "en"]',
        'languages = ["vi", "en"]\nsuites = ["checks/smoke.json"]\nrelease_suite = ""',
    )
    recipe.write_text(text, "utf-8")
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n", "utf-8")
    return folder


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A dataset with v1.0.0 built once for the whole session (read-only for tests)."""
    root = tmp_path_factory.mktemp("store")
    folder = make_dataset(root)
    build_version(folder)
    return folder


@pytest.fixture
def fresh(tmp_path) -> Path:
    return make_dataset(tmp_path)


def copy_dataset(src: Path, dst: Path) -> Path:
    shutil.copytree(src.parent, dst, dirs_exist_ok=True)
    return dst / src.name
