"""A version's Parquet shards written by Ray workers from a distributed run
(`engines.ray_run.RayRun`), byte-identical to the local writer's, with only small metadata on
the driver.

    finished pages ─ map_batches: paths made relative ─ sort("id") (distributed) ─▶ blocks
      ─ one task per block: rows per (config, split)                 ─▶ counts (driver)
      ─ one task per 10,000-row block of a part: its Arrow size       ─▶ sizes (driver)
      ─ shards per part from the sizes; one task per shard: gather the shard's rows from the
        blocks that hold them, write `<split>-0000i-of-0000n.parquet` (zstd, 10,000-row row
        groups from the shard's start, statistics) ─▶ the files

A part's size (which decides the number of shards) is summed over its 10,000-row blocks, as
`store/stream.py` sums it. The folder must be reachable from every node (a shared mount).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from pagevet.pipeline import PageTable
from pagevet.store.stream import CONFIG_FOLDERS
from pagevet.store.tables import to_arrow

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
    return table.combine_chunks().nbytes


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


def write_version_shards(
    run: Any, folder: Path, splits: list[str], max_shard_bytes: int, prefixes: list[str]
) -> list[Part]:
    """Write `data/` (default config, per split), `clean/` (clean config, per split) and `raw/`
    under `folder` from `run`'s finished pages on the Ray workers; return each written part
    (rows, size, files)."""
    import ray

    ordered = run.pages.map_batches(
        _for_version, batch_format="pyarrow", fn_kwargs={"prefixes": prefixes}
    )
    refs = ordered.sort("id").materialize().to_arrow_refs()
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
