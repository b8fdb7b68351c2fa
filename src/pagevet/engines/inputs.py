"""Input files for engines that read on other machines: local paths, or URLs of any pyarrow
filesystem (`file://`, `s3://`, `gs://`, `hdfs://`, `abfs://`).

A `file://` URL is its local path (the same pages, the same `path` column as the path given
directly). A remote folder is listed through pyarrow (recursively, in name order, page
suffixes only, hidden names skipped); each worker copies its file to a private temporary
folder, reads it with the ordinary readers, and records the URL as the page's `path`.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pyarrow as pa

from pagevet.errors import PagevetError
from pagevet.faults import fault_point

FILE_INDEX = "_file_index"
# A local uncompressed JSONL or Parquet file above this size is read as several ranges, by
# several workers (`split_large`).
RANGE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class InputFile:
    path: str  # a local path, or a remote URL
    root: str | None = None  # the folder a local file was found in
    remote: bool = False
    # a range of a large file: the reader's keyword arguments (`read_file_pages`' `part`)
    part: tuple[tuple[str, int], ...] | None = None

    def item(self, index: int) -> dict[str, object]:
        """This input as a row of Ray Data items (`FILE_INDEX` orders the pages)."""
        return {
            FILE_INDEX: index,
            "path": self.path,
            "root": self.root,
            "remote": self.remote,
            "part": json.dumps(dict(self.part)) if self.part else None,
        }


def split_large(
    files: Iterable[InputFile],
    count_ranges: Callable[[list[tuple[str, int, int]]], list[tuple[int, int]]],
    range_bytes: int | None = None,
) -> Iterator[InputFile]:
    """Each input, with every local uncompressed JSONL file and Parquet file over
    `range_bytes` (default `RANGE_BYTES`) cut into ranges that different workers read, in
    order: JSONL by byte range at line starts, Parquet by row groups. Each range's first
    line and record numbers come from the ranges before it: Parquet's from the footer,
    JSONL's from `count_ranges` (path, start, stop) -> (lines, records), which the caller
    runs where the data is (Ray tasks), so the pages and their `record`s are the whole
    file's."""
    from pagevet.sources.jsonl import jsonl_ranges
    from pagevet.sources.parquet import parquet_ranges

    limit = range_bytes or RANGE_BYTES
    pending: list[tuple[InputFile, list[tuple[int, int]]]] = []
    for f in files:
        path = Path(f.path)
        name = path.name.lower()
        big = not f.remote and path.is_file() and path.stat().st_size > limit
        if big and name.endswith(".jsonl"):
            pending.append((f, jsonl_ranges(path, limit)))
            continue
        if big and name.endswith(".parquet"):
            ranges = parquet_ranges(path, limit)
            if len(ranges) > 1:
                for start, stop, before in ranges:
                    part = (("start", start), ("stop", stop), ("index", before))
                    pending.append((InputFile(f.path, f.root, part=part), []))
                continue
        pending.append((f, []))
    spans = [(p.path, a, b) for p, ranges in pending for a, b in ranges if len(ranges) > 1]
    counted = iter(count_ranges(spans) if spans else [])
    for f, ranges in pending:
        if len(ranges) <= 1:
            yield f
            continue
        lines = records = 0
        for start, stop in ranges:
            part = (("start", start), ("stop", stop), ("line_number", lines), ("index", records))
            yield InputFile(f.path, f.root, part=part)
            more_lines, more_records = next(counted)
            lines, records = lines + more_lines, records + more_records


