"""The site of pages the parser could not place, from the recipe's path prefixes. Row by row,
so any engine can set it on any batch."""

from __future__ import annotations

import polars as pl


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
