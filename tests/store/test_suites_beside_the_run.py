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


def test_the_suite_load_gives_the_columns_loading_them_here_gives(tmp_path):
    recipe = load_recipe(make_dataset(tmp_path, pages=60))
    with _SuiteLoad(recipe) as load:
        load.check()  # loading or loaded without error: nothing to raise
        assert load.columns() == _suite_columns(recipe)
        load.check()
    assert load.columns() is not None and "id" in load.columns()


def test_the_suite_load_raises_its_error_at_the_next_check(tmp_path):
    folder = make_dataset(tmp_path, pages=60)
    (tmp_path / "checks" / "smoke.json").write_text(MISSPELT, "utf-8")
    with _SuiteLoad(load_recipe(folder)) as load:
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


def test_builds_run_their_suites_in_another_process(tmp_path, monkeypatch):
    """The suites are loaded and run in a process of their own: this process's
    `_run_suites` is never called, and an incremental build's suite results are a full
    build's."""
    import shutil

    import pagevet.store.build as build

    def not_here(*args, **kwargs):
        raise AssertionError("suites ran in the build's own process")

    monkeypatch.setattr(build, "_run_suites", not_here)
    folder = make_dataset(tmp_path / "a", pages=60)
    assert build.build_version(folder, version="1.0.0").suites_ok
    page = sorted((folder / "raw").rglob("*.txt"))[5]
    page.write_text(page.read_text("utf-8") + "\nCập nhật lúc 10:05.\n", "utf-8")
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    incremental = build.build_version(folder)
    assert incremental.manifest["suites"]["smoke"]["success"]
    full = build.build_version(tmp_path / "b" / "news", reuse=False)
    assert incremental.manifest["suites"] == full.manifest["suites"]
    assert (incremental.folder / "validation" / "smoke.json").read_bytes() == (
        full.folder / "validation" / "smoke.json"
    ).read_bytes()


def test_a_full_build_starts_the_suite_load_once_its_parse_is_done(tmp_path, monkeypatch):
    """Beside a full build GX is not loaded while the parse workers hold memory: the load
    starts when the parse pass is done (an incremental build starts it at once)."""
    import pagevet.pipeline as pipeline
    import pagevet.store.build as build

    events: list[str] = []
    real_start, real_parse = build._SuiteLoad.start, pipeline.ParseStep.__call__

    def start(self):
        if self._future is None:
            events.append("suites")
        return real_start(self)

    def parse(self, batch):
        events.append("parse")
        return real_parse(self, batch)

    monkeypatch.setattr(build._SuiteLoad, "start", start)
    monkeypatch.setattr(pipeline.ParseStep, "__call__", parse)
    folder = make_dataset(tmp_path, pages=60)
    build.build_version(folder, version="1.0.0")
    assert events.index("suites") > max(i for i, e in enumerate(events) if e == "parse")
    page = sorted((folder / "raw").rglob("*.txt"))[5]
    page.write_text(page.read_text("utf-8") + "\nCập nhật lúc 10:05.\n", "utf-8")
    events.clear()
    build.build_version(folder)
    assert events[0] == "suites" and "parse" in events
