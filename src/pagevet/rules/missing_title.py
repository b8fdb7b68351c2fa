"""missing-title: the page has no title line and no title in its metadata."""

from __future__ import annotations

from typing import Any

import polars as pl

from pagevet.rules.base import Rule, evidence


def _check(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    missing = pl.col("title").is_null() | (pl.col("title").str.strip_chars() == "")
    return pages.filter(missing & pl.col("read_error").is_null()).select(
        "id",
        pl.lit(
            "no title: no metadata title, and no line the title finder is confident is the "
            "headline"
        ).alias("message"),
        evidence(first_line=pl.col("page_text").str.split("\n").list.first().str.slice(0, 120)),
    )


RULE = Rule(
    id="missing-title",
    description="The page has neither a title line nor a title in its metadata.",
    severity="warning",
    columns=("id", "title", "page_text", "read_error"),
    check=_check,
)
