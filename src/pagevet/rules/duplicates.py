"""exact-duplicate and near-duplicate: corpus passes over every page of a run."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from pagevet.rules.base import Rule, evidence

_NORMALISE = r"[\s\p{P}]+"


def _normalised_text() -> pl.Expr:
    """The clean text with case, spaces and punctuation folded away."""
    return pl.col("text").str.to_lowercase().str.replace_all(_NORMALISE, " ").str.strip_chars()


def _exact_summary(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    """id and hash of the normalised text of every page long enough to count."""
    return pages.filter(pl.col("text_chars") >= int(params["min_chars"])).select(
        "id", _normalised_text().hash(seed=0).alias("_h")
    )


def _exact_reduce(summaries: pl.LazyFrame, params: dict[str, Any]) -> pl.DataFrame:
    keyed = summaries.select("id", "_h").collect()
    first = keyed.group_by("_h").agg(pl.col("id").min().alias("first_id"), pl.len().alias("copies"))
    return (
        keyed.join(first, on="_h")
        .filter(pl.col("id") != pl.col("first_id"))
        .sort("id")
        .select(
            "id",
            pl.format("same text as page {} ({} copies in the corpus)", "first_id", "copies").alias(
                "message"
            ),
            evidence(duplicate_of=pl.col("first_id"), copies=pl.col("copies")),
        )
    )


def _exact(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    return _exact_reduce(_exact_summary(pages, params).lazy(), params)


EXACT = Rule(
    id="exact-duplicate",
    description="The clean text equals (after folding case, spaces and punctuation) an earlier page's.",
    severity="warning",
    columns=("id", "text", "text_chars"),
    check=_exact,
    params={"min_chars": 50},
    scope="corpus",
    summarise=_exact_summary,
    reduce=_exact_reduce,
)


def _near_summary(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    """Per page long enough to count: id, hash of the normalised text, MinHash signature and
    LSH band keys (numpy, `pagevet.corpus.minhash`)."""
    from pagevet.corpus.minhash import band_keys, lsh_params, signatures

    perm = int(params["num_perm"])
    bands, rows = lsh_params(float(params["threshold"]), perm)
    kept = pages.filter(pl.col("text_chars") >= int(params["min_chars"])).select(
        "id", _normalised_text().alias("norm")
    )
    sigs = signatures(kept["norm"], num_perm=perm, shingle=int(params["shingle_words"]))
    return pl.DataFrame(
        {
            "id": kept["id"],
            "_h": kept["norm"].hash(seed=0),
            "signature": pl.Series(sigs, dtype=pl.Array(pl.UInt32, perm)),
            "bands": pl.Series(band_keys(sigs, bands, rows), dtype=pl.Array(pl.UInt64, bands)),
        }
    )


def _near_reduce(summaries: pl.LazyFrame, params: dict[str, Any]) -> pl.DataFrame:
    """A page is a near copy when it shares an LSH band with a page of smaller id; it names
    the smallest such id. Exact copies are left to exact-duplicate: of pages with the same
    text only the first in input order takes part. Only the flagged pairs' signatures are
    read back, to estimate their Jaccard similarity."""
    shingle = int(params["shingle_words"])
    pages = (
        summaries.select("id", "_h", "bands")
        .unique("_h", keep="first", maintain_order=True)
        .select("id", "bands")
        .collect()
    )
    keys = pages.explode("bands").with_columns(pl.int_range(pl.len()).over("id").alias("band"))
    pairs = (
        keys.with_columns(pl.col("id").min().over("band", "bands").alias("other"))
        .group_by("id")
        .agg(pl.col("other").min())
        .filter(pl.col("other") < pl.col("id"))
    )
    if pairs.is_empty():
        return pl.DataFrame(schema={"id": pl.String, "message": pl.String, "evidence": pl.String})
    needed = pl.concat([pairs["id"], pairs["other"]]).unique()
    sigs = (
        summaries.select("id", "signature").filter(pl.col("id").is_in(needed.implode())).collect()
    )
    sigs = sigs.unique("id", keep="first")
    scored = (
        pairs.join(sigs, on="id")
        .join(sigs.rename({"id": "other", "signature": "other_sig"}), on="other")
        .sort("id")
    )
    same = scored["signature"].to_numpy() == scored["other_sig"].to_numpy()
    found = []
    for page_id, other, score in zip(
        scored["id"].to_list(), scored["other"].to_list(), same.mean(axis=1).tolist(), strict=True
    ):
        score = round(score, 3)
        found.append(
            {
                "id": page_id,
                "message": f"near copy of page {other} (estimated Jaccard {score} over "
                f"{shingle}-word shingles)",
                "evidence": json.dumps({"near_duplicate_of": other, "jaccard": score}),
            }
        )
    return pl.DataFrame(
        found, schema={"id": pl.String, "message": pl.String, "evidence": pl.String}
    )


def _near(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    return _near_reduce(_near_summary(pages, params).lazy(), params)


NEAR = Rule(
    id="near-duplicate",
    description="The clean text nearly equals an earlier page's (MinHash LSH over word shingles).",
    severity="info",
    columns=("id", "text", "text_chars"),
    check=_near,
    params={"threshold": 0.8, "num_perm": 128, "shingle_words": 5, "min_chars": 200},
    scope="corpus",
    summarise=_near_summary,
    reduce=_near_reduce,
)


# Public names for the leakage-free splits (`pagevet.splits`), which group pages exactly as
# these rules compare them.
normalised_text = _normalised_text
near_summary = _near_summary
