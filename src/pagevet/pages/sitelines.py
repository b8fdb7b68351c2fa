"""Site lines: on how many pages of its source each line occurs, counted over the whole crawl.

A line repeated on many pages of one site is template (menus, footers, share widgets): the
strongest signal of furniture in a real crawl. The parser's line features read these counts,
so they must not depend on which pages happen to share a batch: the pipeline counts them in a
first pass over every raw page (`count_site_lines` per batch, `merge_site_lines` over the
batches) and hands the result to every parse step. A page parsed alone (no counts) has no
template lines.

A line is keyed by the hash of its folded form (`features.fold_expr`), so counting keeps no
page text. A page's source is its metadata source, else the site of its URL, else the folder
it was read from (a crawl dumped as text files is usually one folder per site).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.ipc  # noqa: F401  (pa.ipc)

from pagevet.text.urls import source_from_url

EDGE_PUNCT = " \t\u00a0.:;,!-–—|>»«•*#·/\\()[]{}\"'“”‘’…"


def fold_expr(col: pl.Expr, *, trim: bool = True) -> pl.Expr:
    """Folded line (lower case, no diacritics, đ→d, edge punctuation trimmed unless `trim`
    is off): the vectorised counterpart of `fold_line`. Each regex pass costs about a second
    per 20 MB, so the passes are few."""
    folded = (
        col.str.normalize("NFKD")
        .str.replace_all("[\u200b-\u200f\u2060\ufeff\u00ad\\p{M}]", "")
        .str.to_lowercase()
        .str.replace_all("[đð]", "d")
        .str.replace_all("  ", " ", literal=True)
    )
    return folded.str.strip_chars(EDGE_PUNCT) if trim else folded


def template_share(with_line: pl.Expr, per_source: pl.Expr) -> pl.Expr:
    """The share of the source's other pages that show the line, rounded down to a tenth: a
    new page of the site moves it only for lines near a step, so an incremental build
    re-parses few pages (see `page_digests`)."""
    raw = (with_line - 1) / (per_source - 1).clip(1)
    return ((raw * 10 + 1e-9).floor() / 10).cast(pl.Float64)


def line_key(col: pl.Expr) -> pl.Expr:
    """The key a line is counted under: the hash of its folded form (null without letters)."""
    folded = fold_expr(col.str.strip_chars(), trim=False).str.strip_chars(EDGE_PUNCT)
    return pl.when(folded.str.contains(r"\p{L}")).then(folded.hash(seed=7)).otherwise(None)


def count_source(source: str | None, url: str | None, path: str | None) -> str | None:
    """The source a page is counted under (see the module docstring)."""
    if source:
        return source
    site = source_from_url(url)
    if site:
        return site
    if path:
        folder = path.replace("\\", "/").split("#", 1)[0].rsplit("/", 1)[0]
        return f"dir:{folder}"
    return None


# A line's pages are counted as distinct page texts (copies of an article served at two URLs
# are one page, not the site's template), kept as the K smallest text hashes: exact up to K
# pages, a deterministic estimate beyond (k minimum values), and the same whatever the
# batches were.
SKETCH = 64
SUMMARY = {"source": pl.String, "key": pl.UInt64, "hashes": pl.List(pl.UInt64)}


# One row per page: what the counts and the digests need of it, so its text is folded once.
PAGE_LINES = {"source": pl.String, "page": pl.UInt64, "keys": pl.List(pl.UInt64)}


def page_lines(texts: Sequence[str | None], sources: Sequence[str | None]) -> pl.DataFrame:
    """Per page (in order): its counting source, the hash of its folded text (`page`) and
    the key of each of its lines in order (`keys`, null for a line without letters). The
    costly part of the counts and of `page_digests` (folding every line), done once."""
    frame = pl.DataFrame(
        {
            "source": pl.Series(list(sources), dtype=pl.String),
            "text": pl.Series(list(texts), dtype=pl.String).fill_null(""),
        }
    ).with_row_index("_n")
    keys = (
        frame.select("_n", pl.col("text").str.split("\n"))
        .explode("text")
        .select("_n", line_key(pl.col("text")).alias("keys"))
        .group_by("_n", maintain_order=True)
        .agg("keys")
    )
    return frame.select(
        "source",
        # copies of one page: the same text up to case and diacritics
        fold_expr(pl.col("text"), trim=False).hash(seed=3).alias("page"),
        keys.sort("_n")["keys"],
    ).cast(PAGE_LINES)  # type: ignore[arg-type]


def summarise_page_lines(pages: pl.DataFrame) -> pl.DataFrame:
    """One batch's summary from its `page_lines`: rows (source, key, hashes) — the smallest
    hashes of the distinct page texts of `source` showing the line — and one row per source
    with a null key holding the hashes of all its distinct page texts. Pages without a
    source are not counted. `merge_site_lines` turns summaries into counts."""
    frame = pages.filter(pl.col("source").is_not_null()).unique(
        ["source", "page"], keep="first", maintain_order=True
    )
    totals = frame.group_by("source").agg(pl.col("page").alias("hashes"))
    lines = (
        frame.explode("keys")
        .rename({"keys": "key"})
        .drop_nulls("key")
        .unique(["source", "page", "key"])
        .group_by("source", "key")
        .agg(pl.col("page").sort().head(SKETCH).alias("hashes"))
    )
    return pl.concat(
        [
            lines.select(SUMMARY.keys()).cast(SUMMARY),  # type: ignore[arg-type]
            totals.select("source", pl.lit(None, pl.UInt64).alias("key"), "hashes").cast(
                SUMMARY  # type: ignore[arg-type]
            ),
        ]
    )


def count_site_lines(texts: Sequence[str | None], sources: Sequence[str | None]) -> pl.DataFrame:
    """One batch's summary (`summarise_page_lines`) from its pages' texts and sources."""
    return summarise_page_lines(page_lines(texts, sources))


def _combine(frame: pl.DataFrame) -> pl.DataFrame:
    """Summaries of the same (source, key) united: the K smallest hashes for a line, every
    hash for a source's total."""
    hashes = pl.col("hashes").explode().unique().sort()
    is_total = pl.col("key").is_null()
    lines = frame.filter(~is_total).group_by("source", "key").agg(hashes.head(SKETCH))
    totals = frame.filter(is_total).group_by("source", "key").agg(hashes)
    return pl.concat([lines, totals])


