"""The page stage's result cache: rows grouped by page, keys, lookups, fingerprints."""

from __future__ import annotations

import numpy as np
import polars as pl

from pagevet.config import Config
from pagevet.engines.results import (
    ResultCache,
    page_grouped,
    results_fingerprint,
    row_keys,
    ungrouped,
)


def test_page_grouped_keeps_page_order_and_each_pages_row_order():
    rows = pl.DataFrame(
        {"id": ["b", "a", "b", "c", "a"], "n": [1, 2, 3, 4, 5], "w": ["x", "y", "z", "u", "v"]}
    )
    ids = pl.Series(["a", "d", "b", "c"])
    lists = page_grouped(rows, ids)
    assert lists.to_list() == [
        [{"n": 2, "w": "y"}, {"n": 5, "w": "v"}],
        [],  # a page without rows
        [{"n": 1, "w": "x"}, {"n": 3, "w": "z"}],
        [{"n": 4, "w": "u"}],
    ]
    back = ungrouped(ids, lists)
    assert back.columns == ["id", "n", "w"]
    assert back.rows() == [
        ("a", 2, "y"),
        ("a", 5, "v"),
        ("b", 1, "x"),
        ("b", 3, "z"),
        ("c", 4, "u"),
    ]
    assert back.schema == rows.schema


def test_ungrouped_of_no_rows_keeps_the_column_types():
    rows = pl.DataFrame(schema={"id": pl.String, "h": pl.UInt64, "bands": pl.List(pl.UInt64)})
    ids = pl.Series(["a", "b"])
    back = ungrouped(ids, page_grouped(rows, ids))
    assert back.height == 0
    assert back.schema == rows.schema


def test_row_keys_see_every_column_including_nested_ones():
    frame = pl.DataFrame({"id": ["a", "b"], "lines": [[{"r": "body"}], [{"r": "nav"}]]})
    key, check = row_keys(frame)
    changed = frame.with_columns(pl.Series("lines", [[{"r": "body"}], [{"r": "body"}]]))
    key2, check2 = row_keys(changed)
    assert key[0] == key2[0] and check[0] == check2[0]
    assert key[1] != key2[1] and check[1] != check2[1]
    assert not np.array_equal(key, check)  # two independent hashes


def _results(key: list[int], check: list[int], value: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "v": value,
            "_key": pl.Series(key, dtype=pl.UInt64),
            "_check": pl.Series(check, dtype=pl.UInt64),
        }
    )


def test_lookup_finds_committed_rows_and_refuses_a_failed_check(tmp_path):
    cache = ResultCache(tmp_path, "f1")
    cache.record(_results([5, 9], [50, 90], ["five", "nine"]))
    cache.record(_results([7], [70], ["seven"]))
    assert not (tmp_path / "results").exists()  # nothing is the cache before commit()
    cache.commit()

    warm = ResultCache(tmp_path, "f1")
    hit, where = warm.lookup(
        np.array([7, 5, 9, 3, 10], np.uint64), np.array([70, 50, 91, 30, 100], np.uint64)
    )
    assert hit.tolist() == [True, True, False, False, False]  # 9's check differs: a miss
    assert warm.cached_rows(where[:, hit])["v"].to_list() == ["seven", "five"]
    assert (warm.hits, warm.misses) == (2, 3)

    # another fingerprint (changed rules or configuration): cold
    assert (
        not ResultCache(tmp_path, "f2")
        .lookup(np.array([5], np.uint64), np.array([50], np.uint64))[0]
        .any()
    )
    # a full build (reuse=False) looks nothing up
    assert (
        not ResultCache(tmp_path, "f1", reuse=False)
        .lookup(np.array([5], np.uint64), np.array([50], np.uint64))[0]
        .any()
    )


def test_the_fingerprint_follows_the_rule_settings_not_where_they_came_from():
    base = results_fingerprint("p", Config())
    assert results_fingerprint("p", Config(origin="pyproject.toml")) == base
    assert results_fingerprint("p", Config(severity={"too-short": "error"})) != base
    assert results_fingerprint("p", Config(params={"nav-spam": {"max_share": 0.5}})) != base
    assert results_fingerprint("p", Config(ignore=["too-short"])) != base
    assert results_fingerprint("q", Config()) != base  # another parser
