"""language-mismatch: the detected language is not one the dataset is meant to hold."""

from __future__ import annotations

from typing import Any

import polars as pl

from pagevet.rules.base import Rule, evidence


def _check(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    expected = params["languages"]
    if not expected:
        return pages.clear().select("id")
    return pages.filter(
        ~pl.col("language").is_in(list(expected))
        & (pl.col("language") != "und")
        & (pl.col("language_score") >= float(params["min_score"]))
        & (pl.col("text_chars") >= int(params["min_chars"]))
    ).select(
        "id",
        pl.format(
            "text is in '{}' (p={}), expected one of {}",
            "language",
            pl.col("language_score").round(2),
            pl.lit(", ".join(expected)),
        ).alias("message"),
        evidence(language=pl.col("language"), score=pl.col("language_score")),
    )


RULE = Rule(
    id="language-mismatch",
    description="The detected language is not among the recipe's `languages`.",
    severity="warning",
    columns=("id", "language", "language_score", "text_chars"),
    check=_check,
    params={"languages": None, "min_score": 0.9, "min_chars": 200},
)
