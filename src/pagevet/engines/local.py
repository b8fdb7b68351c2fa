"""The local engine: raw-page batches parsed in worker processes on this machine, at most two
batches per worker in flight, so memory stays bounded whatever the size of the crawl; corpus
passes run in this process. With a parse cache (`engines.cache`), pages whose bytes and
parser are unchanged since the last run are not parsed again."""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from pagevet.corpus import CorpusPass
from pagevet.engines import BatchStep, Progress, reduce_in_process
from pagevet.engines.cache import ParseCache, Plan
from pagevet.engines.lifeline import die_with_parent
from pagevet.engines.replay import RawReplay
from pagevet.engines.results import ResultCache
from pagevet.faults import fault_point


def default_workers() -> int:
    """Parsing is pure Python: the CLI uses one worker process per core (`PAGEVET_WORKERS`
    overrides). Library calls default to one process: worker processes are spawned, which
    re-imports the caller's main module (scripts need an `if __name__ == "__main__":` guard)."""
    return max(1, int(os.environ.get("PAGEVET_WORKERS") or os.cpu_count() or 1))


class LocalEngine:
    def __init__(
        self,
        *,
        workers: int = 1,
        batch_size: int = 256,
        progress: Progress | None = None,
        cache: ParseCache | None = None,
        results: ResultCache | None = None,
    ) -> None:
        self.workers = workers
        self.batch_size = batch_size
        self.progress = progress
        self.cache = cache
        self.results = results  # the page stage's cache (`pipeline.page_stage`)
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        """The worker processes, started on first use and kept for the next `map` (a run's
        site-line pass and parse pass share them) until `stop_workers`."""
        if self._executor is None:
            # spawn, not fork: forking a process that has started polars' thread pool can
            # deadlock
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
            )
        return self._executor

    def stop_workers(self) -> None:
        """Stop the worker processes (the pipeline calls this once the parse pass is done, so
        they hold no memory while the version is written); a later `map` starts new ones."""
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)
            self._executor = None

    # `map` takes a `replay=` (`engines.replay.RawReplay`): the pipeline's two passes read
    # the files once
    replays = True

    def map(
        self, paths: Iterable[str | Path], step: BatchStep, *, replay: RawReplay | None = None
    ) -> Iterator[pa.Table]:
        """With a parse cache, only the pages it lacks go to `step`; the cached rows are put
        back in place and every batch's rows are recorded for the next run. With `replay`,
        the raw batches are those it recorded (when a pass read them all), else they are
        read from `paths` and recorded."""
        from pagevet.sources import read_pages

        lines: Iterator[pa.Table | None] = itertools.repeat(None)
        if replay is not None and replay.recorded:
            batches: Iterator[pa.RecordBatch] = replay.replay()
            if replay.has_lines:
                lines = replay.lines()
        else:
            batches = read_pages(paths, batch_size=self.batch_size)
            if replay is not None:
                batches = replay.record(batches)
        plans: collections.deque[Plan] = collections.deque()
        plans_done: collections.deque[Plan] = collections.deque()
        # only the parse step's output is cached (not the first pass's site-line counts)
        cache = self.cache if getattr(step, "cacheable", False) else None
        if cache is not None:
            batches = _uncached(
                batches, cache, plans, plans_done, getattr(step, "site_lines", None), lines
            )
        first = next(batches, None)
        second = next(batches, None) if first is not None else None
        # a light step (the site-line counts) before an incremental parse: the parse starts
        # no workers, and this step alone is not worth starting them
        light = getattr(step, "light", False) and self.cache is not None and self.cache.warm
        if self.workers <= 1 or second is None or light:  # not worth starting processes
            done: Iterator[pa.Table] = (
                step(b)
                for b in itertools.chain([first, second] if first is not None else [], batches)
                if b is not None
            )
        else:
            # with a cache, a batch left with a few pages to parse (an incremental build's
            # usual case) is parsed here: starting worker processes — each imports pagevet and
            # loads the language model — costs more than parsing a few pages
            few = max(1, self.batch_size // 4) if cache is not None else 0
            done = _parallel(
                itertools.chain([first, second], batches), step, self.workers, self._pool, few
            )
        for table in done:
            if cache is not None:
                table = cache.fill(table, plans.popleft())
                cache.record(table, plans_done.popleft())
            if self.progress and getattr(step, "reports_progress", True):
                self.progress(table.num_rows)
            fault_point("parsing")
            yield table

    def reduce(
        self, batches: list[pl.DataFrame], corpus_pass: CorpusPass[Any]
    ) -> list[pl.DataFrame]:
        return reduce_in_process(batches, corpus_pass)


def _start_worker() -> None:
    """Pool initializer: the worker dies with this process, and pyarrow does not import
    pandas. pyarrow's first `pa.array` of a Python list imports pandas only to rule out
    pandas objects (~0.7 s and ~50 MB a process); the workers never hold one, so that
    first probe is made to fail here, once. pyarrow still imports pandas for real when
    something asks it for pandas (its shim tries again then)."""
    die_with_parent()
    if "pandas" not in sys.modules:
        sys.meta_path.insert(0, _NoPandas)
        try:
            pa.array([0])
        finally:
            sys.meta_path.remove(_NoPandas)


class _NoPandas:
    """An import finder under which `import pandas` fails."""

    @staticmethod
    def find_spec(name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError(f"{name} is not imported by parse workers")
        return None


def _uncached(
    batches: Iterator[pa.RecordBatch],
    cache: ParseCache,
    plans: collections.deque[Plan],
    plans_done: collections.deque[Plan],
    site_lines: Any,
    lines: Iterator[pa.Table | None],
) -> Iterator[pa.RecordBatch]:
    """The rows of each batch the cache lacks; each batch's plan goes to `plans` (for
    `fill`) and `plans_done` (for `record`), in order. `lines`: each batch's page lines
    from the first pass (or None)."""
    for batch in batches:
        # as many as the batches when kept (`RawReplay.has_lines`), else None for ever
        todo, plan = cache.plan(batch, site_lines, next(lines, None))
        plans.append(plan)
        plans_done.append(plan)
        yield todo


def _parallel(
    batches: Iterator[pa.RecordBatch],
    step: BatchStep,
    workers: int,
    pool: Callable[[], ProcessPoolExecutor],
    few: int = 0,
) -> Iterator[pa.Table]:
    """`step` on each batch in the worker processes of `pool()`, results in input order; a
    batch of fewer than `few` rows is done in this process (the pool is asked for with the
    first batch it gets). At most `2 * workers` batches are in flight or waiting."""
    pending: collections.deque[Future[pa.Table]] = collections.deque()
    try:
        for batch in batches:
            if batch.num_rows < few:
                future: Future[pa.Table] = Future()
                future.set_result(step(batch))
            else:
                future = pool().submit(step, batch)
            pending.append(future)
            while pending and (pending[0].done() or len(pending) >= 2 * workers):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
