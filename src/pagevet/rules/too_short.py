"""too-short: too little clean text to be an article."""

from __future__ import annotations

from typing import Any

import polars as pl

from pagevet.rules.base import Rule, evidence


def _check(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    limit = int(params["min_chars"])
    return pages.filter((pl.col("text_chars") < limit) & pl.col("read_error").is_null()).select(
        "id",
        pl.format("clean text has {} characters, fewer than {}", "text_chars", pl.lit(limit)).alias(
            "message"
        ),
        evidence(text_chars=pl.col("text_chars"), min_chars=pl.lit(limit)),
    )


RULE = Rule(
    id="too-short",
    description="The clean text is shorter than `min_chars` characters.",
    severity="warning",
    columns=("id", "text_chars", "read_error"),
    check=_check,
    params={"min_chars": 200},
)