def count_jsonl_spans(spans: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """`count_jsonl_range` over each (path, start, stop), in this process."""
    from pagevet.sources.jsonl import count_jsonl_range

    return [count_jsonl_range(Path(p), a, b) for p, a, b in spans]


def count_on_ray(spans: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """`count_jsonl_range` over each (path, start, stop), one Ray task each (connected)."""
    import ray

    from pagevet.sources.jsonl import count_jsonl_range

    task = ray.remote(count_jsonl_range)
    return ray.get([task.remote(Path(p), a, b) for p, a, b in spans])


def ray_items(paths: Iterable[str | Path]) -> list[dict[str, object]]:
    """The Ray Data items of every input (large files cut into ranges), in reading order."""
    return [f.item(i) for i, f in enumerate(split_large(list_inputs(paths), count_on_ray))]


def is_url(path: str | Path) -> bool:
    return isinstance(path, str) and "://" in path


def list_inputs(paths: Iterable[str | Path]) -> Iterator[InputFile]:
    """Every file to read, in the order the local engine reads them."""
    from pagevet.sources.reader import input_files

    for given in paths:
        if not is_url(given):
            for path, root in input_files([given]):
                yield InputFile(str(path), str(root) if root else None)
            continue
        fs, where = _filesystem(str(given))
        if isinstance(fs, pa.fs.LocalFileSystem):
            for path, root in input_files([where]):
                yield InputFile(str(path), str(root) if root else None)
            continue
        yield from _remote_files(str(given), fs, where)


def _filesystem(url: str) -> tuple[pa.fs.FileSystem, str]:
    import pyarrow.fs  # noqa: F401  (pa.fs)

    try:
        return pa.fs.FileSystem.from_uri(url)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError) as error:
        raise PagevetError(
            f"{url}: not a path or filesystem URL pyarrow can read ({error})"
        ) from None


def _remote_files(url: str, fs: pa.fs.FileSystem, where: str) -> Iterator[InputFile]:
    from pagevet.sources.reader import SIDECAR_NAMES, page_format

    info = fs.get_file_info(where)
    if info.type == pa.fs.FileType.NotFound:
        raise PagevetError(f"{url}: no such file or folder")
    if info.type == pa.fs.FileType.File:
        yield InputFile(url, None, remote=True)
        return
    base = url.rstrip("/")
    listed = fs.get_file_info(pa.fs.FileSelector(where, recursive=True))
    for entry in sorted(listed, key=lambda e: PurePosixPath(e.path).parts):
        rel = PurePosixPath(entry.path).relative_to(PurePosixPath(where))
        if entry.type != pa.fs.FileType.File or any(p.startswith(".") for p in rel.parts):
            continue
        if page_format(Path(rel.name)) and rel.name.lower() not in SIDECAR_NAMES:
            yield InputFile(f"{base}/{rel.as_posix()}", None, remote=True)


def read_input(item: InputFile, batch_size: int = 256) -> Iterator[pa.RecordBatch]:
    """The raw-page batches of one listed file, read where this runs."""
    from pagevet.sources.reader import read_file_pages

    if not item.remote:
        root = Path(item.root) if item.root else None
        part = dict(item.part) if item.part else None
        yield from read_file_pages(Path(item.path), root, batch_size, part)
        return
    fs, where = _filesystem(item.path)
    folder = Path(tempfile.mkdtemp(prefix="pagevet-input-"))
    try:
        local = folder / PurePosixPath(where).name
        with fs.open_input_stream(where) as source, local.open("wb") as sink:
            shutil.copyfileobj(source, sink, 1024 * 1024)
        for batch in read_file_pages(local, None, batch_size):
            index = batch.schema.get_field_index("path")
            yield batch.set_column(index, "path", pa.array([item.path] * batch.num_rows))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def read_and_step(batch: pa.Table, step: Callable[[pa.RecordBatch], pa.Table]) -> pa.Table:
    """One Ray batch of listed files -> `step` over their raw pages, tagged with each file's
    position."""
    fault_point("ray-task")  # tests: a worker dies mid-run and Ray retries its task
    tables = []
    for row in batch.to_pylist():
        part = row.get("part")
        item = InputFile(
            row["path"],
            row["root"],
            row["remote"],
            tuple(json.loads(part).items()) if part else None,
        )
        for raw in read_input(item):
            done = step(raw)
            tables.append(
                done.append_column(
                    FILE_INDEX, pa.array([row[FILE_INDEX]] * done.num_rows, pa.int64())
                )
            )
    if not tables:
        return pa.table({FILE_INDEX: pa.array([], pa.int64())})
    return pa.concat_tables(tables)
