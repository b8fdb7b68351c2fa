"""Find the page files under the given paths and stream them as RAW_SCHEMA record batches."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyarrow as pa

from pagevet.errors import PagevetError
from pagevet.sources.decode import COMBINING_FLOOD, MAX_COMBINING_RUN
from pagevet.sources.html import read_html_file
from pagevet.sources.jsonl import read_jsonl_file
from pagevet.sources.limits import clean_string, cut_text, display_path, refusal
from pagevet.sources.page import PageRow, id_from_file_name
from pagevet.sources.parquet import read_parquet_file
from pagevet.sources.schema import RAW_SCHEMA
from pagevet.sources.text import read_text_file
from pagevet.sources.warc import read_warc_file

# A folder contributes exactly the files whose name ends in one of these (case-insensitive).
PAGE_SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".txt.gz": "text",
    ".html": "html",
    ".htm": "html",
    ".html.gz": "html",
    ".htm.gz": "html",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".jsonl": "jsonl",
    ".jsonl.gz": "jsonl",
    ".parquet": "parquet",
}
# Longest first, so ".txt.gz" wins over ".gz"-less matches.
_SUFFIXES_LONGEST_FIRST = sorted(PAGE_SUFFIXES, key=len, reverse=True)
# Files a dataset folder keeps beside its pages in a page format but which are not pages.
SIDECAR_NAMES = frozenset({"labels.jsonl", "labels.jsonl.gz"})

_READERS: dict[str, Callable[..., Iterable[PageRow]]] = {
    "text": lambda path: (read_text_file(path),),
    "html": lambda path: (read_html_file(path),),
    "warc": read_warc_file,
    "jsonl": read_jsonl_file,
    "parquet": read_parquet_file,
}


def page_format(path: Path) -> str | None:
    """The format a file name says ("text", "html", "warc", "jsonl", "parquet"), or None."""
    name = path.name.lower()
    for suffix in _SUFFIXES_LONGEST_FIRST:
        if name.endswith(suffix):
            return PAGE_SUFFIXES[suffix]
    return None


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files to read, in a deterministic order. A file is taken as given; a folder is walked
    recursively in name order, keeping files with a page suffix (PAGE_SUFFIXES) and skipping
    hidden files and folders, sidecars such as `labels.jsonl`, and symlinked folders (no cycles).
    Files that must not be opened (FIFOs, devices, symlink loops, symlinks out of the folder)
    are listed too: the reader turns each into an error row instead of opening it.
    Raises PagevetError for a path that does not exist or a folder that cannot be listed."""
    return (path for path, _root in _inputs(paths))


def require_page_files(paths: Iterable[str | Path]) -> None:
    """Raise PagevetError when none of `paths` holds a page file (an empty folder, one of
    only .csv/.json files), so "0 pages, ok" is never reported for a wrong path."""
    given = [Path(p) for p in paths]
    if next(iter_input_files(given), None) is not None:
        return
    where = ", ".join(display_path(p) for p in given)
    kinds = ", ".join(dict.fromkeys(s for s in PAGE_SUFFIXES if not s.endswith(".gz")))
    raise PagevetError(
        f"no page files under {where} (pagevet reads {kinds} and their .gz): check the path, "
        "or rename the files to a page suffix"
    )


def _inputs(paths: Iterable[str | Path]) -> Iterator[tuple[Path, Path | None]]:
    """(file, the folder it was found in as given, or None for a file given by name)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from ((found, path) for found in _walk(path))
        elif path.exists() or path.is_symlink():
            yield path, None
        else:
            raise PagevetError(
                f"{display_path(path)}: no such file or folder; check the path (it is read as given)"
            )


def read_pages(paths: Iterable[str | Path], batch_size: int = 256) -> Iterator[pa.RecordBatch]:
    """Every page under `paths` as record batches of at most `batch_size` rows with exactly
    RAW_SCHEMA. Files and records are streamed, so memory stays bounded by one batch plus one
    page. Unreadable input never raises: it becomes a row whose `error` names the file and the
    reason. A file given explicitly with an unknown suffix is read as a text page."""
    if batch_size < 1:
        raise PagevetError(f"batch_size={batch_size}: must be at least 1")
    given = list(paths)
    for path in map(Path, given):
        if not path.exists() and not path.is_symlink():
            raise PagevetError(
                f"{display_path(path)}: no such file or folder; check the path (it is read as given)"
            )
    return _batches(given, batch_size)


def input_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, Path | None]]:
    """`iter_input_files` with the folder each file was found in (None for a file given by
    name), for readers that read the files one by one elsewhere (`read_file_pages`)."""
    return _inputs(paths)


def read_file_pages(
    path: Path, root: Path | None, batch_size: int = 256, part: dict[str, int] | None = None
) -> Iterator[pa.RecordBatch]:
    """The pages of one file listed by `input_files`, as `read_pages` reads them; with `part`,
    only that range of a large JSONL or Parquet file (`engines.inputs.split_large`)."""
    rows: list[PageRow] = []
    for row in _read_file(path, root, part):
        rows.append(_within_limits(row))
        if len(rows) == batch_size:
            yield _to_batch(rows)
            rows = []
    if rows:
        yield _to_batch(rows)


def _batches(paths: list[str | Path], batch_size: int) -> Iterator[pa.RecordBatch]:
    rows: list[PageRow] = []
    for path, root in _inputs(paths):
        for row in _read_file(path, root):
            rows.append(_within_limits(row))
            if len(rows) == batch_size:
                yield _to_batch(rows)
                rows = []
    if rows:
        yield _to_batch(rows)


def _read_file(
    path: Path, root: Path | None, part: dict[str, int] | None = None
) -> Iterable[PageRow]:
    fmt = page_format(path) or "text"
    if reason := refusal(path, root):
        if part and (part.get("start") or part.get("line_number")):
            return ()  # the file's first range reports it, once
        return (PageRow.failed(id_from_file_name(path), str(path), fmt, reason, b""),)
    return _READERS[fmt](path, **part) if part else _READERS[fmt](path)


def _within_limits(row: PageRow) -> PageRow:
    """Valid Unicode in every string column, and the text cut to what the parser is given."""
    for name in ("id", "path", "url", "title", "author", "source", "text", "raw", "error"):
        value = getattr(row, name)
        if value:
            setattr(row, name, clean_string(value))
    row.text, cut = cut_text(row.text)
    if cut:
        row.note(cut)
    if COMBINING_FLOOD.search(row.raw):
        row.note(
            f"runs of more than {MAX_COMBINING_RUN} combining marks cut to {MAX_COMBINING_RUN} "
            "(the raw config keeps them)"
        )
    return row


def _to_batch(rows: list[PageRow]) -> pa.RecordBatch:
    columns = {name: [getattr(row, name) for row in rows] for name in RAW_SCHEMA.names}
    return pa.RecordBatch.from_pydict(columns, schema=RAW_SCHEMA)


def _walk(folder: Path) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        raise PagevetError(
            f"{display_path(folder)}: cannot list folder ({error.strerror}); make it readable "
            "or leave it out"
        ) from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_folder = False
        if is_folder:
            yield from _walk(path)
        # Symlinks, FIFOs and devices named like pages are listed: reading them gives a finding.
        elif page_format(path) and entry.name.lower() not in SIDECAR_NAMES:
            yield path
