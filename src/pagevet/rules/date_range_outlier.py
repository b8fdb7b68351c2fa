"""date-range-outlier (corpus): a named period written with a range few pages of the corpus
use, beside a common range for the same period ("giai đoạn 2021-2026" on one page while 40
pages write "giai đoạn 2021-2025")."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from pagevet.pages.lines import line_ranges
from pagevet.rules.base import Rule


def range_outliers(
    ranges: pl.DataFrame,
    *,
    min_common_pages: int = 2,
    max_ratio: float = 0.5,
    min_jaccard: float = 0.6,
) -> pl.DataFrame:
    """Named periods written with a rare range: a (keyword, range) used on few pages while a
    different range for the same keyword and mostly the same years (they share two years or
    more and at least `min_jaccard` of their years) is used on at least `min_common_pages`
    pages and 1/`max_ratio` times as many: "giai đoạn 2021-2026" beside a common "giai đoạn
    2021-2025". Consecutive terms sharing a year, or a decade holding a five-year period, are
    not the same period.
    Columns: keyword, range, pages, common_range, common_pages. `ranges` is
    `year_range_rows(...)`."""
    return outliers_of_usage(
        range_usage(ranges),
        min_common_pages=min_common_pages,
        max_ratio=max_ratio,
        min_jaccard=min_jaccard,
    )


def range_usage(ranges: pl.DataFrame) -> pl.DataFrame:
    """Pages per (keyword, range, start, end): one row per distinct range of the corpus."""
    return (
        ranges.filter(pl.col("keyword").is_not_null() & (pl.col("start") <= pl.col("end")))
        .group_by("keyword", "range", "start", "end")
        .agg(pl.col("id").n_unique().alias("pages"))
    )


def outliers_of_usage(
    usage: pl.DataFrame,
    *,
    min_common_pages: int = 2,
    max_ratio: float = 0.5,
    min_jaccard: float = 0.6,
) -> pl.DataFrame:
    """`range_outliers` from `range_usage` rows (which an engine may add up across batches)."""
    common = usage.select(
        "keyword",
        pl.col("range").alias("common_range"),
        pl.col("start").alias("c_start"),
        pl.col("end").alias("c_end"),
        pl.col("pages").alias("common_pages"),
    )
    overlap = pl.min_horizontal("end", "c_end") - pl.max_horizontal("start", "c_start") + 1
    union = pl.max_horizontal("end", "c_end") - pl.min_horizontal("start", "c_start") + 1
    return (
        usage.join(common, on="keyword")
        .filter(
            (pl.col("range") != pl.col("common_range"))
            & (overlap >= 2)
            & (overlap / union >= min_jaccard)
            & (pl.col("common_pages") >= min_common_pages)
            & (pl.col("pages") <= pl.col("common_pages") * max_ratio)
        )
        .sort(
            ["keyword", "range", "common_pages", "common_range"],
            descending=[False, False, True, False],
        )
        .unique(["keyword", "range"], keep="first", maintain_order=True)
        .select("keyword", "range", "pages", "common_range", "common_pages")
    )


def _summary(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    """The year ranges of a batch of pages: a few rows per page that has any."""
    return line_ranges(pages).select("id", "n", "keyword", "range", "start", "end", "phrase")


def _reduce(summaries: pl.LazyFrame, params: dict[str, Any]) -> pl.DataFrame:
    ranges = summaries.collect()
    if ranges.is_empty():
        return pl.DataFrame(schema={"id": pl.String})
    return outlier_findings(ranges, outliers_from_params(range_usage(ranges), params))


def outliers_from_params(usage: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    return outliers_of_usage(
        usage,
        min_common_pages=int(params["min_common_pages"]),
        max_ratio=float(params["max_ratio"]),
        min_jaccard=float(params["min_jaccard"]),
    )


def outlier_findings(ranges: pl.DataFrame, outliers: pl.DataFrame) -> pl.DataFrame:
    """Findings of the pages in `ranges` (summary rows) that write one of `outliers`."""
    if outliers.is_empty() or ranges.is_empty():
        return pl.DataFrame(schema={"id": pl.String})
    found = (
        ranges.join(outliers, on=["keyword", "range"])
        .sort("id", "n")
        .unique(["id", "keyword", "range"], keep="first", maintain_order=True)
    )
    return found.select(
        "id",
        pl.col("n").cast(pl.Int32).alias("line"),
        pl.format(
            "'{}' is written with {} on {} page(s) of the corpus, while {} pages write {}",
            "phrase", "range", "pages", "common_pages", "common_range",
        ).alias("message"),
        pl.struct("keyword", "range", "pages", "common_range", "common_pages", "phrase")
        .map_elements(lambda r: json.dumps(r, ensure_ascii=False, sort_keys=True),
                      return_dtype=pl.String)
        .alias("evidence"),
    )  # fmt: skip


def _check(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    return _reduce(_summary(pages, params).lazy(), params)


RULE = Rule(
    id="date-range-outlier",
    description="A named period is written with a range that few pages of the corpus use, "
    "beside a common range for the same period.",
    severity="info",
    columns=("id", "page_text", "line_roles"),
    check=_check,
    params={"min_common_pages": 3, "max_ratio": 0.2, "min_jaccard": 0.6},
    scope="corpus",
    summarise=_summary,
    reduce=_reduce,
)
