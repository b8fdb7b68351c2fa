"""Parquet exports: one page per row, streamed batch by batch with pyarrow."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pagevet.sources.files import read_failure
from pagevet.sources.page import PageRow, id_from_file_name, sha256_hex
from pagevet.sources.records import RECORD_FIELDS, record_row

# Rows decoded to Python at a time: bounds memory whatever the file's row-group size.
_ROWS_PER_READ = 1024


def read_parquet_file(
    path: Path, start: int | None = None, stop: int | None = None, index: int = 0
) -> Iterator[PageRow]:
    """Page rows in row order; only the known record fields are read. `sha256`/`bytes` are of the
    row's canonical JSON (those fields, sorted keys, UTF-8, compact separators), since a Parquet
    row has no bytes of its own. A damaged file ends with one error row.

    With `start`/`stop`: row groups [start, stop) only (`parquet_ranges`), numbered from
    `index`, the rows in the groups before."""
    name = str(path)
    try:
        parquet = pq.ParquetFile(path)
        columns = [field for field in RECORD_FIELDS if field in parquet.schema_arrow.names]
        groups = None if start is None else list(range(start, stop or parquet.num_row_groups))
        batches = parquet.iter_batches(
            batch_size=_ROWS_PER_READ, columns=columns, row_groups=groups
        )
    except (OSError, pa.ArrowException) as error:
        yield PageRow.failed(id_from_file_name(path), name, "parquet", _reason(error), b"")
        return
    while True:
        try:
            batch = next(batches, None)
        except (OSError, pa.ArrowException) as error:
            reason = f"after row {index}: {_reason(error)}"
            yield PageRow.failed(
                id_from_file_name(path), name, "parquet", reason, b"", record=index
            )
            return
        if batch is None:
            break
        # With none of the known columns, rows still come back as {} and get a "no text" error.
        for record in batch.to_pylist():
            canonical = json.dumps(
                record, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
            ).encode("utf-8")
            yield record_row(
                record,
                page_format="parquet",
                path=name,
                index=index,
                offset=None,
                where=f"row {index}",
                digest=sha256_hex(canonical),
                size=len(canonical),
            )
            index += 1


def parquet_ranges(path: Path, range_bytes: int) -> list[tuple[int, int, int]]:
    """(first row group, last + 1, rows before) ranges of about `range_bytes` (compressed)
    covering a Parquet file; one range for a file that cannot be read (its reader reports it)."""
    try:
        meta = pq.ParquetFile(path).metadata
    except (OSError, pa.ArrowException):
        return [(0, 0, 0)]
    ranges: list[tuple[int, int, int]] = []
    first, size, rows, before = 0, 0, 0, 0
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        size += sum(group.column(c).total_compressed_size for c in range(group.num_columns))
        rows += group.num_rows
        if size >= range_bytes or g == meta.num_row_groups - 1:
            ranges.append((first, g + 1, before))
            first, size, before = g + 1, 0, before + rows
            rows = 0
    return ranges or [(0, 0, 0)]


def _reason(error: BaseException) -> str:
    if isinstance(error, pa.ArrowException):
        return f"corrupt parquet: {error}"
    return read_failure(error)
