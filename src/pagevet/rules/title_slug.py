"""title-slug-mismatch: the slug is not a rendering of the page's title.

The verdict and score are page fields computed once by `pagevet.pages.slugs` (which also
documents how slugs and titles are read); this rule reports edited pages (`edited_severity`)
and mismatches (`mismatch_severity`) with both token sequences, the score, the verdict and
the title/slug readings used as evidence. Its table also holds the matcher's parameters
(`SLUG_PARAMS`), which the pipeline hands to the matcher.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from pagevet.errors import PagevetError
from pagevet.findings import SEVERITIES
from pagevet.pages.slugs import SLUG_PARAMS
from pagevet.rules.base import FINDINGS_SCHEMA, Rule, evidence

SEVERITY_PARAMS = {"edited_severity": "warning", "mismatch_severity": "error"}
# A title the parser found on the page (no metadata title) with a confidence below this is
# compared, but its mismatch is at most a warning: on clean news, titles found at 0.50-0.56
# were sub-headings, not the headline (dantri, see the closing note of issue 10)
CONFIDENCE_PARAMS = {"error_title_confidence": 0.6}


def _severities(params: dict[str, Any]) -> dict[str, str]:
    merged = {**SEVERITY_PARAMS, **{k: v for k, v in params.items() if k in SEVERITY_PARAMS}}
    for key, value in merged.items():
        if value not in SEVERITIES:
            raise PagevetError(
                f"title-slug-mismatch: {key} = {value!r} is not a severity; "
                f"use one of {', '.join(SEVERITIES)}"
            )
    return merged


def _check(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    severities = _severities(params)
    if pages.is_empty():
        return pl.DataFrame(schema=FINDINGS_SCHEMA)
    flagged = pages.filter(pl.col("slug_verdict").is_in(["edited", "mismatch"]))
    is_edited = pl.col("slug_verdict") == "edited"
    match = pl.col("slug_match").struct
    bar = float(params.get("error_title_confidence", CONFIDENCE_PARAMS["error_title_confidence"]))
    if {"title_from", "title_confidence"} <= set(flagged.columns):
        doubtful = (
            (pl.col("title_from") == "page")
            & (pl.col("title_confidence").cast(pl.Float64, strict=False) < bar)
        ).fill_null(False)
    else:  # a frame without the parser's title fields: every title counts as certain
        flagged = flagged.with_columns(pl.lit(None, pl.Float64).alias("title_confidence"))
        doubtful = pl.lit(False)
    severity = (
        pl.when(is_edited)
        .then(pl.lit(severities["edited_severity"]))
        .otherwise(pl.lit(severities["mismatch_severity"]))
    )
    capped = pl.when(doubtful & (severity == "error")).then(pl.lit("warning")).otherwise(severity)
    note = pl.when(doubtful).then(
        pl.format("; the title was found on the page with confidence {}", "title_confidence")
    ).otherwise(pl.lit(""))
    return flagged.select(
        "id",
        capped.alias("severity"),
        pl.lit(None, pl.Int32).alias("line"),
        pl.concat_str(
            pl.when(is_edited)
            .then(pl.format("slug {} renders a reworded title (score {})", "slug", "slug_score"))
            .otherwise(
                pl.format("slug {} does not render the title (score {})", "slug", "slug_score")
            ),
            note,
        ).alias("message"),
        evidence(
            verdict=pl.col("slug_verdict"),
            score=pl.col("slug_score"),
            slug_tokens=match.field("slug_tokens"),
            title_tokens=match.field("title_tokens"),
            title_variant=match.field("title_variant"),
            slug_reading=match.field("slug_reading"),
            slug_from=pl.col("slug_from"),
        ),
    )


RULE = Rule(
    id="title-slug-mismatch",
    description="The slug is not a rendering of the title (edited or unrelated headline).",
    severity="warning",
    columns=("id", "slug", "slug_from", "slug_verdict", "slug_score", "slug_match"),
    optional_columns=("title_from", "title_confidence"),
    check=_check,
    params={**SLUG_PARAMS, **SEVERITY_PARAMS, **CONFIDENCE_PARAMS},
)
