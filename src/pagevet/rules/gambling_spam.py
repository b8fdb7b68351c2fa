"""gambling-spam: lottery/betting content, as the page's main text or in its teaser blocks."""

from __future__ import annotations

from typing import Any

import polars as pl

from pagevet.rules.base import Rule, evidence, page_lines


def _check(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    lines = page_lines(pages)
    chars = pl.col("line").str.strip_chars().str.len_chars()
    spam = pl.col("role") == "spam"
    main = pl.col("role").is_in(("title", "lead", "body"))
    per_page = (
        lines.group_by("id", maintain_order=True)
        .agg(
            chars.filter(spam).sum().alias("spam_chars"),
            chars.filter(main).sum().alias("main_chars"),
            pl.col("n").filter(spam).alias("lines"),
            pl.col("line").filter(spam).first().str.slice(0, 160).alias("example"),
        )
        .filter(pl.col("lines").list.len() > 0)
        .with_columns(
            (pl.col("spam_chars") / (pl.col("spam_chars") + pl.col("main_chars")).clip(1))
            .round(4)
            .alias("share")
        )
    )
    is_main = pl.col("share") >= float(params["main_share"])
    return per_page.select(
        "id",
        pl.when(is_main).then(pl.lit("error")).otherwise(pl.lit("info")).alias("severity"),
        pl.col("lines").list.first().cast(pl.Int32).alias("line"),
        pl.when(is_main)
        .then(pl.format("lottery/betting text is the page's main content ({} lines)",
                        pl.col("lines").list.len()))
        .otherwise(pl.format("{} lottery/betting teaser lines outside the article",
                             pl.col("lines").list.len()))
        .alias("message"),
        evidence(lines=pl.col("lines"), share=pl.col("share"), example=pl.col("example")),
    )  # fmt: skip


RULE = Rule(
    id="gambling-spam",
    description="Lottery or betting content: an error as main text, info inside teaser blocks.",
    severity="info",
    columns=("id", "page_text", "line_roles"),
    check=_check,
    params={"main_share": 0.5},
)
