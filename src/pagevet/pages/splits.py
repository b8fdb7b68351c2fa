"""Per-page values the pipeline sets from the recipe: the site of pages under a path prefix,
and a stable split per id. Row by row, so any engine can set them on any batch."""

from __future__ import annotations

import hashlib

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


def split_of(ids: pl.Expr, ratios: dict[str, float]) -> pl.Expr:
    """A stable split per id: the first 8 bytes of sha256(id) as a fraction in [0, 1)."""
    bucket = ids.map_elements(
        lambda i: int.from_bytes(hashlib.sha256(i.encode("utf-8")).digest()[:8], "big") / 2**64,
        return_dtype=pl.Float64,
    )
    names = list(ratios)
    expr: pl.Expr = pl.lit(names[-1])
    cumulative = 1.0
    # nested from the last split backwards: bucket < edge(i) -> split i
    for name in reversed(names[:-1]):
        cumulative -= ratios[names[names.index(name) + 1]]
        expr = pl.when(bucket < cumulative).then(pl.lit(name)).otherwise(expr)
    return expr.alias("split")
