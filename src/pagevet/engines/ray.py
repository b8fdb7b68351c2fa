"""The distributed engine. `run_distributed` is the whole run on Ray Data with nothing
proportional to the corpus on the driver (`engines.ray_run`); `pipeline.run` and `check` use
it. `map`/`reduce` (the `Engine` protocol) parse on Ray Data and gather the tables on the
driver, for `pipeline.run_batches`.

    files -> ray.data.from_items -> map_batches(read + step, batch_format="pyarrow") ->
    Arrow tables in file order

Ray is an optional dependency: `pip install 'pagevet[distributed]'`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from pagevet.corpus import CorpusPass
from pagevet.engines import BatchStep, reduce_in_process
from pagevet.engines.inputs import FILE_INDEX as _FILE
from pagevet.engines.inputs import read_and_step as _read_and_step
from pagevet.engines.ray_cluster import init_ray


class RayEngine:
    def __init__(
        self,
        *,
        files_per_batch: int = 64,
        num_cpus: int | None = None,
        address: str | None = None,
        batch_size: int = 256,
    ) -> None:
        self.batch_size = batch_size
        self.files_per_batch = files_per_batch
        self.num_cpus = num_cpus
        self.address = address  # None: RAY_ADDRESS, else a local instance

    def map(self, paths: Iterable[str | Path], step: BatchStep) -> Iterator[pa.Table]:
        from pagevet.engines.inputs import ray_items

        paths = list(paths)
        ray = init_ray(self.address, self.num_cpus)
        items = ray_items(paths)
        if not items:
            return iter(())
        refs = (
            ray.data.from_items(
                items, override_num_blocks=max(1, len(items) // self.files_per_batch)
            )
            .map_batches(
                _read_and_step,
                batch_format="pyarrow",
                batch_size=self.files_per_batch,
                fn_kwargs={"step": step},
            )
            .to_arrow_refs()
        )
        tables = [t for t in ray.get(refs) if t.num_rows]
        if not tables:
            return iter(())
        if "record" not in tables[0].column_names:  # not pages (e.g. site-line counts)
            return iter([t.drop_columns([_FILE]) for t in tables])
        ordered = (
            pa.concat_tables(tables, promote_options="default")
            .sort_by([(_FILE, "ascending"), ("record", "ascending")])
            .drop_columns([_FILE])
        )
        # the local engine's batches: `batch_size` pages in input order, across files
        return (
            ordered.slice(start, self.batch_size).combine_chunks()
            for start in range(0, ordered.num_rows, self.batch_size)
        )

    def run_distributed(
        self,
        paths: Iterable[str | Path],
        config: Any,
        *,
        step: BatchStep,
        passes: tuple[Any, ...],
        source_names: dict[str, str] | None = None,
        splits: dict[str, float] | None = None,
    ) -> Any:
        """The whole run on Ray Data (`engines.ray_run`): finished pages stay on the cluster."""
        from pagevet.engines.ray_run import run_on_ray

        self.last_run = run_on_ray(
            paths,
            config,
            step=step,
            passes=passes,
            address=self.address,
            num_cpus=self.num_cpus,
            files_per_batch=self.files_per_batch,
            source_names=source_names,
            splits=splits,
        )
        return self.last_run

    def reduce(
        self, batches: list[pl.DataFrame], corpus_pass: CorpusPass[Any]
    ) -> list[pl.DataFrame]:
        return reduce_in_process(batches, corpus_pass)
