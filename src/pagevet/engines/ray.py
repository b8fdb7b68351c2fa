"""The distributed engine: Ray Data reads and parses the files, the corpus passes and rules run
as in the local engine, so both give the same pages.

    files -> ray.data.from_items -> map_batches(read + parse, batch_format="pyarrow") ->
    ordered Arrow tables -> finish_pages (template lines, rules, corpus passes)

Ray is an optional dependency: `pip install 'pagevet[distributed]'`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from pagevet.config import Config
from pagevet.engines.local import finish_pages
from pagevet.errors import PagevetError
from pagevet.pages.markers import load_markers
from pagevet.pages.table import parse_batch

_FILE = "_file_index"


def _read_and_parse(batch: pa.Table, marker_files: tuple[str, ...]) -> pa.Table:
    """One Ray batch of file paths -> their parsed pages, tagged with each file's position."""
    from pagevet.sources import read_pages

    markers = load_markers(marker_files)
    tables = []
    for index, path in zip(batch[_FILE].to_pylist(), batch["path"].to_pylist(), strict=True):
        for raw in read_pages([path]):
            parsed = parse_batch(raw, markers)
            tables.append(
                parsed.append_column(_FILE, pa.array([index] * parsed.num_rows, pa.int64()))
            )
    if not tables:
        from pagevet.pages.table import PAGE_SCHEMA

        return PAGE_SCHEMA.empty_table().append_column(_FILE, pa.array([], pa.int64()))
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


def check_pages_ray(
    paths: Iterable[str | Path],
    config: Config,
    *,
    files_per_batch: int = 64,
    num_cpus: int | None = None,
    source_names: dict[str, str] | None = None,
) -> pl.DataFrame:
    """What `engines.local.check_pages` returns, with reading and parsing on Ray Data."""
    from pagevet.sources import iter_input_files

    files = [str(p) for p in iter_input_files(paths)]
    ray = _init_ray(num_cpus)
    items = [{_FILE: i, "path": p} for i, p in enumerate(files)]
    marker_files = tuple(config.markers)
    parsed = (
        ray.data.from_items(items, override_num_blocks=max(1, len(items) // files_per_batch))
        .map_batches(
            _read_and_parse,
            batch_format="pyarrow",
            batch_size=files_per_batch,
            fn_kwargs={"marker_files": marker_files},
        )
        .to_arrow_refs()
    )
    tables = [t for t in ray.get(parsed) if t.num_rows]
    if not tables:
        return finish_pages([], config, source_names)
    ordered = (
        pa.concat_tables(tables, promote_options="default")
        .sort_by([(_FILE, "ascending"), ("record", "ascending")])
        .drop_columns([_FILE])
    )
    return finish_pages([ordered], config, source_names)
