"""The local engine: read -> parse in bounded batches -> corpus passes -> rules."""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import polars as pl
import pyarrow as pa

from pagevet.config import Config
from pagevet.corpus.templates import TemplateCounter, relabel_templates
from pagevet.pages.markers import load_markers
from pagevet.pages.table import PAGE_SCHEMA, parse_batch
from pagevet.rules.engine import apply_rules

Progress = Callable[[int], None]


def _parse_in_worker(batch: pa.RecordBatch, marker_files: tuple[str, ...]) -> pa.Table:
    return parse_batch(batch, load_markers(marker_files))


def default_workers() -> int:
    """Parsing is pure Python: the CLI uses one worker process per core (`PAGEVET_WORKERS`
    overrides). Library calls default to one process: worker processes are spawned, which
    re-imports the caller's main module (scripts need an `if __name__ == "__main__":` guard)."""
    return max(1, int(os.environ.get("PAGEVET_WORKERS") or os.cpu_count() or 1))


def parse_pages(
    paths: Iterable[str | Path],
    config: Config,
    *,
    batch_size: int = 256,
    progress: Progress | None = None,
    workers: int = 1,
) -> Iterator[pa.Table]:
    """Parsed pages (PAGE_SCHEMA), one table per reader batch, in input order.

    With several workers, batches are parsed in worker processes, at most two per worker in
    flight, so memory stays bounded whatever the size of the crawl."""
    from pagevet.sources import read_pages

    marker_files = tuple(config.markers)
    batches = read_pages(paths, batch_size=batch_size)
    first = next(batches, None)
    second = next(batches, None) if first is not None else None
    if workers <= 1 or second is None:  # one batch: not worth starting processes
        parsed: Iterator[pa.Table] = (
            parse_batch(b, load_markers(marker_files))
            for b in itertools.chain([first, second] if first else [], batches)
            if b is not None
        )
    else:
        parsed = _parallel(itertools.chain([first, second], batches), marker_files, workers)
    for table in parsed:
        if progress:
            progress(table.num_rows)
        yield table


def _parallel(
    batches: Iterator[pa.RecordBatch], marker_files: tuple[str, ...], workers: int
) -> Iterator[pa.Table]:
    # spawn, not fork: forking a process that has started polars' thread pool can deadlock
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: collections.deque[Future[pa.Table]] = collections.deque()
        for batch in batches:
            pending.append(pool.submit(_parse_in_worker, batch, marker_files))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def with_source_names(pages: pl.DataFrame, source_names: dict[str, str] | None) -> pl.DataFrame:
    """Fill `source` from the recipe for pages under a path prefix whose site went undetected."""
    if not source_names:
        return pages
    longest_first = sorted(source_names.items(), key=lambda item: -len(item[0]))
    return pages.with_columns(
        pl.coalesce(
            pl.col("source"),
            *[
                pl.when(pl.col("path").str.starts_with(prefix)).then(pl.lit(name))
                for prefix, name in longest_first
            ],
        ).alias("source")
    )


def finish_pages(
    tables: Iterable[pa.Table], config: Config, source_names: dict[str, str] | None = None
) -> pl.DataFrame:
    """Parsed batches -> one frame with template lines relabelled and every rule applied.

    Template lines are counted batch by batch with a bounded counter, then relabelled on every
    page before the rules run (corpus rules such as duplicates need every page). Every engine
    ends here, so they give the same output."""
    counter = TemplateCounter()
    frames = []
    for table in tables:
        frame = with_source_names(pl.from_arrow(table), source_names)
        counter.update(frame)
        frames.append(frame)
    pages = (
        pl.concat(frames, how="vertical_relaxed")
        if frames
        else pl.from_arrow(PAGE_SCHEMA.empty_table())
    )
    pages = relabel_templates(pages, counter.templates(min_pages=5, min_share=0.3))
    return apply_rules(pages, config)


def check_pages(
    paths: Iterable[str | Path],
    config: Config,
    *,
    batch_size: int = 256,
    progress: Progress | None = None,
    source_names: dict[str, str] | None = None,
    workers: int = 1,
) -> pl.DataFrame:
    """Every page of `paths` parsed, with findings of all selected rules and corpus passes.

    `source_names` maps a path prefix to the site name of pages under it whose site the
    parser could not detect."""
    tables = parse_pages(paths, config, batch_size=batch_size, progress=progress, workers=workers)
    return finish_pages(tables, config, source_names)
