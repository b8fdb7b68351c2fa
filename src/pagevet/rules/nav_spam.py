"""nav-spam: navigation, widgets, teasers and slug artifacts inside the page.

Reads the furniture page fields (`pagevet.pages.fields`): `nav_char_share` and the lines and
character counts behind it."""

from __future__ import annotations

from typing import Any

import polars as pl

from pagevet.rules.base import Rule, evidence


def _check(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    per_page = pages.select(
        "id",
        pl.col("furniture_lines").alias("lines"),
        pl.col("nav_char_share").alias("share"),
        "furniture_chars",
        pl.col("nonblank_chars").alias("total_chars"),
    ).filter(pl.col("lines").list.len() > 0)
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
    columns=("id", "furniture_lines", "nav_char_share", "furniture_chars", "nonblank_chars"),
    check=_check,
    params={"warning_share": 0.5, "error_share": 0.9},
)
