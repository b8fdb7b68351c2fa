"""date-implausible: published after crawled, in the future, or before the web of news sites."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from pagevet.rules.base import Rule, evidence


def _check(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    earliest = date.fromisoformat(str(params["earliest"]))
    today = date.fromisoformat(str(params["today"])) if params["today"] else date.today()
    pub, crawl = pl.col("published_at"), pl.col("crawled_at")
    message = (
        pl.when(crawl.is_not_null() & (pub > crawl))
        .then(pl.format("published {} after it was crawled ({})", pub, crawl))
        .when(pub > pl.lit(today))
        .then(pl.format("published {} is in the future (today is {})", pub, pl.lit(str(today))))
        .when(pub < pl.lit(earliest))
        .then(pl.format("published {} is before {}", pub, pl.lit(str(earliest))))
    )
    return (
        pages.with_columns(message.alias("message"))
        .filter(pl.col("message").is_not_null())
        .select(
            "id",
            "message",
            evidence(
                published_at=pub.cast(pl.String),
                published_from=pl.col("published_from"),
                crawled_at=crawl.cast(pl.String),
            ),
        )
    )


RULE = Rule(
    id="date-implausible",
    description="The publication date is after the crawl date, in the future, or before `earliest`.",
    severity="warning",
    columns=("id", "published_at", "published_from", "crawled_at"),
    check=_check,
    params={"earliest": "1990-01-01", "today": None},
)
