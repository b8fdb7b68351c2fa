"""A version's tables as Arrow with `datasets.Features` schemas, and the deterministic
Parquet writer."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq


def to_arrow(frame: pl.DataFrame):
    """Polars writes large_string, which hides `datasets.Features`: cast to the Features'
    own Arrow schema (with its `huggingface` metadata)."""
    import datasets

    table = frame.to_arrow()
    small = pa.schema([pa.field(f.name, _small_types(f.type), nullable=True) for f in table.schema])
    features = datasets.Features.from_arrow_schema(small)
    return table.cast(features.arrow_schema), features


def _small_types(t: pa.DataType) -> pa.DataType:
    if pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return pa.string()
    if pa.types.is_large_list(t) or pa.types.is_list_view(t) or pa.types.is_list(t):
        return pa.list_(_small_types(t.value_type))
    if pa.types.is_struct(t):
        return pa.struct([pa.field(f.name, _small_types(f.type)) for f in t])
    return t


def arrow_size(table: pa.Table) -> int:
    """The bytes of `table`'s data as Arrow IPC writes it (record batches, without the schema):
    a function of the values and the types only. `Table.nbytes` also counts what the
    in-memory layout happens to hold (a validity bitmap of a column without nulls, chunk
    boundaries), which differs between a table built by the local writer and the same rows
    gathered on Ray workers; this decides the number of shards and the card's `num_bytes`,
    so it must not."""
    # rebuilt by a filter that keeps every row: a column read back from Parquet or converted
    # from polars may keep bytes behind its nulls, which IPC would write
    table = table.filter(pa.array(np.ones(table.num_rows, dtype=bool)))
    sink = pa.MockOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        schema_only = sink.size()
        writer.write_table(table.combine_chunks())
    return sink.size() - schema_only


ROW_GROUP = 10_000


def part_size(table: pa.Table) -> int:
    """A version part's size (the card's `num_bytes`, and what decides its number of
    shards): `arrow_size` summed over its 10,000-row blocks, so a writer that sees the part
    a block at a time (`store.stream`, `store.ray_shards`) gets the whole table's figure."""
    return sum(arrow_size(table.slice(i, ROW_GROUP)) for i in range(0, table.num_rows, ROW_GROUP))


def write_shards(table: pa.Table, folder: Path, split: str, max_shard_bytes: int) -> list[Path]:
    """`<split>-0000i-of-0000n.parquet` files, zstd, at most ~max_shard_bytes of Arrow data each."""
    shards = max(1, min(math.ceil(part_size(table) / max_shard_bytes), table.num_rows))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(shards):
        # near-equal row ranges, none empty (an empty shard breaks datasets' Parquet reader)
        start, stop = i * table.num_rows // shards, (i + 1) * table.num_rows // shards
        part = table.slice(start, stop - start)
        path = folder / f"{split}-{i:05d}-of-{shards:05d}.parquet"
        pq.write_table(
            part, path, compression="zstd", row_group_size=ROW_GROUP, write_statistics=True
        )
        paths.append(path)
    return paths
