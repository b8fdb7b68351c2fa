"""Passes over the whole corpus: template lines per source (duplicates are corpus rules).

A corpus pass is three functions, so an engine can run it over batches it never gathers in
one place (see `pagevet.pipeline`):

- `summarise(batch) -> S`: a compact summary of one batch of pages (counts, hashes, keys —
  never the pages themselves);
- `merge(summaries) -> S`: one summary of the whole corpus from the batches' summaries, in
  batch order;
- `apply(batch, merged) -> batch`: the batch updated with what the whole corpus showed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

import polars as pl

S = TypeVar("S")


class CorpusPass(Protocol[S]):
    name: str

    def summarise(self, batch: pl.DataFrame) -> S: ...

    def merge(self, summaries: Sequence[S]) -> S: ...

    def apply(self, batch: pl.DataFrame, merged: S) -> pl.DataFrame: ...