_MERGE_ROWS = 1 << 16
# Summary rows held in memory before the merge spills them to disk, split by key into
# `_BUCKETS` files merged one at a time: most lines of a crawl are on one page only, so the
# summaries grow with the crawl (15 to 21 rows a page of the generated sample, ~600,000 rows
# at 32,000 pages) while the counts kept at the end (lines on two or more pages) stay small.
SPILL_ROWS = 1 << 19
_BUCKETS = 32


def merge_site_lines(
    parts: Iterable[pl.DataFrame],
    *,
    min_pages: int = 2,
    spill_rows: int = SPILL_ROWS,
    spill_dir: str | os.PathLike[str] | None = None,
) -> pl.DataFrame:
    """Batch summaries united into counts (source, key, pages); lines on fewer than
    `min_pages` pages of their source are dropped (not template), source totals (null key)
    always kept. Sorted: the result depends neither on the batches nor on their order.

    Memory is bounded: past `spill_rows` summary rows the line summaries go to a temporary
    folder (in `spill_dir`, default the system's), one file per key bucket, and each bucket
    is merged on its own; the folder is removed on return. The result is the same."""
    merged = pl.DataFrame(schema=SUMMARY)
    # Summaries wait until they hold as many rows as the merged counts, then are united with
    # them in one pass: uniting after every batch regrouped the whole merge each time
    # (quadratic in the number of batches). Memory stays within twice the merged counts.
    pending: list[pl.DataFrame] = []
    waiting = 0
    spill: _BucketSpill | None = None
    try:
        for part in parts:
            part = part.cast(SUMMARY)  # type: ignore[arg-type]
            if spill is not None:
                spill.write(part.filter(pl.col("key").is_not_null()))
                # the sources' page hashes: united when the waiting ones are as many as the
                # merged ones (after every batch would be quadratic in the crawl)
                totals = part.filter(pl.col("key").is_null())
                pending.append(totals)
                waiting += _hash_count(totals)
                if waiting >= max(_hash_count(merged), _MERGE_ROWS):
                    merged = _combine(pl.concat([merged, *pending]))
                    pending, waiting = [], 0
                continue
            pending.append(part)
            waiting += part.height
            if merged.height + waiting > spill_rows:
                spill = _BucketSpill(spill_dir, min(spill_rows, _MERGE_ROWS))
                everything = pl.concat([merged, *pending])
                spill.write(everything.filter(pl.col("key").is_not_null()))
                merged = _combine(everything.filter(pl.col("key").is_null()))
                pending, waiting = [], 0
            elif waiting >= max(merged.height, _MERGE_ROWS):
                merged = _combine(pl.concat([merged, *pending]))
                pending, waiting = [], 0
        if pending:
            merged = _combine(pl.concat([merged, *pending]))
        if spill is None:
            return _counted(merged, min_pages)
        kept = [_counted(merged, min_pages)]
        for bucket in spill.buckets():
            kept.append(_counted(_combine(bucket), min_pages))
        return pl.concat(kept).sort("source", "key", nulls_last=False)
    finally:
        if spill is not None:
            spill.close()


def _hash_count(frame: pl.DataFrame) -> int:
    return int(frame["hashes"].list.len().sum() or 0)


