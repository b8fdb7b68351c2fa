"""One page, one id: pages that share an id are renamed, with a finding, before any rule runs.

Rules, findings and splits are keyed by id; two pages with one id would each receive the other's
findings (N pages sharing an id give N² findings) and could not both be stored. Real crawls
repeat ids (a JSONL export with a constant id, two dumps of one page under one hash), so the
later page becomes `<id>~2`, `<id>~3`… in input order, and says so.
"""

from __future__ import annotations

import polars as pl
import pyarrow as pa

from pagevet.pages.table import FINDING

# pa.nulls, not pa.array([]): pa.array imports pandas (0.7 s, ~50 MB) to rule out its types
FINDING_DTYPE = pl.from_arrow(pa.nulls(0, FINDING)).dtype


def unique_ids(batches: list[pl.DataFrame]) -> list[pl.DataFrame]:
    """The batches of a run with every id unique across all of them (see `unique_page_ids`);
    batch sizes and order are kept."""
    if not batches:
        return batches
    ids = pl.concat([b.select("id") for b in batches])
    if ids["id"].n_unique() == ids.height:
        return batches
    whole = unique_page_ids(pl.concat(batches, how="vertical_relaxed"))
    out, start = [], 0
    for batch in batches:
        out.append(whole.slice(start, batch.height))
        start += batch.height
    return out


def unique_page_ids(pages: pl.DataFrame) -> pl.DataFrame:
    """`pages` with every id unique; a renamed page gets a warning finding naming the first
    page that holds its id. Input order decides which page keeps the id."""
    if pages.is_empty() or pages["id"].n_unique() == pages.height:
        return pages
    where = (
        pl.when(pl.col("format").is_in(["text", "html"]))
        .then(pl.col("path"))
        .otherwise(pl.format("{}#{}", "path", "record"))
    )
    ordered = pages.with_columns(
        pl.int_range(pl.len()).over("id").alias("_nth"),
        where.first().over("id").alias("_first"),
    )
    renamed = ordered.with_columns(
        pl.when(pl.col("_nth") > 0)
        .then(pl.format("{}~{}", "id", pl.col("_nth") + 1))
        .otherwise(pl.col("id"))
        .alias("_new_id")
    )
    finding = pl.struct(
        pl.lit("unreadable-page").alias("rule"),
        pl.lit("warning").alias("severity"),
        pl.lit(None, pl.Int32).alias("line"),
        pl.format(
            "{}: id {} is already the id of {}: renamed {}; give every page its own id",
            where,
            "id",
            "_first",
            "_new_id",
        ).alias("message"),
        pl.struct(duplicate_id=pl.col("id"), first=pl.col("_first"), renamed=pl.col("_new_id"))
        .struct.json_encode()
        .alias("evidence"),
    ).cast(FINDING_DTYPE)
    out = renamed.with_columns(
        pl.when(pl.col("_nth") > 0)
        .then(pl.concat_list(pl.col("findings").cast(pl.List(FINDING_DTYPE)), finding))
        .otherwise(pl.col("findings").cast(pl.List(FINDING_DTYPE)))
        .alias("findings"),
        pl.col("_new_id").alias("id"),
    ).drop("_nth", "_first", "_new_id")
    # A renamed id may itself be taken ("a~2" given as an id): rename again until unique.
    return unique_page_ids(out)
