"""The distributed engine: Ray Data reads and parses the files (`map`); corpus passes run on
the driver for now (`reduce`), so both engines give the same pages.

    files -> ray.data.from_items -> map_batches(read + step, batch_format="pyarrow") ->
    Arrow tables in file order

Ray is an optional dependency: `pip install 'pagevet[distributed]'`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from pagevet.corpus import CorpusPass
from pagevet.engines import BatchStep, reduce_in_process
from pagevet.errors import PagevetError

_FILE = "_file_index"


def _read_and_step(batch: pa.Table, step: BatchStep) -> pa.Table:
    """One Ray batch of file paths -> `step` over their raw pages, tagged with each file's
    position."""
    from pagevet.sources import read_pages

    tables = []
    for index, path in zip(batch[_FILE].to_pylist(), batch["path"].to_pylist(), strict=True):
        for raw in read_pages([path]):
            done = step(raw)
            tables.append(done.append_column(_FILE, pa.array([index] * done.num_rows, pa.int64())))
    if not tables:
        return pa.table({_FILE: pa.array([], pa.int64())})
    return pa.concat_tables(tables)


def _init_ray(num_cpus: int | None) -> Any:
    try:
        import ray
    except ImportError:
        raise PagevetError(
            "the ray engine needs Ray Data: pip install 'pagevet[distributed]' "
            "(or use the local engine)"
        ) from None
    if not ray.is_initialized():
        ray.init(
            address="local",  # never join a cluster by accident
            num_cpus=num_cpus,
            include_dashboard=False,
            _temp_dir=tempfile.mkdtemp(prefix="ray-", dir="/tmp"),  # short: socket paths
            object_store_memory=256 * 1024 * 1024,
            log_to_driver=False,
            configure_logging=False,
        )
    ray.data.DataContext.get_current().enable_progress_bars = False
    return ray


class RayEngine:
    def __init__(self, *, files_per_batch: int = 64, num_cpus: int | None = None) -> None:
        self.files_per_batch = files_per_batch
        self.num_cpus = num_cpus

    def map(self, paths: Iterable[str | Path], step: BatchStep) -> Iterator[pa.Table]:
        from pagevet.sources import iter_input_files

        files = [str(p) for p in iter_input_files(paths)]
        if not files:
            return iter(())
        ray = _init_ray(self.num_cpus)
        items = [{_FILE: i, "path": p} for i, p in enumerate(files)]
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
        return iter([ordered])

    def reduce(
        self, batches: list[pl.DataFrame], corpus_pass: CorpusPass[Any]
    ) -> list[pl.DataFrame]:
        return reduce_in_process(batches, corpus_pass)
