"""The result cache: an incremental build runs the page stage only on pages that changed.

After the corpus passes, each page of a batch goes through the page stage of
`pipeline.run_batches`: page fields, page rules' findings, corpus rules' summaries and the
split keys. Every one of those depends only on the page's row at that point (its parsed row
with the corpus passes applied: template lines relabelled, ids made unique) and on the rules
— their code, the configuration that selects and parameterises them, the lexicons. So a
page whose row and rules are unchanged since the last build gets the same results, and the
cache hands them back instead of computing them.

A row is recognised by two 64-bit polars row hashes with different seeds (`hash_rows`, over
every column, so a change anywhere in the page — or in what the corpus says about its
lines — is a miss). The fingerprint (`results_fingerprint`) covers the parser fingerprint,
pagevet's rule, corpus and split code, polars' version (its hashes are only stable within
one) and the rule configuration.

Layout, in `DATASET/.pagevet-cache/`:

    results/FINGERPRINT            the fingerprint the results were made with
    results/part-000000.parquet    one row per page of one batch: `_key`, `_check`, the page
                                   fields, and one list column per output stream
    .results-writing/              this run's results, renamed by `commit()`

Like the parse cache, this run's results replace the old ones only when the run finished,
and memory holds a key index (about 24 bytes a cached page) and at most two cached files.

Every output stream of the page stage goes through `page_grouped` on every run, cached or
not: its rows grouped by page in the batch's page order. So a summary's row order is the
same whether its pages came from the cache or not, and the version is byte-identical to a
full rebuild.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from pagevet.engines.cache import CacheFolder, code_digest

RESULTS = "results"
# What the page stage's results are made by, beside the parser (see `parser_fingerprint`)
_RULE_PARTS = (
    "rules", "corpus", "splits.py", "findings.py", "pipeline.py", "pages/fields.py",
    "engines/results.py",
)  # fmt: skip
_SEEDS = (0x5EED, 0xC0FFEE)


def results_fingerprint(parser: str, config: Any) -> str:
    """sha256 over the parser fingerprint, the rule stage's code, polars' version and the
    configuration (rule selection, severities, parameters, languages, lexicon files)."""
    digest = hashlib.sha256(f"parser {parser}\npolars {metadata.version('polars')}\n".encode())
    code_digest(digest, _RULE_PARTS)
    settings = dataclasses.asdict(config) if dataclasses.is_dataclass(config) else dict(config)
    for name in ("origin", "read_from", "rule_origins"):  # where settings came from, not what
        settings.pop(name, None)
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def row_keys(batch: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Two independent 64-bit hashes of every row (all columns): the lookup key and its
    check."""
    return (
        batch.hash_rows(seed=_SEEDS[0]).to_numpy(),
        batch.hash_rows(seed=_SEEDS[1]).to_numpy(),
    )


def page_grouped(rows: pl.DataFrame, ids: pl.Series) -> pl.Series:
    """`rows` (with an `id` column) as one list of structs per page of `ids`, in that order
    (an empty list for a page without rows); the rows of a page keep their order."""
    value = [c for c in rows.columns if c != "id"]
    dtype = pl.List(pl.Struct({c: rows.schema[c] for c in value}))
    grouped = rows.group_by("id", maintain_order=True).agg(pl.struct(value).alias("_v"))
    joined = ids.to_frame("id").join(grouped, on="id", how="left", maintain_order="left")
    return joined["_v"].cast(dtype).fill_null(pl.lit([], dtype)).alias("_v")


def ungrouped(ids: pl.Series, lists: pl.Series) -> pl.DataFrame:
    """The rows of `page_grouped` again: `id` and the struct's columns, page by page."""
    fields = lists.dtype.inner.fields  # type: ignore[union-attr]
    frame = pl.DataFrame([ids.alias("id"), lists.alias("_v")]).explode("_v")
    frame = frame.filter(pl.col("_v").is_not_null())
    return frame.select("id", *(pl.col("_v").struct.field(f.name) for f in fields))


class ResultCache(CacheFolder):
    """Page-stage results of the previous run in `folder`, and this run's being written.
    `reuse=False` looks nothing up but records this run's results."""

    name = RESULTS

    def __init__(self, folder: str | Path, fingerprint: str, *, reuse: bool = True) -> None:
        super().__init__(folder, fingerprint, reuse=reuse)
        keys, checks, files, rows = [], [], [], []
        for n, path in enumerate(self._files):
            index = pl.read_parquet(path, columns=["_key", "_check"])
            keys.append(index["_key"].to_numpy())
            checks.append(index["_check"].to_numpy())
            files.append(np.full(index.height, n, dtype=np.int32))
            rows.append(np.arange(index.height, dtype=np.int32))
        key = np.concatenate(keys) if keys else np.empty(0, np.uint64)
        order = np.argsort(key, kind="stable")
        self._keys = key[order]
        self._checks = np.concatenate(checks)[order] if checks else np.empty(0, np.uint64)
        self._file_of = np.concatenate(files)[order] if files else np.empty(0, np.int32)
        self._row_of = np.concatenate(rows)[order] if rows else np.empty(0, np.int32)

    def lookup(self, key: np.ndarray, check: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per row: whether its results are cached, and where (a 2 x rows array of file and
        row numbers, -1 where not)."""
        if not len(self._keys):
            hit = np.zeros(len(key), dtype=bool)
            where = np.full((2, len(key)), -1, dtype=np.int64)
        else:
            at = np.minimum(np.searchsorted(self._keys, key), len(self._keys) - 1)
            hit = (self._keys[at] == key) & (self._checks[at] == check)
            where = np.stack(
                [np.where(hit, self._file_of[at], -1), np.where(hit, self._row_of[at], -1)]
            )
        self.hits += int(hit.sum())
        self.misses += int((~hit).sum())
        return hit, where

    def cached_rows(self, where: np.ndarray) -> pl.DataFrame:
        """The cached result rows at `where` (file and row per row), in that order."""
        parts, order = [], []
        for file_no in np.unique(where[0]).tolist():
            mine = np.flatnonzero(where[0] == file_no)
            parts.append(self._file(file_no)[where[1][mine].tolist()])
            order.append(mine)
        if not parts:
            return pl.DataFrame()
        positions = np.argsort(np.concatenate(order), kind="stable")
        return pl.concat(parts, how="vertical_relaxed")[positions.tolist()]

    def _read(self, path: Path) -> pl.DataFrame:
        return pl.read_parquet(path)

    def record(self, results: pl.DataFrame) -> None:
        """Keep one batch's results (`_key`, `_check` and the result columns) for the next
        run."""
        results.write_parquet(self._next_part(), compression="lz4", statistics=False)
