"""language-mismatch: the page is not in a language the dataset (or its site) is written in."""

from __future__ import annotations

from typing import Any

import polars as pl

from pagevet.rules.base import Rule, evidence


def _sure(params: dict[str, Any]) -> pl.Expr:
    return (
        (pl.col("language") != "und")
        & (pl.col("language_score") >= float(params["min_score"]))
        & (pl.col("text_chars") >= int(params["min_chars"]))
    )


def site_language_counts(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    """Pages per (source, language) detected with confidence: source, language, len (an
    engine may add these up across batches)."""
    return (
        pages.filter(_sure(params) & pl.col("source").is_not_null())
        .group_by("source", "language")
        .len()
    )


def _check(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    return mismatches(pages, site_language_counts(pages, params), params)


def mismatches(pages: pl.DataFrame, counts: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    """Findings of `pages` given the corpus's `site_language_counts`."""
    expected = list(params["languages"] or [])
    sure = _sure(params)
    # A site's own language: the one most of its pages are in (a recipe may allow several
    # languages while each site writes one).
    usual = (
        counts.with_columns(
            pl.col("len").sum().over("source").alias("site_pages"),
            (pl.col("len") / pl.col("len").sum().over("source")).alias("site_share"),
        )
        .sort(["source", "len", "language"], descending=[False, True, False])
        .group_by("source", maintain_order=True)
        .first()
        .filter(
            (pl.col("site_pages") >= int(params["min_site_pages"]))
            & (pl.col("site_share") >= float(params["site_share"]))
        )
        .select("source", pl.col("language").alias("site_language"), "site_share")
    )
    frame = pages.join(usual, on="source", how="left")
    off_recipe = pl.lit(bool(expected)) & ~pl.col("language").is_in(expected)
    off_site = pl.col("site_language").is_not_null() & (
        pl.col("language") != pl.col("site_language")
    )
    return frame.filter(sure & (off_recipe | off_site)).select(
        "id",
        pl.when(off_recipe)
        .then(pl.format("text is in '{}' (p={}), expected one of {}", "language",
                        pl.col("language_score").round(2), pl.lit(", ".join(expected))))
        .otherwise(pl.format("text is in '{}' (p={}) while {}% of {}'s pages are in '{}'",
                             "language", pl.col("language_score").round(2),
                             (pl.col("site_share") * 100).round(0), "source", "site_language"))
        .alias("message"),
        evidence(language=pl.col("language"), score=pl.col("language_score"),
                 site_language=pl.col("site_language"), site_share=pl.col("site_share")),
    )  # fmt: skip


RULE = Rule(
    id="language-mismatch",
    description="The detected language is not among the recipe's `languages` or is not the "
    "language most pages of the same site are in.",
    severity="warning",
    columns=("id", "source", "language", "language_score", "text_chars"),
    check=_check,
    params={
        "languages": None,
        "min_score": 0.9,
        "min_chars": 200,
        "min_site_pages": 10,
        "site_share": 0.8,
    },
    scope="corpus",
)
