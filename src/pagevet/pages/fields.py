"""Page fields derived from a page's final line roles, title and slug, computed once per page
(by the pipeline, after the corpus passes that may relabel lines) and read by the rules, the
version tables and the report:

- `nav_char_share`: the share of the page's non-blank characters on furniture lines (nav,
  related, artifact, spam), with `furniture_lines` (their numbers), `furniture_chars` and
  `nonblank_chars` behind it;
- `slug_verdict`, `slug_score`, `slug_match`: does the slug render the title
  (`pagevet.pages.slugs`).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from pagevet.pages.lines import furniture_stats
from pagevet.pages.slugs import SLUG_FIELDS, slug_matches

FURNITURE_FIELDS = {
    "nav_char_share": pl.Float64,
    "furniture_lines": pl.List(pl.Int32),
    "furniture_chars": pl.Int64,
    "nonblank_chars": pl.Int64,
}
PAGE_FIELDS = {**FURNITURE_FIELDS, **SLUG_FIELDS}


def with_page_fields(
    pages: pl.DataFrame, slug_params: dict[str, Any] | None = None
) -> pl.DataFrame:
    """`pages` (PAGE_SCHEMA columns) with every `PAGE_FIELDS` column, replaced if present."""
    pages = pages.drop([c for c in PAGE_FIELDS if c in pages.columns])
    stats = furniture_stats(pages).unique("id", keep="first", maintain_order=True)
    furniture = stats.select(
        "id",
        pl.col("share").cast(pl.Float64).alias("nav_char_share"),
        pl.col("lines").cast(pl.List(pl.Int32)).alias("furniture_lines"),
        pl.col("furniture_chars").cast(pl.Int64),
        pl.col("total_chars").cast(pl.Int64).alias("nonblank_chars"),
    )
    out = pages.join(furniture, on="id", how="left", maintain_order="left").with_columns(
        pl.col("nav_char_share").fill_null(0.0),
        pl.col("furniture_lines").fill_null(pl.lit([], pl.List(pl.Int32))),
        pl.col("furniture_chars").fill_null(0),
        pl.col("nonblank_chars").fill_null(0),
    )
    return pl.concat([out, slug_matches(pages, slug_params)], how="horizontal")
