"""The parse cache: a rebuild parses only the pages whose bytes changed.

A page's parsed row (PAGE_SCHEMA, what `pipeline.ParseStep` returns) depends only on its raw
row — its bytes (sha256), path and record number — and on the parser: pagevet's readers,
text and page code and data files, the marker lexicons and the libraries they call. The
cache keeps the parsed rows of the last run under a fingerprint of all of that; a row is
reused when its sha256, path and record are the same and the fingerprint still matches.
Rules are never cached: corpus passes and every rule run again on every page, so findings
always reflect the whole corpus as it is now.

Layout, in `DATASET/.pagevet-cache/`:

    parsed/FINGERPRINT            the parser fingerprint the rows were made with
    parsed/part-000000.parquet    parsed rows, one file per reader batch, in input order
    .parsed-writing/              this run's rows, renamed to `parsed/` by `commit()`

This run's rows are written batch by batch while it goes and replace the previous ones only
when the run finished, so a failed or killed run leaves the old cache usable. Memory holds a
key index of 16 bytes per cached page (a 64-bit key hash, file and row numbers, as numpy
arrays) and at most two cached files — never the cached pages.
"""

from __future__ import annotations

import collections
import hashlib
import shutil
from collections import OrderedDict
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

import pagevet

CACHE_FOLDER = ".pagevet-cache"
# What a parsed row is made by: these parts of pagevet (every file under them) ...
_PARSER_PARTS = ("sources", "text", "pages", "data", "pipeline.py")
# ... and the libraries they call.
_PARSER_LIBRARIES = (
    "polars", "pyarrow", "trafilatura", "warcio", "charset-normalizer", "py3langid", "anyascii",
)  # fmt: skip
# a page's parse also depends on the crawl's site-line counts of its lines (see
# `pages.sitelines`): `_site` is a digest of them, so a page whose template lines changed
# is parsed again
_KEY_COLUMNS = ["path", "record", "sha256", "_site"]


def code_digest(digest: Any, parts: tuple[str, ...]) -> None:
    """Update `digest` with the name and bytes of every file of pagevet's `parts` (folders
    or files of the package; compiled files left out)."""
    root = Path(pagevet.__file__).parent
    for part in parts:
        top = root / part
        files = [top] if top.is_file() else sorted(top.rglob("*"))
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())


def parser_fingerprint(marker_files: tuple[str, ...] | list[str] = ()) -> str:
    """sha256 over pagevet's version, the parser's code and data files, the libraries'
    versions and the marker lexicons: any change gives a new fingerprint (and a cold cache)."""
    digest = hashlib.sha256(f"pagevet {pagevet.__version__}\n".encode())
    code_digest(digest, _PARSER_PARTS)
    for name in _PARSER_LIBRARIES:
        try:
            digest.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} -\n".encode())
    for marker in marker_files:
        # a missing lexicon is reported by the parser that loads it
        path = Path(marker)
        digest.update(b"markers\0" + (path.read_bytes() if path.is_file() else str(path).encode()))
    return digest.hexdigest()


