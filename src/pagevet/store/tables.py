"""The two configs of a version as Arrow tables with `datasets.Features` schemas, and the
deterministic Parquet writer."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from pagevet.rules.nav_spam import furniture_stats

# Columns of the default config (clean pages), in order; flag__* columns follow `findings`.
DEFAULT_COLUMNS = [
    "id", "source", "url", "slug", "slug_from", "title", "title_line", "lead", "text", "byline",
    "published_at", "published_from", "crawled_at", "crawled_from", "language",
    "language_score", "text_chars", "nav_char_share", "slug_verdict", "slug_score",
    "line_roles", "findings",
]  # fmt: skip
PROVENANCE = ["path", "record", "format", "sha256", "bytes", "encoding"]
RAW_EXTRA = ["raw", "page_text", "read_error"]


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


def add_derived_columns(pages: pl.DataFrame, ratios: dict[str, float]) -> pl.DataFrame:
    """nav_char_share, slug verdict/score and split, the columns suites and scripts use."""
    from pagevet.rules import title_slug

    share = furniture_stats(pages).select("id", pl.col("share").alias("nav_char_share"))
    out = pages.join(share.unique("id"), on="id", how="left").with_columns(
        pl.col("nav_char_share").fill_null(0.0)
    )
    verdicts = title_slug.slug_verdicts(out).unique("id")
    out = out.join(verdicts, on="id", how="left")
    return out.with_columns(split_of(pl.col("id"), ratios))


def _ordered(pages: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    flags = sorted(c for c in pages.columns if c.startswith("flag__"))
    return pages.select([*columns, *flags, "split", *PROVENANCE]).sort("id", maintain_order=True)


def default_table(pages: pl.DataFrame) -> pl.DataFrame:
    """Every page that could be read, with clean fields, flags and findings (no raw text)."""
    return _ordered(pages.filter(pl.col("read_error").is_null()), DEFAULT_COLUMNS)


def raw_table(pages: pl.DataFrame) -> pl.DataFrame:
    """Every page read, readable or not, with the raw text and all findings."""
    return _ordered(pages, DEFAULT_COLUMNS + RAW_EXTRA)


def to_arrow(frame: pl.DataFrame):
    """Polars writes large_string, which hides `datasets.Features`: cast to the Features'
    own Arrow schema (with its `huggingface` metadata)."""
    import datasets

    table = frame.to_arrow()
    small = pa.schema([pa.field(f.name, _small_types(f.type), nullable=True) for f in table.schema])
    features = datasets.Features.from_arrow_schema(small)
    return table.cast(features.arrow_schema), features


def _small_types(t: pa.DataType) -> pa.DataType:
    if pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return pa.string()
    if pa.types.is_large_list(t) or pa.types.is_list_view(t) or pa.types.is_list(t):
        return pa.list_(_small_types(t.value_type))
    if pa.types.is_struct(t):
        return pa.struct([pa.field(f.name, _small_types(f.type)) for f in t])
    return t


def write_shards(table: pa.Table, folder: Path, split: str, max_shard_bytes: int) -> list[Path]:
    """`<split>-0000i-of-0000n.parquet` files, zstd, at most ~max_shard_bytes of Arrow data each."""
    shards = max(1, min(math.ceil(table.nbytes / max_shard_bytes), table.num_rows))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(shards):
        # near-equal row ranges, none empty (an empty shard breaks datasets' Parquet reader)
        start, stop = i * table.num_rows // shards, (i + 1) * table.num_rows // shards
        part = table.slice(start, stop - start)
        path = folder / f"{split}-{i:05d}-of-{shards:05d}.parquet"
        pq.write_table(part, path, compression="zstd", row_group_size=10_000, write_statistics=True)
        paths.append(path)
    return paths
