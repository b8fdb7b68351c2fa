"""Write a version's Parquet files from a stream of finished page batches, in bounded memory.

Rows of a version are sorted by id across the whole corpus, so batches cannot be written as
they come. They are spilled once (the raw config's columns, a superset of the default's),
then redistributed into id-range buckets of `BUCKET_ROWS` rows (more past `MAX_BUCKETS`
buckets), and each bucket, sorted, is appended to the shard writers of the configs and splits
it feeds. Memory holds one batch or one bucket (plus a row group being written), never the
version.

The files are byte-identical to `write_shards` on the whole table: the same shard row
ranges, row groups of 10,000 rows from each shard's start, each written from contiguous
arrays. A split's `nbytes` (which decides the number of shards and is reported in the card)
is `tables.part_size`: the Arrow IPC size of its 10,000-row blocks, a function of the rows
alone, so the Ray workers' writer (`store.ray_shards`) gets the same figure.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc  # noqa: F401  (pa.ipc)
import pyarrow.parquet as pq

from pagevet.corpus.spill import SpillStore
from pagevet.faults import fault_point
from pagevet.pipeline import DEFAULT_COLUMNS, PROVENANCE, PageTable
from pagevet.store.clean import clean_counts, clean_pages
from pagevet.store.tables import part_size, to_arrow

ROW_GROUP = 10_000
BUCKET_ROWS = 1_024
# past MAX_BUCKETS * BUCKET_ROWS rows, buckets grow instead (open files stay few)
MAX_BUCKETS = 256
# a config's folder in the version
CONFIG_FOLDERS = {"default": "data", "clean": "clean", "raw": "raw"}


class _DiskRows:
    """Rows waiting on disk (an Arrow IPC file) until enough have come to be used: a row
    group is 10,000 rows, and seven parts each holding most of one in memory would be the
    writer's largest use of memory."""

    def __init__(self, folder: Path, name: str) -> None:
        self._folder, self._name = folder, name
        self._path: Path | None = None
        self._writer: pa.ipc.RecordBatchFileWriter | None = None
        self._files = 0
        self.rows = 0

    def add(self, table: pa.Table) -> None:
        if not table.num_rows:
            return
        if self._writer is None:
            self._files += 1
            self._path = self._folder / f"{self._name}-{self._files:06d}.arrow"
            self._writer = pa.ipc.new_file(self._path, table.schema)
        self._writer.write_table(table)
        self.rows += table.num_rows

    def take(self, n: int) -> pa.Table:
        """The first `n` waiting rows as one table of contiguous arrays; the rest wait on."""
        assert self._path is not None and self._writer is not None
        self._writer.close()
        path, self._writer, self.rows = self._path, None, 0
        with pa.memory_map(str(path)) as source:
            table = pa.ipc.open_file(source).read_all()
            chunk = table.slice(0, n).combine_chunks()
            self.add(table.slice(n))
            del table
        path.unlink()
        return chunk


