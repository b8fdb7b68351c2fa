"""The local engine: parallel parsing gives exactly the sequential result, in input order."""

from __future__ import annotations

import polars as pl

from pagevet.config import Config
from pagevet.engines.local import check_pages, parse_pages
from pagevet.sample import write_sample


def test_workers_give_the_same_pages_in_the_same_order(tmp_path):
    write_sample(tmp_path / "ds", pages=60, seed=5)
    raw = [tmp_path / "ds" / "raw"]
    one = [t for t in parse_pages(raw, Config(), batch_size=7, workers=1)]
    two = [t for t in parse_pages(raw, Config(), batch_size=7, workers=2)]
    assert [t.num_rows for t in one] == [t.num_rows for t in two]
    assert len(one) > 2  # several batches really went through the pool
    assert all(a.equals(b) for a, b in zip(one, two, strict=True))


def test_progress_counts_every_page(tmp_path):
    write_sample(tmp_path / "ds", pages=60, seed=5)
    seen: list[int] = []
    pages = check_pages([tmp_path / "ds" / "raw"], Config(), batch_size=16, progress=seen.append)
    assert sum(seen) == pages.height == 60
    assert pages["id"].n_unique() == pages.height
    assert pages.filter(pl.col("text_chars") > 0).height >= 55