def _counted(merged: pl.DataFrame, min_pages: int) -> pl.DataFrame:
    """Merged summaries as counts (source, key, pages), sorted, rare lines dropped."""
    n = pl.col("hashes").list.len()
    kth = pl.col("hashes").list.get(SKETCH - 1, null_on_oob=True).cast(pl.Float64)
    estimate = ((SKETCH - 1) / (kth / 2.0**64)).round(0)
    pages = (pl.when(pl.col("key").is_null() | (n < SKETCH)).then(n).otherwise(estimate)).cast(
        pl.UInt32
    )
    return (
        merged.select("source", "key", pages.alias("pages"))
        .filter(pl.col("key").is_null() | (pl.col("pages") >= min_pages))
        .sort("source", "key", nulls_last=False)
    )


class _BucketSpill:
    """Line summaries on disk, split by key into `_BUCKETS` Arrow IPC streams (a line's
    summaries all land in one bucket, so buckets merge independently)."""

    def __init__(self, folder: str | os.PathLike[str] | None, block_rows: int) -> None:
        self.block_rows = block_rows
        self.folder = Path(tempfile.mkdtemp(prefix="pagevet-sitelines-", dir=folder))
        self._writers: dict[int, pa.ipc.RecordBatchStreamWriter] = {}
        self._schema = pl.DataFrame(schema=SUMMARY).to_arrow().schema
        self._waiting: list[pl.DataFrame] = []
        self._rows = 0

    def _path(self, bucket: int) -> Path:
        return self.folder / f"bucket-{bucket:03d}.arrow"

    def write(self, lines: pl.DataFrame) -> None:
        """Add summaries; they are split and written in blocks of `block_rows` rows (a
        batch's summaries alone would make thousands of tiny record batches)."""
        self._waiting.append(lines)
        self._rows += lines.height
        if self._rows >= self.block_rows:
            self._flush()

    def _flush(self) -> None:
        lines = pl.concat(self._waiting) if self._waiting else pl.DataFrame(schema=SUMMARY)
        self._waiting, self._rows = [], 0
        if lines.is_empty():
            return
        tagged = lines.with_columns((pl.col("key") % _BUCKETS).cast(pl.Int64).alias("_b"))
        for (bucket,), frame in tagged.partition_by("_b", as_dict=True).items():
            writer = self._writers.get(int(bucket))
            if writer is None:
                sink = pa.OSFile(str(self._path(int(bucket))), "wb")
                writer = pa.ipc.new_stream(sink, self._schema)
                self._writers[int(bucket)] = writer
            writer.write_table(frame.drop("_b").to_arrow().cast(self._schema))

    def buckets(self) -> Iterator[pl.DataFrame]:
        self._flush()
        for writer in self._writers.values():
            writer.close()
        for bucket in sorted(self._writers):
            with pa.OSFile(str(self._path(bucket)), "rb") as source:
                table = pa.ipc.open_stream(source).read_all()
            yield pl.from_arrow(table)  # type: ignore[misc]

    def close(self) -> None:
        for writer in self._writers.values():
            # closed by `buckets` already, or its disk failed: the folder goes anyway
            with contextlib.suppress(OSError, ValueError, pa.ArrowInvalid):
                writer.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def page_digests(
    texts: Sequence[str | None],
    sources: Sequence[str | None],
    urls: Sequence[str | None],
    paths: Sequence[str | None],
    site_lines: pl.DataFrame,
) -> list[int]:
    """Per page, a 64-bit digest of its lines' template features from `site_lines` (the
    rounded share and whether the line repeats): pages with equal text and equal digests
    get equal line features."""
    counted = [count_source(s, u, p) for s, u, p in zip(sources, urls, paths, strict=True)]
    return lines_digests(page_lines(texts, counted), site_lines)


def lines_digests(pages: pl.DataFrame, site_lines: pl.DataFrame) -> list[int]:
    """`page_digests` from the pages' `page_lines`."""
    counted = site_lines.filter(pl.col("key").is_not_null())
    totals = site_lines.filter(pl.col("key").is_null()).select(
        "source", pl.col("pages").alias("total")
    )
    frame = pages.select("source", "keys").with_row_index("page")
    lines = (
        frame.explode("keys")
        .rename({"keys": "key"})
        .with_row_index("n")
        .join(counted, on=["source", "key"], how="left")
        .join(totals, on="source", how="left")
        .sort("n")
        .with_columns(
            pl.int_range(pl.len(), dtype=pl.UInt32).over("page").alias("at"),
            template_share(
                pl.col("pages").fill_null(1).cast(pl.Int64),
                pl.col("total").fill_null(1).cast(pl.Int64),
            ).alias("share"),
            (pl.col("pages").fill_null(1) >= 2).alias("repeats"),
        )
        .group_by("page", maintain_order=True)
        .agg(pl.struct("at", "share", "repeats").hash(seed=11).sum().alias("lines"))
    )
    out = (
        frame.select("page")
        .join(lines, on="page", how="left")
        .sort("page")
        .select(pl.col("lines").fill_null(0))
        .to_series()
    )
    return out.to_list()
