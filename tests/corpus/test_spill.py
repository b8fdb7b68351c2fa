"""The spill store: frames come back in the order they were written, and the folder goes."""

from __future__ import annotations

import polars as pl

from pagevet.corpus.spill import SpillStore


def test_frames_come_back_in_order_and_scan_as_one(tmp_path) -> None:
    with SpillStore(tmp_path) as spill:
        for i in range(3):
            spill.append("pages", pl.DataFrame({"id": [f"p{i}a", f"p{i}b"], "n": [i, i]}))
        spill.append("other", pl.DataFrame({"x": [1]}))
        assert spill.count("pages") == 3
        got = [f["id"].to_list() for f in spill.frames("pages")]
        assert got == [["p0a", "p0b"], ["p1a", "p1b"], ["p2a", "p2b"]]
        assert spill.scan("pages").select(pl.col("n").sum()).collect().item() == 6
        assert spill.scan("missing", {"id": pl.String}).collect().columns == ["id"]
        spill.drop("pages")
        assert spill.count("pages") == 0 and spill.count("other") == 1
        folder = spill.folder
    assert not folder.exists()
