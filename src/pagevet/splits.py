"""Leakage-free train/validation/test splits.

A page's split is decided by its *group*, not by the page alone: pages with the same
normalised text (what `exact-duplicate` compares) and pages in one near-duplicate cluster
(pages sharing a MinHash LSH band, as `near-duplicate` finds them) are one group, transitively,
so no text is in training and in evaluation at once. The split of a group is the stable hash
split (`split_of`) of its smallest page id: a page with no duplicate keeps the split of its own
id, as before, and a group keeps its split across versions as long as its smallest member does
(row order, batch boundaries and engines play no part).

Three steps, so the in-memory and the streaming build share them:

    split_summary(batch)          per batch: id, text_hash, bands (MinHash LSH band keys)
    near_clusters(summaries)      every page: id, text_hash, cluster (smallest id of the
                                  near-duplicate component, null for a page in none)
    assign_splits(keys, ratios)   every page: id, split

`assign_splits` takes any frame of (id, text_hash, cluster): the grouping is the connected
components of the page–key graph, found by min-label propagation in polars.
"""

from __future__ import annotations

import hashlib
from typing import Any

import polars as pl

from pagevet.config import DEFAULT_SPLITS

MAX_ROUNDS = 1000  # label propagation converges in about the diameter of the largest group


def split_of(ids: pl.Expr, ratios: dict[str, float]) -> pl.Expr:
    """A stable split per id: the first 8 bytes of sha256(id) as a fraction in [0, 1)."""
    bucket = ids.map_elements(
        lambda i: int.from_bytes(hashlib.sha256(i.encode("utf-8")).digest()[:8], "big") / 2**64,
        return_dtype=pl.Float64,
    )
    names = list(ratios)
    expr: pl.Expr = pl.lit(names[-1])
    cumulative = 1.0
    # nested from the last split backwards: bucket < edge(i) -> split i
    for name in reversed(names[:-1]):
        cumulative -= ratios[names[names.index(name) + 1]]
        expr = pl.when(bucket < cumulative).then(pl.lit(name)).otherwise(expr)
    return expr.alias("split")


SUMMARY_SCHEMA = {"id": pl.String, "text_hash": pl.UInt64, "bands": pl.List(pl.UInt64)}


def split_summary(pages: pl.DataFrame, near_params: dict[str, Any] | None = None) -> pl.DataFrame:
    """Per page of a batch: id, the hash of its normalised text (null for an empty text) and
    its LSH band keys (empty for a page too short for `near-duplicate`), with the
    near-duplicate rule's own normalisation, MinHash and parameters."""
    from pagevet.rules.duplicates import NEAR, near_summary, normalised_text

    params = {**NEAR.params, **(near_params or {})}
    if pages.is_empty():
        return pl.DataFrame(schema=SUMMARY_SCHEMA)
    hashed = pages.select(
        "id",
        pl.when(normalised_text() != "")
        .then(normalised_text().hash(seed=0))
        .alias("text_hash")
        .cast(pl.UInt64),
    )
    near = near_summary(pages, params)
    bands = near.select("id", pl.col("bands").arr.to_list().alias("bands"))
    return (
        hashed.join(bands, on="id", how="left")
        .with_columns(pl.col("bands").fill_null(pl.lit([], dtype=pl.List(pl.UInt64))))
        .select(list(SUMMARY_SCHEMA))
    )


def _components(edges: pl.DataFrame, ids: pl.Series) -> pl.DataFrame:
    """(id, label): the smallest id of each page's connected component in the graph whose
    edges (id, key) join every page to its keys."""
    labels = pl.DataFrame({"id": ids.unique()}).with_columns(pl.col("id").alias("label")).sort("id")
    if edges.is_empty():
        return labels
    for _ in range(MAX_ROUNDS):
        per_key = edges.join(labels, on="id").group_by("key").agg(pl.col("label").min())
        reached = edges.join(per_key, on="key").group_by("id").agg(pl.col("label").min())
        moved = (
            labels.join(reached, on="id", how="left", suffix="_key")
            .select("id", pl.min_horizontal("label", "label_key").alias("label"))
            .sort("id")
        )
        if moved.equals(labels):
            return labels
        labels = moved
    return labels


def near_clusters(summaries: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """id, text_hash, cluster: the smallest id of the pages sharing an LSH band with it,
    transitively (null for a page sharing none)."""
    summary = summaries.collect() if isinstance(summaries, pl.LazyFrame) else summaries
    keyed = summary.select("id", pl.col("bands").alias("key")).explode("key").drop_nulls("key")
    # a band key shared by one page only joins nothing
    shared = keyed.filter(pl.len().over("key") > 1)
    labels = _components(shared, shared["id"].unique())
    return summary.select("id", "text_hash").join(
        labels.rename({"label": "cluster"}), on="id", how="left"
    )


def assign_splits(keys: pl.DataFrame, ratios: dict[str, float] | None = None) -> pl.DataFrame:
    """id, split for a frame of (id, text_hash, cluster): pages sharing a text hash or a
    cluster — transitively — get one split, the `split_of` their smallest id."""
    edges = pl.concat(
        [
            keys.select("id", pl.format("h{}", "text_hash").alias("key")).filter(
                pl.col("key").is_not_null()
            ),
            keys.select("id", pl.format("c{}", "cluster").alias("key")).filter(
                pl.col("key").is_not_null()
            ),
        ]
    )
    edges = edges.filter(pl.len().over("key") > 1)
    labels = _components(edges, keys["id"].unique())
    return labels.select("id", split_of(pl.col("label"), ratios or DEFAULT_SPLITS))
