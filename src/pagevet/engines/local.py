"""The local engine: read -> parse in bounded batches -> corpus passes -> rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import polars as pl
import pyarrow as pa

from pagevet.config import Config
from pagevet.corpus.templates import TemplateCounter, relabel_templates
from pagevet.pages.markers import load_markers
from pagevet.pages.table import PAGE_SCHEMA, parse_batch
from pagevet.rules.engine import apply_rules

Progress = Callable[[int], None]


def parse_pages(
    paths: Iterable[str | Path],
    config: Config,
    *,
    batch_size: int = 256,
    progress: Progress | None = None,
) -> Iterator[pa.Table]:
    """Parsed pages (PAGE_SCHEMA), one table per reader batch: memory stays bounded."""
    from pagevet.sources import read_pages

    markers = load_markers(tuple(config.markers))
    for batch in read_pages(paths, batch_size=batch_size):
        table = parse_batch(batch, markers)
        if progress:
            progress(table.num_rows)
        yield table


def check_pages(
    paths: Iterable[str | Path],
    config: Config,
    *,
    batch_size: int = 256,
    progress: Progress | None = None,
    source_names: dict[str, str] | None = None,
) -> pl.DataFrame:
    """Every page of `paths` parsed, with findings of all selected rules and corpus passes.

    `source_names` maps a path prefix to the site name of pages under it whose site the
    parser could not detect. Template lines are counted batch by batch with a bounded counter, then relabelled on
    every page before the rules run (corpus rules such as duplicates need every page).
    """
    counter = TemplateCounter()
    frames = []
    for table in parse_pages(paths, config, batch_size=batch_size, progress=progress):
        frame = pl.from_arrow(table)
        counter.update(frame)
        frames.append(frame)
    pages = (
        pl.concat(frames, how="vertical_relaxed")
        if frames
        else pl.from_arrow(PAGE_SCHEMA.empty_table())
    )
    if source_names:
        pages = pages.with_columns(
            pl.coalesce(
                pl.col("source"),
                *[
                    pl.when(pl.col("path").str.starts_with(prefix)).then(pl.lit(name))
                    for prefix, name in sorted(source_names.items(), key=lambda x: -len(x[0]))
                ],
            ).alias("source")
        )
    pages = relabel_templates(pages, counter.templates(min_pages=5, min_share=0.3))
    return apply_rules(pages, config)
