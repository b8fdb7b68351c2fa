"""Build-contract tables for suite tests: clean pages, and the same pages with known defects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pagevet.suites.synthetic import synthetic_pages

REPO = Path(__file__).resolve().parents[2]
PAGES_SUITE = REPO / "checks" / "pages.json"
RELEASE_SUITE = REPO / "checks" / "release.json"
AS_OF = dt.date(2026, 1, 1)
ROWS = 200
MISMATCHES = 30  # rows 0..29 flagged: with the clean 2% this is above the 10% cap


def clean_pages(n: int = ROWS, seed: int = 7) -> pl.DataFrame:
    return synthetic_pages(n, seed=seed)


@dataclass(frozen=True)
class Defects:
    frame: pl.DataFrame
    mismatch_ids: list[str]  # the first five flagged rows, in table order
    mismatch_count: int
    duplicate_id: str
    future_id: str


def with_defects(frame: pl.DataFrame) -> Defects:
    """Too many title/slug mismatches (rows 0..29), a duplicate id (row 51 takes row 50's id),
    and a page published 30 days after AS_OF (row 70)."""
    ids = frame.get_column("id").to_list()
    row = pl.int_range(pl.len())
    flag = "flag__title-slug-mismatch"
    out = frame.with_columns(
        pl.when(row < MISMATCHES).then(True).otherwise(pl.col(flag)).alias(flag),
        pl.when(row < MISMATCHES)
        .then(pl.lit("mismatch"))
        .otherwise(pl.col("slug_verdict"))
        .alias("slug_verdict"),
        pl.when(row == 51).then(pl.lit(ids[50])).otherwise(pl.col("id")).alias("id"),
        pl.when(row == 70)
        .then(pl.lit(AS_OF + dt.timedelta(days=30)))
        .otherwise(pl.col("published_at"))
        .alias("published_at"),
    )
    return Defects(
        frame=out,
        mismatch_ids=ids[:5],
        mismatch_count=int(out.get_column(flag).sum()),
        duplicate_id=ids[50],
        future_id=ids[70],
    )
