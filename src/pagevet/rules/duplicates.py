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


def _exact(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    keyed = (
        pages.filter(pl.col("text_chars") >= int(params["min_chars"]))
        .with_columns(_normalised_text().hash(seed=0).alias("_h"))
        .sort("id")
    )
    first = keyed.group_by("_h").agg(
        pl.col("id").first().alias("first_id"), pl.len().alias("copies")
    )
    return (
        keyed.join(first, on="_h")
        .filter(pl.col("id") != pl.col("first_id"))
        .select(
            "id",
            pl.format("same text as page {} ({} copies in the corpus)", "first_id", "copies").alias(
                "message"
            ),
            evidence(duplicate_of=pl.col("first_id"), copies=pl.col("copies")),
        )
    )


EXACT = Rule(
    id="exact-duplicate",
    description="The clean text equals (after folding case, spaces and punctuation) an earlier page's.",
    severity="warning",
    columns=("id", "text", "text_chars"),
    check=_exact,
    params={"min_chars": 50},
    scope="corpus",
)


def _near(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    from datasketch import MinHash, MinHashLSH

    shingle, perm = int(params["shingle_words"]), int(params["num_perm"])
    rows = (
        pages.filter(pl.col("text_chars") >= int(params["min_chars"]))
        .with_columns(_normalised_text().alias("norm"))
        .unique("norm", keep="first", maintain_order=False)  # exact copies: the other rule
        .sort("id")
        .select("id", "norm")
    )

    def shingles(norm: str) -> list[bytes]:
        words = norm.split()
        return [
            " ".join(words[i : i + shingle]).encode("utf-8")
            for i in range(max(1, len(words) - shingle + 1))
        ]

    # MinHash.bulk hashes every page in one vectorised pass; the LSH index is then filled in
    # id order, so each near copy names the earliest page it matches.
    minhashes = MinHash.bulk((shingles(n) for n in rows["norm"].to_list()), num_perm=perm, seed=1)
    lsh = MinHashLSH(threshold=float(params["threshold"]), num_perm=perm)
    hashes: dict[str, MinHash] = {}
    found: list[dict[str, Any]] = []
    for page_id, mh in zip(rows["id"].to_list(), minhashes, strict=True):
        matches = sorted(lsh.query(mh))
        if matches:
            other = matches[0]
            score = round(mh.jaccard(hashes[other]), 3)
            found.append(
                {
                    "id": page_id,
                    "message": f"near copy of page {other} (estimated Jaccard {score} over "
                    f"{shingle}-word shingles)",
                    "evidence": json.dumps({"near_duplicate_of": other, "jaccard": score}),
                }
            )
        lsh.insert(page_id, mh)
        hashes[page_id] = mh
    return pl.DataFrame(
        found, schema={"id": pl.String, "message": pl.String, "evidence": pl.String}
    )


NEAR = Rule(
    id="near-duplicate",
    description="The clean text nearly equals an earlier page's (MinHash LSH over word shingles).",
    severity="info",
    columns=("id", "text", "text_chars"),
    check=_near,
    params={"threshold": 0.8, "num_perm": 128, "shingle_words": 5, "min_chars": 200},
    scope="corpus",
)
