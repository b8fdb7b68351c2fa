"""The streaming version writer gives the files `write_shards` gives on the whole table, byte
for byte, whatever the batches, buckets and shards."""

from __future__ import annotations

import polars as pl
import pyarrow.compute as pc
import pytest

import pagevet.store.stream as stream
import pagevet.store.tables as tables
from pagevet.config import Config
from pagevet.engines.local import LocalEngine
from pagevet.pipeline import PageTable, run_batches
from pagevet.store.clean import clean_counts, clean_pages
from pagevet.store.tables import to_arrow, write_shards
from samplegen import write_sample

SPLITS = {"train": 0.8, "validation": 0.1, "test": 0.1}


@pytest.fixture(scope="module")
def batches(tmp_path_factory) -> list[pl.DataFrame]:
    folder = tmp_path_factory.mktemp("write") / "ds"
    write_sample(folder, pages=90, seed=4)
    engine = LocalEngine(batch_size=17)
    return list(run_batches([folder / "raw"], Config(), engine=engine, splits=SPLITS))


def _whole_table_files(batches, folder, max_shard_bytes) -> dict[str, bytes]:
    pages = PageTable(pl.concat(batches, how="vertical_relaxed"))
    out = {}
    for name, frame, splits in (
        ("data", pages.default(), list(SPLITS)),
        ("clean", clean_pages(pages.default()), list(SPLITS)),
        ("raw", pages.raw(), ["train"]),
    ):
        table, _ = to_arrow(frame)
        for split in splits:
            part = table if name == "raw" else table.filter(pc.equal(table["split"], split))
            for path in write_shards(part, folder / name, split, max_shard_bytes):
                out[f"{name}/{path.name}"] = path.read_bytes()
    return out


@pytest.mark.parametrize(
    ("bucket_rows", "max_buckets", "max_shard_bytes", "row_group"),
    [
        (4096, 256, 256 << 20, 10_000),
        (7, 256, 40_000, 10_000),
        (5, 256, 100_000, 8),
        (5, 3, 100_000, 8),  # 90 pages in 3 buckets of 30 rows, not 18 of 5
    ],
)
def test_streamed_files_equal_the_whole_table_files(
    batches, tmp_path, monkeypatch, bucket_rows, max_buckets, max_shard_bytes, row_group
) -> None:
    """Whatever the buckets, shards and row groups (8 rows: many row groups per shard, each
    flushed from rows waiting on disk across buckets), the same bytes as writing the whole
    table at once."""
    monkeypatch.setattr(stream, "BUCKET_ROWS", bucket_rows)
    monkeypatch.setattr(stream, "MAX_BUCKETS", max_buckets)
    opened: list[str] = []
    new_stream = stream.pa.ipc.new_stream
    monkeypatch.setattr(
        stream.pa.ipc,
        "new_stream",
        lambda path, *a, **k: opened.append(path) or new_stream(path, *a, **k),
    )
    monkeypatch.setattr(stream, "ROW_GROUP", row_group)
    monkeypatch.setattr(tables, "ROW_GROUP", row_group)
    expected = _whole_table_files(batches, tmp_path / "whole", max_shard_bytes)
    written = stream.write_version_files(
        iter(batches),
        tmp_path / "streamed",
        list(SPLITS),
        max_shard_bytes,
        ["id", "title", "not-a-column"],
        suite_file=tmp_path / "suite.parquet",
    )
    got = {
        f"{p.parent.name}/{p.name}": p.read_bytes() for part in written.parts for p in part.paths
    }
    assert sorted(got) == sorted(expected)
    assert len(got) > 4 or max_shard_bytes > 1 << 20  # small shards really split
    assert got == expected
    # one bucket file per id range, never more than MAX_BUCKETS
    assert len([p for p in opened if str(p).endswith(".arrows")]) == min(
        max_buckets, -(-90 // bucket_rows)
    )
    pages = PageTable(pl.concat(batches, how="vertical_relaxed"))
    # the suites' columns, sorted by id like the version (a name the table lacks is skipped)
    suite_columns = pl.read_parquet(written.suite_files)
    assert suite_columns.equals(pages.default().select("id", "title"))
    assert written.default_columns == pages.default().columns
    assert written.counts["pages"] == pages.pages.height == 90
    assert sum(written.counts["splits"].values()) == written.counts["readable"]
    # the clean config's counts, summed over batches, are the whole version's
    assert written.counts["clean"] == clean_counts(pages.default())


def test_split_sizes_do_not_depend_on_how_the_pages_were_batched(batches, tmp_path) -> None:
    """The card's num_bytes (and the number of shards) come from the rows, not from how the
    pipeline's batches happened to lay them out in memory."""
    whole = pl.concat(batches, how="vertical_relaxed")
    sizes = []
    for n, size in enumerate((7, 50)):
        rebatched = [whole.slice(i, size) for i in range(0, whole.height, size)]
        written = stream.write_version_files(
            iter(rebatched), tmp_path / str(n), list(SPLITS), 256 << 20, None
        )
        sizes.append({(p.config, p.split): (p.rows, p.nbytes) for p in written.parts})
    assert sizes[0] == sizes[1]
    assert sizes[0][("raw", "train")][0] == 90
