"""repetition: Gopher-style repeated lines and sentences in the clean text."""

from __future__ import annotations

from typing import Any

import polars as pl

from pagevet.rules.base import Rule, evidence


def _check(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    # Sentences rather than word n-grams: Vietnamese syllables repeat as n-grams in clean news.
    units = (
        pages.select("id", pl.col("text").str.extract_all(r"[^.!?\n]{20,}[.!?]").alias("unit"))
        .explode("unit")
        .drop_nulls("unit")
        .with_columns(pl.col("unit").str.strip_chars())
    )
    per_page = (
        units.group_by("id", "unit")
        .agg(pl.len().alias("count"))
        .with_columns(pl.col("unit").str.len_chars().alias("chars"))
        .group_by("id")
        .agg(
            pl.col("count").sum().alias("units"),
            (pl.col("count") - 1).sum().alias("repeats"),
            ((pl.col("count") - 1) * pl.col("chars")).sum().alias("repeat_chars"),
            (pl.col("count") * pl.col("chars")).sum().alias("chars"),
            pl.col("unit")
            .sort_by(["count", "unit"], descending=[True, False])
            .first()
            .str.slice(0, 100)
            .alias("top"),
            pl.col("count").max().alias("top_count"),
        )
        .with_columns((pl.col("repeat_chars") / pl.col("chars").clip(1)).round(4).alias("share"))
    )
    return (
        per_page.filter(
            (pl.col("units") >= int(params["min_units"]))
            & (pl.col("share") >= float(params["max_repeated_share"]))
        )
        .sort("id")
        .select(
            "id",
            pl.format(
                "{}% of the text's sentences are repeats; most repeated ({}x): {}",
                (pl.col("share") * 100).round(1),
                pl.col("top_count"),
                pl.col("top"),
            ).alias("message"),
            evidence(share=pl.col("share"), repeats=pl.col("repeats"), top=pl.col("top")),
        )
    )


RULE = Rule(
    id="repetition",
    description="A large share of the clean text repeats the same sentences.",
    severity="warning",
    columns=("id", "text"),
    check=_check,
    params={"max_repeated_share": 0.3, "min_units": 4},
)
