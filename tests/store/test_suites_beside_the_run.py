"""A build loads its suites (and imports Great Expectations) in a thread beside the run: the
version is the same, a suite GX refuses still stops the build with its message and leaves
nothing, and the run stops at its next checkpoint once the load failed."""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import run_cli
from pagevet.config import Config
from pagevet.engines.local import LocalEngine
from pagevet.pipeline import run_batches
from pagevet.store.build import _suite_columns, _SuiteLoad
from pagevet.store.recipe import load_recipe
from samplegen import write_sample

from .conftest import make_dataset

MISSPELT = """{
  "name": "smoke",
  "expectations": [
    {"type": "expect_column_values_to_be_uniqe", "kwargs": {"column": "id"}, "meta": {}, "severity": "critical"}
  ],
  "meta": {}
}
"""


def test_a_suite_great_expectations_refuses_fails_the_build_and_leaves_nothing(tmp_path):
    folder = make_dataset(tmp_path, pages=60)
    (tmp_path / "checks" / "smoke.json").write_text(MISSPELT, "utf-8")
    out = run_cli("build", folder)
    assert out.code != 0
    assert "smoke.json" in out.err and "unknown to Great Expectations" in out.err
    assert "Did you mean expect_column_values_to_be_unique" in out.err
    assert not any((folder / "versions").glob("v*"))
    assert not (folder / ".pagevet-cache").exists()
    # fixed, the same dataset builds
    (tmp_path / "checks" / "smoke.json").write_text(MISSPELT.replace("uniqe", "unique"), "utf-8")
    assert run_cli("build", folder).code == 0
    assert (folder / "versions" / "v1.0.0" / "manifest.json").is_file()


@pytest.mark.parametrize("process", [False, True], ids=["thread", "process"])
def test_the_suite_load_gives_the_columns_loading_them_here_gives(tmp_path, process):
    recipe = load_recipe(make_dataset(tmp_path, pages=60))
    with _SuiteLoad(recipe, process=process) as load:
        load.check()  # loading or loaded without error: nothing to raise
        assert load.columns() == _suite_columns(recipe)
        load.check()
    assert load.columns() is not None and "id" in load.columns()


@pytest.mark.parametrize("process", [False, True], ids=["thread", "process"])
def test_the_suite_load_raises_its_error_at_the_next_check(tmp_path, process):
    folder = make_dataset(tmp_path, pages=60)
    (tmp_path / "checks" / "smoke.json").write_text(MISSPELT, "utf-8")
    with _SuiteLoad(load_recipe(folder), process=process) as load:
        with pytest.raises(Exception, match="unknown to Great Expectations"):
            load.columns()
        with pytest.raises(Exception, match="unknown to Great Expectations"):
            load.check()


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("beside") / "ds"
    write_sample(folder, pages=60, seed=5)
    return folder / "raw"


def test_the_run_calls_its_checkpoint_between_batches_and_stops_when_it_raises(raw, tmp_path):
    calls: list[int] = []

    def count() -> None:
        calls.append(1)

    batches = list(
        run_batches([raw], Config(), engine=LocalEngine(batch_size=10), checkpoint=count)
    )
    assert sum(b.height for b in batches) == 60
    # after each of the 6 parsed batches, before each corpus pass and the page stage
    assert len(calls) >= 6 + 2

    class Stop(Exception):
        pass

    def stop_at_third() -> None:
        calls.append(1)
        if len(calls) == 3:
            raise Stop

    calls.clear()
    with pytest.raises(Stop):
        list(
            run_batches(
                [raw], Config(), engine=LocalEngine(batch_size=10), checkpoint=stop_at_third
            )
        )
    assert len(calls) == 3


def test_an_incremental_build_runs_its_suites_in_another_process(tmp_path, monkeypatch):
    """Beside an incremental build the suites are loaded and run in a process of their own:
    this process's `_run_suites` is never called, and the version is the one a full build
    (whose suites run here) makes."""
    import shutil

    import pagevet.store.build as build

    folder = make_dataset(tmp_path / "a", pages=60)
    assert build.build_version(folder, version="1.0.0").suites_ok
    page = sorted((folder / "raw").rglob("*.txt"))[5]
    page.write_text(page.read_text("utf-8") + "\nCập nhật lúc 10:05.\n", "utf-8")
    shutil.copytree(tmp_path / "a", tmp_path / "b")

    def not_here(*args, **kwargs):
        raise AssertionError("suites ran in the build's own process")

    with monkeypatch.context() as patch:
        patch.setattr(build, "_run_suites", not_here)
        incremental = build.build_version(folder)
    assert incremental.manifest["suites"]["smoke"]["success"]
    full = build.build_version(tmp_path / "b" / "news", reuse=False)
    assert incremental.manifest["suites"] == full.manifest["suites"]
    assert (incremental.folder / "validation" / "smoke.json").read_bytes() == (
        full.folder / "validation" / "smoke.json"
    ).read_bytes()
    with monkeypatch.context() as patch, pytest.raises(AssertionError, match="own process"):
        patch.setattr(build, "_run_suites", not_here)
        other = tmp_path / "b" / "news" / page.relative_to(folder)
        other.write_text(other.read_text("utf-8") + "\nMột dòng nữa.\n", "utf-8")
        build.build_version(tmp_path / "b" / "news", reuse=False)
