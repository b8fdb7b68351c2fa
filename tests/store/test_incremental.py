"""Incremental builds: pages whose bytes and parser are unchanged come from the parse cache,
only the changed ones are parsed, unchanged pages' rule results come from the result cache,
and the version is byte-identical to a full rebuild."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import pagevet.pages.sitelines as sitelines_module
import pagevet.pipeline as pipeline
from clirun import run_cli
from pagevet.engines.cache import CACHE_FOLDER, ParseCache, parser_fingerprint
from pagevet.store import croissant
from pagevet.store.build import build_version

from .conftest import make_dataset

PAGES = 300


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def parsed(monkeypatch) -> list[int]:
    """How many pages the parser was handed (builds run it in this process: one worker)."""
    counts: list[int] = []
    real = pipeline.ParseStep.__call__

    def counting(self, batch):
        counts.append(batch.num_rows)
        return real(self, batch)

    monkeypatch.setattr(pipeline.ParseStep, "__call__", counting)
    return counts


def test_one_percent_changed_parses_one_percent_and_equals_a_full_rebuild(tmp_path, parsed):
    ds = make_dataset(tmp_path / "a", pages=PAGES, seed=8)
    build_version(ds, version="1.0.0")
    assert sum(parsed) == PAGES
    assert (ds / CACHE_FOLDER / "parsed" / "FINGERPRINT").is_file()
    pages = sorted((ds / "raw").rglob("*.txt"))
    changed = pages[:: len(pages) // 3][:3]  # 1 %: three pages, from different batches
    for path in changed:
        path.write_text(path.read_text("utf-8") + "\nCập nhật lúc 10:05.\n", "utf-8")
    (pages[-1].parent / "999_00000000000000ff.txt").write_text(
        "Tin mới hoàn toàn\n\nMột trang mới được thêm vào kho sau lần dựng trước.\n", "utf-8"
    )
    shutil.copytree(tmp_path / "a", tmp_path / "before")

    parsed.clear()
    incremental = build_version(ds)
    assert sum(parsed) == len(changed) + 1  # the changed pages and the new one, nothing else
    got = _files(incremental.folder)

    # the same state rebuilt in full, in the same place (suite results name their path)
    shutil.rmtree(tmp_path / "a")
    shutil.move(tmp_path / "before", tmp_path / "a")
    parsed.clear()
    full = build_version(ds, reuse=False)
    assert sum(parsed) == PAGES + 1
    assert incremental.version == full.version == "1.1.0"
    assert got == _files(full.folder)


def test_build_full_through_the_cli_parses_every_page(tmp_path, parsed):
    ds = make_dataset(tmp_path, pages=60, seed=5)
    env = {"PAGEVET_WORKERS": "1"}
    assert run_cli("build", ds, env=env).code == 0
    page = sorted((ds / "raw").rglob("*.txt"))[0]
    page.write_text(page.read_text("utf-8") + "\nThêm một câu.\n", "utf-8")
    parsed.clear()
    assert run_cli("build", ds, env=env).code == 0
    assert sum(parsed) == 1
    page.write_text(page.read_text("utf-8") + "\nThêm câu nữa.\n", "utf-8")
    parsed.clear()
    done = run_cli("build", ds, "--full", env=env)
    assert done.code == 0, done.err
    assert sum(parsed) == 60


def test_a_changed_parser_or_lexicon_empties_the_cache(tmp_path):
    cache = ParseCache(tmp_path, "a" * 64)
    cache.commit()
    assert ParseCache(tmp_path, "a" * 64)._files == []  # committed, empty
    assert (tmp_path / "parsed" / "FINGERPRINT").read_text().strip() == "a" * 64
    assert len(ParseCache(tmp_path, "b" * 64)._keys) == 0
    assert parser_fingerprint() == parser_fingerprint()
    lexicon = tmp_path / "markers.toml"
    lexicon.write_text('nav = ["Xem thêm"]\n', "utf-8")
    before = parser_fingerprint([str(lexicon)])
    lexicon.write_text('nav = ["Xem thêm", "Đọc tiếp"]\n', "utf-8")
    assert parser_fingerprint([str(lexicon)]) != before != parser_fingerprint()


def test_a_failed_build_keeps_the_previous_cache(tmp_path, parsed):
    ds = make_dataset(tmp_path, pages=60, seed=6)
    build_version(ds)
    stamp = ds / CACHE_FOLDER / "parsed" / "FINGERPRINT"
    (ds.parent / "checks" / "smoke.json").write_text(
        '{"name": "smoke", "expectations": [{"type": "expect_nothing_real", "kwargs": {}}]}'
    )
    page = sorted((ds / "raw").rglob("*.txt"))[0]
    page.write_text(page.read_text("utf-8") + "\nThêm một câu.\n", "utf-8")
    with pytest.raises(Exception, match="expect_nothing_real"):
        build_version(ds)
    assert stamp.is_file()
    assert not (ds / CACHE_FOLDER / ".parsed-writing").exists()


def test_an_incremental_build_starts_no_worker_processes(tmp_path, parsed, pool_starts):
    """With two workers, a cold build starts one pool for both passes (site lines, parse);
    after a one-page change the rebuild parses that page here and starts none, and its
    version is the full rebuild's."""
    started = pool_starts
    ds = make_dataset(tmp_path / "a", pages=PAGES, seed=9)
    build_version(ds, workers=2)
    assert started == [1]
    page = sorted((ds / "raw").rglob("*.txt"))[PAGES // 2]
    page.write_text(page.read_text("utf-8") + "\nCập nhật lúc 10:05.\n", "utf-8")
    shutil.copytree(tmp_path / "a", tmp_path / "before")
    started.clear()
    parsed.clear()
    incremental = build_version(ds, workers=2)
    assert started == []
    assert sum(parsed) == 1
    got = _files(incremental.folder)
    shutil.rmtree(tmp_path / "a")
    shutil.move(tmp_path / "before", tmp_path / "a")
    full = build_version(ds, reuse=False)
    assert got == _files(full.folder)


def test_croissant_metadata_equal_but_for_the_version_is_checked_once(tmp_path, monkeypatch):
    """mlcroissant checks a version's metadata once; a rebuild whose metadata differs only in
    its version number is not checked again, one whose recipe changed the metadata is."""
    checked: list[str] = []
    real = croissant._check

    def counting(path):
        checked.append(json.loads(path.read_text("utf-8"))["version"])
        return real(path)

    monkeypatch.setattr(croissant, "_check", counting)
    ds = make_dataset(tmp_path, pages=60, seed=4)
    build_version(ds)
    page = sorted((ds / "raw").rglob("*.txt"))[0]
    page.write_text(page.read_text("utf-8") + "\nThêm một câu.\n", "utf-8")
    second = build_version(ds)
    assert checked == ["1.0.0"]
    assert json.loads((second.folder / "croissant.json").read_text("utf-8"))["version"] == "1.1.0"
    recipe = ds / "dataset.toml"
    text = recipe.read_text("utf-8")
    assert "\ndescription = " in text
    recipe.write_text(text.replace('\ndescription = "', '\ndescription = "Changed. '), "utf-8")
    build_version(ds)
    assert checked == ["1.0.0", "1.1.1"]
    # metadata that fails is checked again each time (only passes are remembered)
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": "1.0.0", "name": "x"}', "utf-8")
    for _ in range(2):
        with pytest.raises(Exception):  # noqa: B017  (mlcroissant's own error)
            croissant.validate_croissant(bad, passed=tmp_path / "passed")
    assert checked[2:] == ["1.0.0", "1.0.0"]


@pytest.fixture
def staged(monkeypatch) -> list[int]:
    """How many pages went through the page stage (fields, rules, summaries) uncached."""
    counts: list[int] = []
    real = pipeline._page_results

    def counting(batch, *args):
        counts.append(batch.height)
        return real(batch, *args)

    monkeypatch.setattr(pipeline, "_page_results", counting)
    return counts


def test_unchanged_pages_take_their_findings_from_the_result_cache(tmp_path, staged):
    """After a 1 % change only the pages whose row changed run the rules again; a changed
    rule configuration runs them on every page. Both versions equal full rebuilds."""
    ds = make_dataset(tmp_path / "a", pages=PAGES, seed=12)
    build_version(ds)
    assert sum(staged) == PAGES
    assert (ds / CACHE_FOLDER / "results" / "FINGERPRINT").is_file()
    pages = sorted((ds / "raw").rglob("*.txt"))
    for path in pages[:: len(pages) // 3][:3]:
        path.write_text(path.read_text("utf-8") + "\nCập nhật lúc 11:20.\n", "utf-8")
    shutil.copytree(tmp_path / "a", tmp_path / "before")
    staged.clear()
    incremental = build_version(ds)
    # the three changed pages, and at most a few whose template lines the change moved
    assert 3 <= sum(staged) <= PAGES // 20
    got = _files(incremental.folder)
    shutil.rmtree(tmp_path / "a")
    shutil.copytree(tmp_path / "before", tmp_path / "a")
    assert got == _files(build_version(ds, reuse=False).folder)

    # the same pages under another rule configuration: nothing is reused
    shutil.rmtree(tmp_path / "a")
    shutil.copytree(tmp_path / "before", tmp_path / "a")
    pyproject = tmp_path / "a" / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text("utf-8") + '\n[tool.pagevet.severity]\n"too-short" = "error"\n'
    )
    shutil.rmtree(tmp_path / "before")
    shutil.copytree(tmp_path / "a", tmp_path / "before")
    staged.clear()
    reconfigured = build_version(ds)
    assert sum(staged) == PAGES
    got = _files(reconfigured.folder)
    shutil.rmtree(tmp_path / "a")
    shutil.move(tmp_path / "before", tmp_path / "a")
    assert got == _files(build_version(ds, reuse=False).folder)


def test_an_incremental_build_folds_no_line_twice(tmp_path, monkeypatch):
    """The parse cache's digests come from the keys the site-line pass made, not from
    folding every page's text again."""
    ds = make_dataset(tmp_path / "a", pages=120, seed=8)
    first = build_version(ds, version="1.0.0")
    pages = sorted((ds / "raw").rglob("*.txt"))
    pages[3].write_text(pages[3].read_text("utf-8") + "\nCập nhật lúc 10:05.\n", "utf-8")
    folded: list[int] = []
    real = sitelines_module.page_lines

    def counting(texts, sources):
        folded.append(len(texts))
        return real(texts, sources)

    monkeypatch.setattr(sitelines_module, "page_lines", counting)
    monkeypatch.setattr("pagevet.pipeline.page_lines", counting)
    assert build_version(ds).version == "1.1.0"
    # once each, in the site-line pass
    assert sum(folded) == first.manifest["counts"]["pages"] == 120
