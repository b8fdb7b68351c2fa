"""unreadable-page: the reader could not decode or parse the file/record."""

from __future__ import annotations

from typing import Any

import polars as pl

from pagevet.rules.base import Rule, evidence


def _check(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    return pages.filter(pl.col("read_error").is_not_null()).select(
        "id",
        pl.format("{}: could not be read: {}", "path", "read_error").alias("message"),
        evidence(path=pl.col("path"), reason=pl.col("read_error")),
    )


RULE = Rule(
    id="unreadable-page",
    description="The file or record could not be read or decoded.",
    severity="error",
    columns=("id", "path", "read_error"),
    check=_check,
)
