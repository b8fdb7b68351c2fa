"""A version's files written by Ray workers from a distributed run (`engines.ray_run.RayRun`),
byte-identical to the local writer's (`store.stream`), with only small aggregates on the
driver: what `build --engine ray` writes.

    finished pages ─ map_batches: paths made relative ─ sort("id") (distributed) ─▶ blocks
      ─ one task per block: rows per (config, split), the version's counts
                            (`stream._Counts`, merged on the driver)  ─▶ small (driver)
      ─ one task per 10,000-row block of a part: its size (`tables.part_size`) ─▶ sizes
      ─ shards per part from the sizes; one task per shard: gather the shard's rows from the
        blocks that hold them, write `<split>-0000i-of-0000n.parquet` (zstd, 10,000-row row
        groups from the shard's start, statistics) ─▶ the files
      ─ one task per block: the default config's columns the suites read ─▶ one Parquet file
        per block, in id order (Great Expectations reads them as one table, a few columns
        at a time, like the local writer's single file)

A part's size (which decides the number of shards) is summed over its 10,000-row blocks, as
`store/stream.py` sums it, and is a function of the rows alone (`tables.arrow_size`), so both
writers choose the same shards. The folders must be reachable from every node (a shared mount).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from pagevet.pipeline import PageTable
from pagevet.store.stream import (
    CONFIG_FOLDERS,
    WrittenVersion,
    _Counts,
    _default_columns,
    _write_suite_columns,
)
from pagevet.store.tables import part_size, to_arrow

ROW_GROUP = 10_000


@dataclass
class Part:
    config: str  # default | raw
    split: str
    rows: int = 0
    nbytes: int = 0
    paths: list[Path] = field(default_factory=list)
    features: Any = None


def _for_version(batch: pa.Table, prefixes: list[str]) -> pa.Table:
    from pagevet.engines.ray_run import to_arrow as plain_arrow
    from pagevet.store.safety import relative_paths

    frame = pl.from_arrow(batch)
    return plain_arrow(relative_paths(frame.drop("_file_index"), prefixes))


def _part_frame(block: pa.Table, config: str, split: str) -> pl.DataFrame:
    from pagevet.store.clean import clean_pages

    table = PageTable(pl.from_arrow(block))
    if config == "raw":
        return table.raw()
    default = table.default()
    if config == "clean":
        default = clean_pages(default)
    return default.filter(pl.col("split") == split)


def _block_rows(block: pa.Table, parts: list[tuple[str, str]]) -> list[int]:
    if block.num_rows == 0:
        return [0] * len(parts)
    return [_part_frame(block, c, s).height for c, s in parts]


def _gather(pieces: list[tuple[Any, int, int]], config: str, split: str) -> pl.DataFrame:
    """Rows [start, stop) of the part in each given block, concatenated in order."""
    import ray

    frames = []
    for ref, start, stop in pieces:
        block = ray.get(ref)
        frames.append(_part_frame(block, config, split).slice(start, stop - start))
    return pl.concat(frames, how="vertical_relaxed")


def _block_nbytes(pieces: list[tuple[Any, int, int]], config: str, split: str) -> int:
    table, _ = to_arrow(_gather(pieces, config, split))
    return part_size(table)


def _block_counts(block: pa.Table) -> _Counts:
    counts = _Counts()
    if block.num_rows:
        counts.add(pl.from_arrow(block))
    return counts


def _suite_block(block: pa.Table, columns: list[str] | None, path: str, schema: Any) -> str | None:
    """The block's readable pages' suite columns written to `path` (cast to `schema`, the
    first block's), or None when it has none (`schema` None: write even an empty block)."""
    frame = pl.from_arrow(block)
    if schema is not None and not frame.filter(pl.col("read_error").is_null()).height:
        return None
    writer = _write_suite_columns(None, frame, columns, Path(path))
    writer.close()
    if schema is not None:
        table = pq.read_table(path)
        if table.schema != schema:
            pq.write_table(table.cast(schema), path, compression="lz4")
    return path


def _write_shard(
    pieces: list[tuple[Any, int, int]], config: str, split: str, path: str
) -> tuple[str, Any]:
    table, features = to_arrow(_gather(pieces, config, split))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with pq.ParquetWriter(path, table.schema, compression="zstd", write_statistics=True) as out:
        for start in range(0, table.num_rows, ROW_GROUP):
            chunk = table.slice(start, ROW_GROUP).combine_chunks()
            out.write_table(chunk, row_group_size=ROW_GROUP)
    return path, features


def _pieces(
    offsets: list[int], refs: list[Any], counts: list[int], start: int, stop: int
) -> list[tuple[Any, int, int]]:
    """The (block, first row, last row + 1) pieces holding rows [start, stop) of a part whose
    block i holds `counts[i]` rows from `offsets[i]`."""
    out = []
    for ref, offset, n in zip(refs, offsets, counts, strict=True):
        lo, hi = max(start, offset), min(stop, offset + n)
        if lo < hi:
            out.append((ref, lo - offset, hi - offset))
    return out


def write_version_distributed(
    run: Any,
    folder: Path,
    splits: list[str],
    max_shard_bytes: int,
    gx_columns: list[str] | None,
    prefixes: list[str],
    suite_folder: Path | None = None,
) -> WrittenVersion:
    """`store.stream.write_version_files` for a Ray run: the version's Parquet files under
    `folder`, and (with `suite_folder`) the suites' columns there, all written by the
    workers; the driver gets the parts, the counts and the schemas."""
    import ray

    from pagevet.engines.ray_run import Stage

    def stage(name: str, rows: int) -> None:
        nonlocal start
        run.stages.append(Stage(name, pages, rows, time.perf_counter() - start))
        start = time.perf_counter()

    start, pages = time.perf_counter(), run.count()
    refs = _sorted_refs(run, prefixes)
    stage("version: sort by id", len(refs))
    parts = _write_parts(refs, folder, splits, max_shard_bytes)
    stage("version: shards written", sum(len(p.paths) for p in parts))
    counts = _Counts()
    for block in ray.get([ray.remote(_block_counts).remote(ref) for ref in refs]):
        counts.merge(block)
    names = [c for c in run.pages.columns() if c != "_file_index"]
    empty = pl.DataFrame(schema={c: pl.String for c in names})
    suite_files: list[Path] = []
    if suite_folder is not None and refs:
        suite_folder.mkdir(parents=True, exist_ok=True)
        task = ray.remote(_suite_block)
        first = ray.get(task.remote(refs[0], gx_columns, str(suite_folder / "00000.parquet"), None))
        schema = pq.read_schema(first)
        paths = ray.get(
            [
                task.remote(ref, gx_columns, str(suite_folder / f"{i:05d}.parquet"), schema)
                for i, ref in enumerate(refs[1:], start=1)
            ]
        )
        suite_files = [Path(first), *(Path(p) for p in paths if p)]
    stage("version: counts, suite columns", len(suite_files))
    features = {
        name: next((p.features for p in parts if p.config == name), None)
        for name in ("default", "clean", "raw")
    }
    if refs and any(f is None for f in features.values()):  # an empty part has a schema
        schemas = ray.get(ray.remote(_empty_features).remote(refs[0]))
        features = {k: v or schemas[k] for k, v in features.items()}
    return WrittenVersion(
        parts=parts,  # type: ignore[arg-type]
        features=features,
        counts=counts.result(),
        suite_files=suite_files,
        default_columns=_default_columns(empty),
    )


def _empty_features(block: pa.Table) -> dict[str, Any]:
    from pagevet.store.clean import clean_pages

    empty = pl.from_arrow(block).head(0)
    default = PageTable(empty).default()
    return {
        "raw": to_arrow(PageTable(empty).raw())[1],
        "default": to_arrow(default)[1],
        "clean": to_arrow(clean_pages(default))[1],
    }


def _sorted_refs(run: Any, prefixes: list[str]) -> list[Any]:
    ordered = run.pages.map_batches(
        _for_version, batch_format="pyarrow", fn_kwargs={"prefixes": prefixes}
    )
    return ordered.sort("id").materialize().to_arrow_refs()


def write_version_shards(
    run: Any, folder: Path, splits: list[str], max_shard_bytes: int, prefixes: list[str]
) -> list[Part]:
    """Write `data/` (default config, per split), `clean/` (clean config, per split) and `raw/`
    under `folder` from `run`'s finished pages on the Ray workers; return each written part
    (rows, size, files)."""
    return _write_parts(_sorted_refs(run, prefixes), folder, splits, max_shard_bytes)


def _write_parts(
    refs: list[Any], folder: Path, splits: list[str], max_shard_bytes: int
) -> list[Part]:
    import ray

    keys = [
        ("raw", "train"),
        *(("default", s) for s in splits),
        *(("clean", s) for s in splits),
    ]
    rows_task = ray.remote(_block_rows)
    per_block = ray.get([rows_task.remote(ref, keys) for ref in refs])
    nbytes_task, write_task = ray.remote(_block_nbytes), ray.remote(_write_shard)
    parts = []
    for k, (config, split) in enumerate(keys):
        counts = [rows[k] for rows in per_block]
        offsets = [sum(counts[:i]) for i in range(len(counts))]
        part = Part(config, split, rows=sum(counts))
        if not part.rows:
            continue
        sizes = [
            nbytes_task.remote(
                _pieces(offsets, refs, counts, s, min(s + ROW_GROUP, part.rows)), config, split
            )
            for s in range(0, part.rows, ROW_GROUP)
        ]
        part.nbytes = sum(ray.get(sizes))
        shards = max(1, min(math.ceil(part.nbytes / max_shard_bytes), part.rows))
        name = CONFIG_FOLDERS[config]
        written = []
        for i in range(shards):
            start, stop = i * part.rows // shards, (i + 1) * part.rows // shards
            path = folder / name / f"{split}-{i:05d}-of-{shards:05d}.parquet"
            pieces = _pieces(offsets, refs, counts, start, stop)
            written.append(write_task.remote(pieces, config, split, str(path)))
        for path, features in ray.get(written):
            part.paths.append(Path(path))
            part.features = part.features or features
        parts.append(part)
    return parts
