"""The pipeline: one `run` for every command, engines chosen by name in one place, and the
bundled sample's version files pinned byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import pytest

from pagevet.config import Config
from pagevet.engines import get_engine, reduce_in_process
from pagevet.engines.local import LocalEngine
from pagevet.errors import PagevetError
from pagevet.pipeline import DEFAULT_COLUMNS, PageTable, ParseStep, run

# sha256 of the data files of the bundled sample built as v1.0.0 (tests/conftest.py builds it
# with the real `pagevet` entry point). They pin behaviour: a refactoring must leave them alone.
# (The pipeline refactoring left them byte-identical; they were last updated for the
# page-understanding and rules changes merged after it.)
# When the parser or a rule changes on purpose, the new hashes are printed by the failing
# assertion: check the change is the one intended (`pagevet diff` against an older build),
# then paste them here.
# All four changed with the learned parser (issue 10): roles and titles of the sample's pages
# come from the boosted-tree content model and the fitted title finder; missing-title fires
# on the 2 injected pages only (was 5), 2 titles found on the page with confidence under
# 0.6 make their slug findings warnings. Then every file again with issue 13 (below).
PINNED = {
    # Issue 13 changed every file on purpose: the duplicates share a split (one page moved
    # from train to test), flags count warning/error findings only (nav-spam 135 -> 5 pages,
    # gambling-spam 11 -> 3, near-duplicate 2 -> 0: info findings stay in `findings`), byline
    # comes from the reader's author metadata where the text has none, and the new `clean`
    # config (pages without an error finding, clean text only) has its own files.
    # Then every file again with the title finder's context features (issue 10, session 4):
    # the titles are the same 149, only their `title_confidence` values moved; and with
    # error_title_confidence 0.8 (was 0.6) one injected slug mismatch on a title found at
    # confidence 0.6-0.8 is a warning, so that page is in the clean config (5 -> 4 errors).
    # Then data/ and raw/ again with the title finder refitted as a softmax over each page's
    # candidates (issue 10, session 5): the titles are the same (198 as labelled, 2 injected
    # pages without), findings the same (title-slug-mismatch 4 errors and 9 warnings,
    # missing-title 2); only `title_confidence` values moved (the warnings quote them); clean/
    # is unchanged.
    # And data/ and raw/ again with the title finder refitted under gold titles without the
    # site name their pages share (issue 10, session 6): the same titles and lines, the same
    # findings; only the `title_confidence` values 8 title-slug-mismatch warnings quote moved.
    "clean/test-00000-of-00001.parquet": (
        "7becad7890f916578ff3b6867b379fa35fd55cd24237cf45c65f520f3892700f"
    ),
    "clean/train-00000-of-00001.parquet": (
        "c94d2cf4be28fc92f37b7d7655a24948f6a380154d9239e1c3eca5c13e6e758d"
    ),
    "clean/validation-00000-of-00001.parquet": (
        "bdabcd7de3f5dc769af6c0fd142066460fcab0fa98ed73591bdab6c86925f1c7"
    ),
    "data/test-00000-of-00001.parquet": (
        "851b2bcfc114019e94376c64228e40922e622e0020155425e5515829d600f860"
    ),
    "data/train-00000-of-00001.parquet": (
        "6ac7e1380fcb6d5f13013b16a78f550693cebf254b7d224643fe015100edf2f3"
    ),
    "data/validation-00000-of-00001.parquet": (
        "0b113ed5a2a151a26998b5dd3e1b60469850a4c370c3469b80828c5d66a189a4"
    ),
    "raw/train-00000-of-00001.parquet": (
        "334d0fd78670d534fd513119cd19ef086269fd918af2659dac38b8cf09823bcd"
    ),
}


def test_the_sample_version_is_byte_identical_to_the_pinned_build(sample_version: Path) -> None:
    found = {
        p.relative_to(sample_version).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(sample_version.glob("*/*.parquet"))
    }
    assert found == PINNED, f"the sample's version files changed; new hashes: {found}"


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from samplegen import write_sample

    folder = tmp_path_factory.mktemp("pipeline") / "ds"
    write_sample(folder, pages=60, seed=2)
    return folder / "raw"


def test_run_gives_a_page_table_with_page_fields_flags_and_splits(crawl: Path) -> None:
    table = run([crawl], Config(select=["nav-spam"]), splits={"train": 0.5, "test": 0.5})
    pages = table.pages
    assert isinstance(table, PageTable) and pages.height == 60
    assert {"nav_char_share", "slug_verdict", "slug_score", "split"} <= set(pages.columns)
    assert set(pages["split"]) == {"train", "test"}
    assert pages["flag__nav-spam"].any() and not pages["flag__too-short"].any()
    default = table.default()
    assert default.columns[: len(DEFAULT_COLUMNS)] == DEFAULT_COLUMNS
    assert default["id"].is_sorted()
    assert "raw" not in default.columns and "raw" in table.raw().columns


def test_relative_to_strips_the_dataset_folder(crawl: Path) -> None:
    table = run([crawl], Config(select=["too-short"])).relative_to(crawl.parent)
    assert all(p.startswith("raw/") for p in table.pages["path"])


def test_engines_are_chosen_by_name_in_one_place() -> None:
    assert isinstance(get_engine("local", workers=3), LocalEngine)
    assert get_engine("local", workers=3).workers == 3
    with pytest.raises(PagevetError, match="unknown engine 'spark'; engines are local, ray"):
        get_engine("spark")


def test_run_on_no_pages_gives_an_empty_table(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    table = run([tmp_path / "empty"], Config())
    assert table.pages.height == 0 and table.default().height == 0


class _CountLengths:
    """A corpus pass that records the merged page count on every page (order of work)."""

    name = "lengths"

    def __init__(self) -> None:
        self.calls: list[str] = []

    def summarise(self, batch: pl.DataFrame) -> int:
        self.calls.append("summarise")
        return batch.height

    def merge(self, summaries: list[int]) -> int:
        self.calls.append("merge")
        return sum(summaries)

    def apply(self, batch: pl.DataFrame, merged: int) -> pl.DataFrame:
        self.calls.append("apply")
        return batch.with_columns(pl.lit(merged).alias("corpus_pages"))


def test_reduce_summarises_every_batch_merges_once_then_applies(crawl: Path) -> None:
    engine = LocalEngine(batch_size=13)
    batches = [pl.from_arrow(t) for t in engine.map([crawl], ParseStep())]
    assert len(batches) == 5
    counted = _CountLengths()
    out = engine.reduce(batches, counted)
    assert counted.calls == ["summarise"] * 5 + ["merge"] + ["apply"] * 5
    assert [b.height for b in out] == [b.height for b in batches]
    assert all(set(b["corpus_pages"]) == {60} for b in out)
    assert reduce_in_process(batches, _CountLengths())[0].equals(out[0])


def test_batch_size_does_not_change_any_page(crawl: Path) -> None:
    """Per-page rules run batch by batch and corpus passes merge batch summaries: small
    batches must give exactly the pages one big batch gives."""
    config = Config()
    one = run([crawl], config, engine=LocalEngine(batch_size=1000)).pages
    many = run([crawl], config, engine=LocalEngine(batch_size=7)).pages
    assert many.equals(one)
    assert one["findings"].list.len().sum() > 0
