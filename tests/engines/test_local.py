"""The local engine: parallel parsing gives exactly the sequential result, in input order."""

from __future__ import annotations

import polars as pl

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