@dataclass
class _Part:
    """One (config, split) of the version: its rows, block sizes and writer."""

    config: str
    split: str
    rows: int = 0
    nbytes: int = 0
    features: Any = None
    shards: int = 1
    written: int = 0
    paths: list[Path] = field(default_factory=list)
    _writer: pq.ParquetWriter | None = None
    _waiting: _DiskRows | None = None  # rows appended, not yet written

    def _cuts(self) -> list[int]:
        return [i * self.rows // self.shards for i in range(self.shards + 1)]

    def start(self, folder: Path, max_shard_bytes: int, buffer_dir: Path) -> None:
        self.shards = max(1, min(math.ceil(self.nbytes / max_shard_bytes), self.rows))
        self._folder = folder
        self._cut_list = self._cuts()
        self._waiting = _DiskRows(buffer_dir, f"part-{self.config}-{self.split}")

    def append(self, table: pa.Table) -> None:
        assert self._waiting is not None
        self._waiting.add(table)
        while self._waiting.rows and self._waiting.rows >= self._next_cut() - self.written:
            self._flush(self._next_cut() - self.written)

    def _shard(self) -> int:
        # the shard holding row `written`
        return max(i for i in range(self.shards) if self._cut_list[i] <= self.written)

    def _next_cut(self) -> int:
        shard = self._shard()
        start, stop = self._cut_list[shard], self._cut_list[shard + 1]
        return min(stop, start + ((self.written - start) // ROW_GROUP + 1) * ROW_GROUP)

    def _flush(self, n: int) -> None:
        assert self._waiting is not None
        chunk = self._waiting.take(n)
        shard = self._shard()
        if self._writer is None:
            path = self._folder / f"{self.split}-{shard:05d}-of-{self.shards:05d}.parquet"
            self._folder.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(
                path, chunk.schema, compression="zstd", write_statistics=True
            )
            self.paths.append(path)
        self._writer.write_table(chunk, row_group_size=ROW_GROUP)
        self.written += n
        if self.written == self._cut_list[shard + 1]:
            self._writer.close()
            self._writer = None
            fault_point("shard-written")


@dataclass
class WrittenVersion:
    """What the build needs after the files are written."""

    parts: list[_Part]
    features: dict[str, Any]  # config -> datasets.Features
    counts: dict[str, Any]
    # the default config's columns the suites read, sorted by id (None: not asked for), and
    # the names of all the default config's columns
    suite_files: list[Path] = field(default_factory=list)
    default_columns: list[str] = field(default_factory=list)


def write_version_files(
    batches: Iterable[pl.DataFrame],
    folder: Path,
    splits: list[str],
    max_shard_bytes: int,
    gx_columns: list[str] | None | Callable[[], list[str] | None],
    spill_dir: str | Path | None = None,
    suite_file: Path | None = None,
) -> WrittenVersion:
    """Write `data/` (default config, per split), `clean/` (clean config, per split: see
    `store.clean`) and `raw/` (raw config) under `folder` from finished batches (with
    derived columns), and return the parts and the counts. With
    `suite_file`, the default config's `gx_columns` (None: every column; names it lacks are
    skipped) are also written there, sorted by id like the version's rows: the suites read
    them from that file a few columns or rows at a time. `gx_columns` may be a function:
    it is called once every batch was read (the suites may still be loading meanwhile)."""
    counter = _Counts()
    suite_writer: pq.ParquetWriter | None = None
    default_columns: list[str] = []
    with SpillStore(spill_dir) as spill:
        ids: list[pl.Series] = []
        empty = None
        for frame in batches:
            empty = frame.head(0)
            counter.add(frame)
            raw = PageTable(frame).raw()
            ids.append(raw["id"])
            spill.append("raw", raw)
        if callable(gx_columns):
            gx_columns = gx_columns()
        order = pl.concat(ids).sort() if ids else pl.Series("id", [], pl.String)
        # bucket i holds ids in [edges[i], edges[i + 1]); at most MAX_BUCKETS files are open
        bucket_rows = max(BUCKET_ROWS, math.ceil(len(order) / MAX_BUCKETS))
        edges = order.gather(list(range(0, len(order), bucket_rows)))
        buckets = max(1, len(edges))
        # Arrow IPC streams, not Parquet: a Parquet writer keeps every row group's metadata
        # until it closes, and each batch adds a row group to every bucket, so the writers'
        # memory grew with batches x buckets (~470 MB for 56,000 pages, simulated)
        writers: dict[int, pa.ipc.RecordBatchStreamWriter] = {}
        options = pa.ipc.IpcWriteOptions(compression="lz4")
        for raw in spill.frames("raw"):
            index = edges.search_sorted(raw["id"], side="right") - 1
            for (bucket,), part in (
                raw.with_columns(index.alias("_b"))
                .partition_by("_b", as_dict=True, include_key=False)
                .items()
            ):
                table = part.to_arrow()
                if bucket not in writers:
                    path = spill.folder / f"bucket-{bucket:06d}.arrows"
                    writers[bucket] = pa.ipc.new_stream(str(path), table.schema, options=options)
                writers[bucket].write_table(table)
        for writer in writers.values():
            writer.close()
        spill.drop("raw")
        bucket_paths = [spill.folder / f"bucket-{b:06d}.arrows" for b in range(buckets)]
        bucket_paths = [p for p in bucket_paths if p.exists()]

        parts = (
            [_Part("raw", "train")]
            + [_Part("default", s) for s in splits]
            + [_Part("clean", s) for s in splits]
        )

        def sorted_buckets():
            for path in bucket_paths:
                with pa.OSFile(str(path), "rb") as source:
                    table = pa.ipc.open_stream(source).read_all()
                yield pl.from_arrow(table).sort("id", maintain_order=True)  # type: ignore[union-attr]

        def tables_of(bucket: pl.DataFrame):
            raw_arrow, raw_features = to_arrow(bucket)
            default = bucket.filter(pl.col("read_error").is_null()).select(_default_columns(bucket))
            default_arrow, default_features = to_arrow(default)
            clean_arrow, clean_features = to_arrow(clean_pages(default))
            out = {("raw", "train"): (raw_arrow, raw_features)}
            for s in splits:
                out[("default", s)] = (
                    default_arrow.filter(pc.equal(default_arrow["split"], s)),
                    default_features,
                )
                out[("clean", s)] = (
                    clean_arrow.filter(pc.equal(clean_arrow["split"], s)),
                    clean_features,
                )
            return out

        # first read: rows and 10,000-row block sizes, which decide the shards
        pending = [_DiskRows(spill.folder, f"size-{p.config}-{p.split}") for p in parts]
        for bucket in sorted_buckets():
            tables = tables_of(bucket)
            for part, waiting in zip(parts, pending, strict=True):
                table, features = tables[(part.config, part.split)]
                part.features = part.features or features
                part.rows += table.num_rows
                waiting.add(table)
                full = waiting.rows // ROW_GROUP * ROW_GROUP
                if full:
                    part.nbytes += part_size(waiting.take(full))
            del tables
        for part, waiting in zip(parts, pending, strict=True):
            if waiting.rows:
                part.nbytes += part_size(waiting.take(waiting.rows))
        for part in parts:
            if part.rows:
                part.start(folder / CONFIG_FOLDERS[part.config], max_shard_bytes, spill.folder)
        # second read: write
        for bucket in sorted_buckets():
            tables = tables_of(bucket)
            for part in parts:
                if part.rows:
                    part.append(tables[(part.config, part.split)][0])
            if suite_file is not None:
                suite_writer = _write_suite_columns(suite_writer, bucket, gx_columns, suite_file)
        fault_point("default-written")
        fault_point("clean-written")
        fault_point("raw-written")
        if suite_file is not None and suite_writer is None and empty is not None:
            suite_writer = _write_suite_columns(None, empty, gx_columns, suite_file)
        if suite_writer is not None:
            suite_writer.close()
        if empty is not None:
            default_columns = _default_columns(empty)
    features = {
        name: next((p.features for p in parts if p.config == name), None)
        for name in ("default", "clean", "raw")
    }
    if empty is not None:  # an empty corpus still has a schema
        features["raw"] = features["raw"] or to_arrow(PageTable(empty).raw())[1]
        default = PageTable(empty).default()
        features["default"] = features["default"] or to_arrow(default)[1]
        features["clean"] = features["clean"] or to_arrow(clean_pages(default))[1]
    return WrittenVersion(
        parts=[p for p in parts if p.rows],
        features=features,
        counts=counter.result(),
        suite_files=[suite_file] if suite_file is not None and suite_writer is not None else [],
        default_columns=default_columns,
    )


def _write_suite_columns(
    writer: pq.ParquetWriter | None, rows: pl.DataFrame, columns: list[str] | None, path: Path
) -> pq.ParquetWriter:
    """Append the readable pages' suite columns of `rows` (sorted) to the suites' file."""
    default = rows.filter(pl.col("read_error").is_null()).select(_default_columns(rows))
    # a column a suite names but the table lacks is left for the suite to report
    present = [c for c in columns if c in default.columns] if columns else default.columns
    table = default.select(present).to_arrow()
    if writer is None:
        writer = pq.ParquetWriter(path, table.schema, compression="lz4")
    writer.write_table(table.cast(writer.schema))
    return writer


def _default_columns(frame: pl.DataFrame) -> list[str]:
    flags = sorted(c for c in frame.columns if c.startswith("flag__"))
    return [*DEFAULT_COLUMNS, *flags, "split", *PROVENANCE]


class _Counts:
    """`build._counts` accumulated batch by batch."""

    def __init__(self) -> None:
        self.pages = 0
        self.readable = 0
        self.splits: dict[str, int] = {}
        self.findings: dict[tuple[str, str], int] = {}
        self.flags: dict[str, int] = {}
        # the clean config's (store.clean): ids are unique across batches, so the per-batch
        # counts add up to the whole version's
        self.clean = {"pages": 0, "excluded": 0, "excluded_by_rule": {}}

    def add(self, pages: pl.DataFrame) -> None:
        self.pages += pages.height
        readable = pages.filter(pl.col("read_error").is_null())
        self.readable += readable.height
        clean = clean_counts(readable)
        self.clean["pages"] += clean["pages"]
        self.clean["excluded"] += clean["excluded"]
        for rule, n in clean["excluded_by_rule"].items():
            by_rule = self.clean["excluded_by_rule"]
            by_rule[rule] = by_rule.get(rule, 0) + n
        for split, n in readable.group_by("split").len().iter_rows():
            self.splits[split] = self.splits.get(split, 0) + n
        found = (
            pages.select("findings").explode("findings").drop_nulls("findings").unnest("findings")
        )
        for rule, severity, n in found.group_by("rule", "severity").len().iter_rows():
            self.findings[(rule, severity)] = self.findings.get((rule, severity), 0) + n
        for c in pages.columns:
            if c.startswith("flag__"):
                name = c.removeprefix("flag__")
                self.flags[name] = self.flags.get(name, 0) + int(pages[c].sum())

    def merge(self, other: _Counts) -> None:
        """Add another batch's (or block's) counts: pages are disjoint, so counts add."""
        self.pages += other.pages
        self.readable += other.readable
        for key in ("pages", "excluded"):
            self.clean[key] += other.clean[key]
        for mine, theirs in (
            (self.clean["excluded_by_rule"], other.clean["excluded_by_rule"]),
            (self.splits, other.splits),
            (self.findings, other.findings),
            (self.flags, other.flags),
        ):
            for key, n in theirs.items():
                mine[key] = mine.get(key, 0) + n

    def result(self) -> dict[str, Any]:
        per_rule: dict[str, dict[str, int]] = {}
        for (rule, severity), n in sorted(self.findings.items()):
            per_rule.setdefault(rule, {})[severity] = n
        return {
            "pages": self.pages,
            "readable": self.readable,
            "splits": dict(sorted(self.splits.items())),
            "findings": dict(sorted(per_rule.items())),
            "flags": dict(sorted(self.flags.items())),
            "clean": {
                "pages": self.clean["pages"],
                "excluded": self.clean["excluded"],
                "excluded_by_rule": dict(sorted(self.clean["excluded_by_rule"].items())),
            },
        }
