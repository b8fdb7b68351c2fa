"""Pages as lines: one row per input line with its role; the furniture statistics behind the
`nav_char_share` page field; the year ranges of the article's lines. Read by the page fields,
the rules and the report alike."""

from __future__ import annotations

from typing import Any, TypeVar

import polars as pl

from pagevet.pages.roles import FURNITURE
from pagevet.text.years import year_ranges

Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


def page_lines(pages: Frame, *keep: str) -> Frame:
    """One row per input line: id, the `keep` columns, n (1-based), role, line text. Needs
    page_text and line_roles; pages whose roles do not number every line are skipped."""
    return (
        pages.select(
            "id",
            *keep,
            pl.col("page_text").str.split("\n").alias("line"),
            pl.col("line_roles"),
        )
        .filter(pl.col("line").list.len() == pl.col("line_roles").list.len())
        .explode(["line", "line_roles"])
        .select(
            "id",
            *keep,
            pl.col("line_roles").struct.field("n").alias("n"),
            pl.col("line_roles").struct.field("role").alias("role"),
            "line",
        )
    )


def furniture_stats(pages: pl.DataFrame) -> pl.DataFrame:
    """Per page: furniture line numbers, furniture and total characters, and their share."""
    lines = page_lines(pages).filter(pl.col("role") != "blank")
    chars = pl.col("line").str.strip_chars().str.len_chars()
    is_furniture = pl.col("role").is_in(FURNITURE)
    return (
        lines.group_by("id", maintain_order=True)
        .agg(
            chars.filter(is_furniture).sum().alias("furniture_chars"),
            chars.sum().alias("total_chars"),
            pl.col("n").filter(is_furniture).alias("lines"),
        )
        .with_columns(
            (pl.col("furniture_chars") / pl.col("total_chars").clip(lower_bound=1))
            .round(4)
            .alias("share")
        )
    )


# Year ranges are read in article text only: teasers, menus and spam carry other pages' ranges.
RANGE_ROLES = ("title", "lead", "body")
# Cheap vectorised pre-filter: a year-like number with another number shortly after. The
# parser decides; this only keeps it from seeing lines that cannot hold a range.
RANGE_CANDIDATE = r"(?:19|20|21)\d\d\D{1,40}\d\d"

RANGE_DTYPE = pl.Struct(
    {
        "pos": pl.Int64,
        "start": pl.Int64,
        "end": pl.Int64,
        "text": pl.String,
        "phrase": pl.String,
        "keyword": pl.String,
        "keyword_kind": pl.String,
        "stated_years": pl.Int64,
        "national_plan": pl.Boolean,
    }
)


def _ranges_of(line: str) -> list[dict[str, Any]]:
    return [
        {
            "pos": r.span[0],
            "start": r.start,
            "end": r.end,
            "text": r.text,
            "phrase": r.phrase,
            "keyword": r.keyword,
            "keyword_kind": r.keyword_kind,
            "stated_years": r.stated_years,
            "national_plan": r.national_plan,
        }
        for r in year_ranges(line)
    ]


def line_ranges(pages: pl.DataFrame) -> pl.DataFrame:
    """Every year range in the title, lead and body lines of `pages`: id, n (line), pos, start,
    end, text, phrase, keyword, keyword_kind, stated_years, range ("2021-2025"), covered_years.
    Needs page_text and line_roles."""
    lines = page_lines(pages).filter(
        pl.col("role").is_in(RANGE_ROLES) & pl.col("line").str.contains(RANGE_CANDIDATE)
    )
    return (
        lines.select(
            "id",
            "n",
            pl.col("line").map_elements(_ranges_of, return_dtype=pl.List(RANGE_DTYPE)).alias("r"),
        )
        .explode("r")
        .filter(pl.col("r").is_not_null())
        .unnest("r")
        .with_columns(
            pl.format("{}-{}", "start", "end").alias("range"),
            (pl.col("end") - pl.col("start") + 1).alias("covered_years"),
        )
    )
