"""nav-spam: navigation, widgets, teasers and slug artifacts inside the page."""

from __future__ import annotations

from typing import Any

import polars as pl

from pagevet.rules.base import Rule, evidence, page_lines

FURNITURE = ("nav", "related", "artifact", "spam")


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


def _check(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    per_page = furniture_stats(pages).filter(pl.col("lines").list.len() > 0)
    warn, err = float(params["warning_share"]), float(params["error_share"])
    return per_page.select(
        "id",
        pl.when(pl.col("share") >= err)
        .then(pl.lit("error"))
        .when(pl.col("share") >= warn)
        .then(pl.lit("warning"))
        .otherwise(pl.lit("info"))
        .alias("severity"),
        pl.col("lines").list.first().cast(pl.Int32).alias("line"),
        pl.format(
            "{} navigation/teaser/spam lines hold {}% of the page's characters",
            pl.col("lines").list.len(),
            (pl.col("share") * 100).round(1),
        ).alias("message"),
        evidence(
            lines=pl.col("lines"),
            share=pl.col("share"),
            furniture_chars=pl.col("furniture_chars"),
            total_chars=pl.col("total_chars"),
        ),
    )


RULE = Rule(
    id="nav-spam",
    description="The page carries navigation, widgets, related teasers or slug artifacts.",
    severity="info",
    columns=("id", "page_text", "line_roles"),
    check=_check,
    params={"warning_share": 0.5, "error_share": 0.9},
)
