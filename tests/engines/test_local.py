"""The local engine: parallel parsing gives exactly the sequential result, in input order."""

from __future__ import annotations

import polars as pl
import pytest

from pagevet.config import Config
from pagevet.engines.local import LocalEngine
from pagevet.pipeline import ParseStep, run
from samplegen import write_sample


def test_workers_give_the_same_pages_in_the_same_order(tmp_path):
    write_sample(tmp_path / "ds", pages=60, seed=5)
    raw = [tmp_path / "ds" / "raw"]
    one = list(LocalEngine(workers=1, batch_size=7).map(raw, ParseStep()))
    two = list(LocalEngine(workers=2, batch_size=7).map(raw, ParseStep()))
    assert [t.num_rows for t in one] == [t.num_rows for t in two]
    assert len(one) > 2  # several batches really went through the pool
    assert all(a.equals(b) for a, b in zip(one, two, strict=True))


def test_progress_counts_every_page(tmp_path):
    write_sample(tmp_path / "ds", pages=60, seed=5)
    seen: list[int] = []
    engine = LocalEngine(batch_size=16, progress=seen.append)
    pages = run([tmp_path / "ds" / "raw"], Config(), engine=engine).pages
    assert sum(seen) == pages.height == 60
    assert len(seen) == 4  # one call per batch
    assert pages["id"].n_unique() == pages.height
    assert pages.filter(pl.col("text_chars") > 0).height >= 55


def test_one_pool_serves_both_passes_and_stops_after_the_parse(tmp_path, monkeypatch, pool_starts):
    """The site-line pass and the parse share the worker processes; they are stopped once
    the parse is done, and when it fails."""
    import pagevet.pipeline as pipeline

    write_sample(tmp_path / "ds", pages=60, seed=5)
    started = pool_starts
    engine = LocalEngine(workers=2, batch_size=16)
    pages = run([tmp_path / "ds" / "raw"], Config(), engine=engine).pages
    assert pages.height == 60
    assert started == [1]
    assert engine._executor is None

    def failing(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "with_source_names", failing)
    with pytest.raises(RuntimeError, match="boom"):
        run([tmp_path / "ds" / "raw"], Config(), engine=engine)
    assert started == [1, 1]
    assert engine._executor is None


def pandas_imported(batch):
    """A step: whether this process has imported pandas, after the parse of `batch`."""
    import sys

    import pyarrow as pa

    ParseStep()(batch)
    return pa.table({"pandas": ["pandas" in sys.modules] * batch.num_rows})


def test_parse_workers_do_not_import_pandas(tmp_path):
    """pyarrow imports pandas on its first `pa.array` of a list (to rule out pandas
    objects; the parse's `pa.Table.from_pylist` is one); the workers make that probe fail
    once, so none of them holds pandas."""
    write_sample(tmp_path / "ds", pages=60, seed=5)
    raw = [tmp_path / "ds" / "raw"]
    done = list(LocalEngine(workers=2, batch_size=16).map(raw, pandas_imported))
    assert len(done) == 4
    assert not any(any(t["pandas"].to_pylist()) for t in done)
