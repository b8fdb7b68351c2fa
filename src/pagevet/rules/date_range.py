"""date-range-inconsistent: year ranges that end before they start, disagree with the length
they state, fall off the five-year-plan grid, or contradict another range for the same period.

The grid (2016-2020, 2021-2025, …) is checked only where the text names the national
socio-economic plan (`YearRange.national_plan`: "kế hoạch phát triển kinh tế - xã hội 5 năm",
"kế hoạch 5 năm … của cả nước", a Party Congress's plan, "the national five-year plan"); any
other organisation's five-year plan may start in any year.

Counting conventions: a plan period ("giai đoạn", "kế hoạch", "period", "plan") counts both end
years (2021-2025 is five years); a term or season ("nhiệm kỳ", "mùa giải", "năm học", "term",
"season") is written with the calendar years it touches (a five-year term 2021-2026), and a bare
length ("8 năm liền (2012-2020)") or a decade is read either way.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from pagevet.pages.lines import line_ranges
from pagevet.rules.base import Rule, empty_findings, evidence
from pagevet.text.years import PLAN_KEYWORDS

_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                 9: "nine", 10: "ten"}  # fmt: skip


def _plan_periods(plan_years: int, grid_start: int) -> pl.Expr:
    """The canonical plan period holding `start`, with the one before and after it."""
    first = (
        pl.lit(grid_start) + ((pl.col("start") - grid_start) // plan_years) * plan_years
    ).alias("g")
    parts: list[pl.Expr | str] = []
    for k in (-1, 0, 1):
        g = first + k * plan_years
        parts += [g, g + plan_years - 1]
    return pl.format("{}-{}, {}-{}, {}-{}", *parts)


def _findings(ranges: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    plan_years, grid_start = int(params["plan_years"]), int(params["grid_start"])
    plan_name = f"{_NUMBER_WORDS.get(plan_years, str(plan_years))}-year plan"
    start, end, stated = pl.col("start"), pl.col("end"), pl.col("stated_years")
    covered, kind_of_keyword = pl.col("covered_years"), pl.col("keyword_kind")
    elapsed = end - start
    inclusive = kind_of_keyword == "period"
    wrong_length = stated.is_not_null() & pl.when(inclusive).then(stated != covered).otherwise(
        (stated != covered) & (stated != elapsed)
    )
    # Only the national socio-economic plan follows the grid: a company's or a school's own
    # "kế hoạch 5 năm 2019-2023" is as right as any other five years.
    names_plan = (
        pl.col("national_plan")
        & (pl.col("keyword").is_in(list(PLAN_KEYWORDS)) | inclusive)
        & (stated == plan_years)
    )
    off_grid = names_plan & (covered == plan_years) & ((start - grid_start) % plan_years != 0)
    kind = (
        pl.when(end < start)
        .then(pl.lit("order"))
        .when(wrong_length)
        .then(pl.lit("length"))
        .when(off_grid)
        .then(pl.lit("off-grid"))
    )
    periods = pl.format(
        "; {} periods are {}", pl.lit(plan_name), _plan_periods(plan_years, grid_start)
    )
    where = (
        pl.when(pl.col("phrase") != pl.col("text"))
        .then(pl.format(" (in '{}')", pl.col("phrase")))
        .otherwise(pl.lit(""))
    )
    hint = pl.when(inclusive & (stated == plan_years)).then(periods).otherwise(pl.lit(""))
    message = (
        pl.when(pl.col("kind") == "order")
        .then(pl.format("range {} ends before it starts{}", pl.col("range"), where))
        .when((pl.col("kind") == "length") & inclusive)
        .then(
            pl.format(
                "'{}' states {} years but {} covers {} ({}–{} inclusive){}",
                "phrase", stated, "range", covered, start, end, hint,
            )
        )
        .when(pl.col("kind") == "length")
        .then(
            pl.format(
                "'{}' states {} years but {} spans {} ({} counting both end years)",
                "phrase", stated, "range", elapsed, covered,
            )
        )
        .otherwise(
            pl.format(
                "'{}' names the national {} but {} is off the plan grid{}",
                "phrase", pl.lit(plan_name), "range", periods,
            )
        )
    )  # fmt: skip
    return (
        ranges.with_columns(kind.alias("kind"))
        .filter(pl.col("kind").is_not_null())
        .with_columns(
            message.alias("message"),
            pl.lit(None, pl.String).alias("other_range"),
            pl.lit(None, pl.Int32).alias("other_line"),
        )
    )


def _conflicts(ranges: pl.DataFrame) -> pl.DataFrame:
    """A plan period named twice in a page (same keyword and length) with overlapping but
    different ranges; flagged where the second one stands. Consecutive periods ("kế hoạch 5 năm
    2016-2020 và 2021-2025") do not overlap and are not a conflict."""
    named = (
        ranges.filter(
            (pl.col("keyword_kind") == "period")
            & pl.col("stated_years").is_not_null()
            & (pl.col("start") <= pl.col("end"))
        )
        .sort("id", "n", "pos")
        .with_row_index("_i")
    )
    other = named.select(
        "id",
        "keyword",
        "stated_years",
        pl.col("_i").alias("_j"),
        pl.col("start").alias("other_start"),
        pl.col("end").alias("other_end"),
        pl.col("range").alias("other_range"),
        pl.col("n").cast(pl.Int32).alias("other_line"),
    )
    pairs = (
        named.join(other, on=["id", "keyword", "stated_years"])
        .filter(
            (pl.col("_j") < pl.col("_i"))
            & (pl.col("start") <= pl.col("other_end"))
            & (pl.col("other_start") <= pl.col("end"))
            & (pl.col("range") != pl.col("other_range"))
        )
        .sort("_i", "_j")
        .unique("_i", keep="first", maintain_order=True)
    )
    return pairs.with_columns(
        pl.lit("conflict").alias("kind"),
        pl.format(
            "'{}' conflicts with line {}, which writes the same {}-year {} as {}",
            "phrase", "other_line", "stated_years", "keyword", "other_range",
        ).alias("message"),
    ).drop("_i", "_j", "other_start", "other_end")  # fmt: skip


def _check(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    ranges = line_ranges(pages)
    if ranges.is_empty():
        return empty_findings()
    found = pl.concat([_findings(ranges, params), _conflicts(ranges)], how="diagonal_relaxed")
    if found.is_empty():
        return empty_findings()
    return found.sort("id", "n", "pos", "kind").select(
        "id",
        pl.col("n").cast(pl.Int32).alias("line"),
        "message",
        evidence(
            range=pl.col("range"),
            start=pl.col("start"),
            end=pl.col("end"),
            keyword=pl.col("keyword"),
            stated_years=pl.col("stated_years"),
            covered_years=pl.col("covered_years"),
            kind=pl.col("kind"),
            phrase=pl.col("phrase"),
            other_range=pl.col("other_range"),
            other_line=pl.col("other_line"),
        ),
    )


RULE = Rule(
    id="date-range-inconsistent",
    description=(
        "A year range ends before it starts, disagrees with the length it states, is off the "
        "national five-year-plan grid, or contradicts another range for the same period on the "
        "page."
    ),
    severity="warning",
    columns=("id", "page_text", "line_roles"),
    check=_check,
    params={"plan_years": 5, "grid_start": 2016},
)