def _key_hashes(batch: pa.RecordBatch | pa.Table) -> tuple[np.ndarray, list[tuple]]:
    """A 64-bit hash of each row's (path, record, sha256), and the keys themselves."""
    keys = list(zip(*(batch[c].to_pylist() for c in _KEY_COLUMNS), strict=True))
    hashes = np.fromiter(
        (
            int.from_bytes(
                hashlib.blake2b(repr(key).encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                "little",
            )
            for key in keys
        ),
        dtype=np.uint64,
        count=len(keys),
    )
    return hashes, keys


@dataclass
class Plan:
    """Where each row of a reader batch comes from: the rows to parse and the cached rows."""

    rows: int
    parse: list[int]  # positions in the batch of the rows to parse, in order
    cached: list[tuple[int, int, int]]  # (position in the batch, cache file, row in the file)
    site: pa.Array | None = None  # each row's site-line digest (`_site`)


class CacheFolder:
    """One cache of a build's rows in `folder`/NAME/ (`part-NNNNNN.parquet` files and the
    FINGERPRINT they were made under) and this run's being written in `.NAME-writing/`,
    which `commit()` makes the cache. The previous run's files are used only when their
    fingerprint is `fingerprint` and `reuse` is true; at most two are held in memory."""

    name = ""

    def __init__(self, folder: str | Path, fingerprint: str, *, reuse: bool = True) -> None:
        self.folder = Path(folder)
        self.fingerprint = fingerprint
        self._old = self.folder / self.name
        self._new = self.folder / f".{self.name}-writing"
        self._loaded: OrderedDict[int, Any] = OrderedDict()
        self.hits = 0
        self.misses = 0
        self._written = 0
        stamp = self._old / "FINGERPRINT"
        warm = reuse and stamp.is_file() and stamp.read_text("utf-8").strip() == fingerprint
        self._files: list[Path] = sorted(self._old.glob("part-*.parquet")) if warm else []
        shutil.rmtree(self._new, ignore_errors=True)

    def _read(self, path: Path) -> Any:
        return pq.read_table(path)

    def _file(self, n: int) -> Any:
        if n in self._loaded:
            self._loaded.move_to_end(n)
        else:
            self._loaded[n] = self._read(self._files[n])
            while len(self._loaded) > 2:
                self._loaded.popitem(last=False)
        return self._loaded[n]

    def _next_part(self) -> Path:
        """Where this run's next file goes."""
        self._new.mkdir(parents=True, exist_ok=True)
        path = self._new / f"part-{self._written:06d}.parquet"
        self._written += 1
        return path

    def discard(self) -> None:
        """Drop this run's rows (a run that stopped before the end): the cache stays the
        previous run's."""
        shutil.rmtree(self._new, ignore_errors=True)
        self._written = 0

    def commit(self) -> None:
        """This run's rows become the cache (called once the run has read every page)."""
        self._new.mkdir(parents=True, exist_ok=True)
        (self._new / "FINGERPRINT").write_text(self.fingerprint + "\n", "utf-8")
        shutil.rmtree(self._old, ignore_errors=True)
        self._new.rename(self._old)
        self._loaded.clear()


class ParseCache(CacheFolder):
    """Parsed rows of the previous run in `folder`, and the rows of this run being written.

    `reuse=False` (a full build) looks nothing up but still records this run's rows, so the
    next build is incremental again."""

    name = "parsed"

    def __init__(self, folder: str | Path, fingerprint: str, *, reuse: bool = True) -> None:
        super().__init__(folder, fingerprint, reuse=reuse)
        hashes, files, rows = [], [], []
        for n, path in enumerate(self._files):
            h, _ = _key_hashes(pq.read_table(path, columns=_KEY_COLUMNS))
            hashes.append(h)
            files.append(np.full(len(h), n, dtype=np.int32))
            rows.append(np.arange(len(h), dtype=np.int32))
        keys = np.concatenate(hashes) if hashes else np.empty(0, np.uint64)
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._file_of = np.concatenate(files)[order] if files else np.empty(0, np.int32)
        self._row_of = np.concatenate(rows)[order] if rows else np.empty(0, np.int32)

    @property
    def warm(self) -> bool:
        """Whether the previous run's rows can be reused (most pages will not be parsed)."""
        return len(self._keys) > 0

    def plan(
        self, batch: pa.RecordBatch, site_lines: Any = None, lines: pa.Table | None = None
    ) -> tuple[pa.RecordBatch, Plan]:
        """The rows of `batch` to parse (those the cache lacks), and the plan `fill` needs.
        `site_lines`: the crawl's site-line counts the parse step reads (or None); `lines`:
        the batch's `pages.sitelines.page_lines` when the first pass kept them."""
        site = pa.array(site_digests(batch, site_lines, lines), pa.uint64())
        hashes, keys = _key_hashes(pa.Table.from_batches([batch]).append_column("_site", site))
        at = np.searchsorted(self._keys, hashes)
        parse: list[int] = []
        cached: list[tuple[int, int, int]] = []
        for i, (h, pos) in enumerate(zip(hashes, at, strict=True)):
            found = None
            # a 64-bit hash may collide: the cached row's own key decides
            while pos < len(self._keys) and self._keys[pos] == h:
                file_no, row = int(self._file_of[pos]), int(self._row_of[pos])
                if keys[i][2] is not None and self._key_at(file_no, row) == keys[i]:
                    found = (file_no, row)
                    break
                pos += 1
            if found is None:
                parse.append(i)
            else:
                cached.append((i, *found))
        self.hits += len(cached)
        self.misses += len(parse)
        todo = batch.take(pa.array(parse, pa.int64())) if cached else batch
        return todo, Plan(batch.num_rows, parse, cached, site)

    def _key_at(self, file_no: int, row: int) -> tuple:
        table = self._file(file_no)
        return tuple(table[c][row].as_py() for c in _KEY_COLUMNS)

    def fill(self, parsed: pa.Table, plan: Plan) -> pa.Table:
        """The batch's parsed rows: `parsed` (the rows `plan` sent to the parser) and the
        cached ones, back in the batch's order."""
        if not plan.cached:
            return parsed
        by_file: collections.defaultdict[int, list[tuple[int, int]]] = collections.defaultdict(list)
        for i, file_no, row in plan.cached:
            by_file[file_no].append((i, row))
        position = [0] * plan.rows
        for k, i in enumerate(plan.parse):
            position[i] = k
        parts, offset = [parsed], parsed.num_rows
        for file_no, items in by_file.items():
            rows = pa.array([row for _, row in items], pa.int64())
            parts.append(self._file(file_no).take(rows).drop_columns(["_site"]).cast(parsed.schema))
            for k, (i, _) in enumerate(items):
                position[i] = offset + k
            offset += len(items)
        return pa.concat_tables(parts).take(pa.array(position, pa.int64()))

    def record(self, table: pa.Table, plan: Plan) -> None:
        """Keep `table` (parsed rows of this run, one reader batch, planned by `plan`) for
        the next run."""
        site = plan.site if plan.site is not None else pa.nulls(table.num_rows, pa.uint64())
        table = table.append_column("_site", site)
        pq.write_table(table, self._next_part(), compression="lz4")


def site_digests(
    batch: pa.RecordBatch | pa.Table, site_lines: Any, lines: pa.Table | None = None
) -> list[int]:
    """Per raw page, a 64-bit digest of what the crawl's site-line counts say about its lines
    (0 without counts): equal digests, equal template features. `lines`: the batch's page
    lines (`pages.sitelines.page_lines`), if known."""
    if site_lines is None or batch.num_rows == 0:
        return [0] * batch.num_rows
    import polars as pl

    from pagevet.pages.sitelines import lines_digests, page_digests

    if lines is not None:
        if lines.num_rows != batch.num_rows:
            raise ValueError(f"{lines.num_rows} page lines for a batch of {batch.num_rows}")
        return lines_digests(pl.from_arrow(lines), site_lines)  # type: ignore[arg-type]

    rows = batch.select(["text", "source", "url", "path"]).to_pydict()
    return page_digests(rows["text"], rows["source"], rows["url"], rows["path"], site_lines)
