"""Engines execute the pipeline's two kinds of work and nothing else (see `pagevet.pipeline`):

- `map(paths, step)`: read every input file in raw-page batches (RAW_SCHEMA), run `step` on
  each batch (parse and per-page work; it returns a PAGE_SCHEMA Arrow table) and yield the
  results in input order;
- `reduce(batches, corpus_pass)`: run one corpus pass over every batch — summarise each batch,
  merge the summaries, apply the merged summary to each batch — and return the batches.

`local` runs the steps in worker processes on this machine; `ray` runs `map` on Ray Data.
`get_engine` is the one place an engine is chosen by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

import polars as pl
import pyarrow as pa

from pagevet.corpus import CorpusPass
from pagevet.errors import PagevetError

BatchStep = Callable[[pa.RecordBatch | pa.Table], pa.Table]
Progress = Callable[[int], None]
ENGINES = ("local", "ray")


class Engine(Protocol):
    def map(self, paths: Iterable[str | Path], step: BatchStep) -> Iterator[pa.Table]:
        """`step` over every raw-page batch of `paths`, results in input order."""
        ...

    def reduce(
        self, batches: list[pl.DataFrame], corpus_pass: CorpusPass[Any]
    ) -> list[pl.DataFrame]:
        """`corpus_pass` summarised per batch, merged, and applied to every batch."""
        ...


def reduce_in_process(
    batches: list[pl.DataFrame], corpus_pass: CorpusPass[Any]
) -> list[pl.DataFrame]:
    """The reference `reduce`: summaries and their merge in this process."""
    merged = corpus_pass.merge([corpus_pass.summarise(b) for b in batches])
    return [corpus_pass.apply(b, merged) for b in batches]


def get_engine(
    name: str,
    *,
    workers: int = 1,
    progress: Progress | None = None,
    cache: Any = None,
    results: Any = None,
    ray_address: str | None = None,
) -> Engine:
    """The engine called `name` (`local` or `ray`); `workers`, `progress` and `cache` (an
    `engines.cache.ParseCache`) and `results` (an `engines.results.ResultCache`) are the local engine's (Ray schedules its own workers, reports
    no progress and parses every page); `ray_address` is the Ray cluster to join (None:
    `RAY_ADDRESS`, else a local Ray instance)."""
    if name == "local":
        from pagevet.engines.local import LocalEngine

        return LocalEngine(workers=workers, progress=progress, cache=cache, results=results)
    if name == "ray":
        from pagevet.engines.ray import RayEngine

        return RayEngine(address=ray_address)
    raise PagevetError(f"unknown engine {name!r}; engines are {', '.join(ENGINES)}")
