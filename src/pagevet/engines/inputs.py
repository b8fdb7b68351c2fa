"""Input files for engines that read on other machines: local paths, or URLs of any pyarrow
filesystem (`file://`, `s3://`, `gs://`, `hdfs://`, `abfs://`).

A `file://` URL is its local path (the same pages, the same `path` column as the path given
directly). A remote folder is listed through pyarrow (recursively, in name order, page
suffixes only, hidden names skipped); each worker copies its file to a private temporary
folder, reads it with the ordinary readers, and records the URL as the page's `path`.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pyarrow as pa

from pagevet.errors import PagevetError
from pagevet.faults import fault_point


@dataclass(frozen=True)
class InputFile:
    path: str  # a local path, or a remote URL
    root: str | None = None  # the folder a local file was found in
    remote: bool = False


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
        yield from read_file_pages(Path(item.path), root, batch_size)
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


FILE_INDEX = "_file_index"


def read_and_step(batch: pa.Table, step: Callable[[pa.RecordBatch], pa.Table]) -> pa.Table:
    """One Ray batch of listed files -> `step` over their raw pages, tagged with each file's
    position."""
    fault_point("ray-task")  # tests: a worker dies mid-run and Ray retries its task
    tables = []
    for row in batch.to_pylist():
        item = InputFile(row["path"], row["root"], row["remote"])
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
