"""pagevet diff: added/removed/changed pages and rule-rate deltas between versions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from clirun import run_cli
from pagevet.store.build import build_version
from pagevet.store.diff import diff_versions

from .conftest import copy_dataset

PAGEVET = str(Path(sys.executable).parent / "pagevet")


def test_diff_counts_and_rates(built, tmp_path):
    ds = copy_dataset(built, tmp_path / "copy")
    pages = sorted((ds / "raw" / "thoibaohoanvu").glob("*.txt"))
    removed_id = pages[0].stem.split("_")[1]
    pages[0].unlink()
    changed = pages[1]
    changed_id = changed.stem.split("_")[1]
    changed.write_text(  # mojibake: an encoding-error (an error, so a flag)
        changed.read_text("utf-8").replace("\n", "\nTrÆ°á»ng há»c Ä‘Ã£ má»Ÿ cá»­a\n", 1)
    )
    added = ds / "raw" / "thoibaohoanvu" / "900_abcdefabcdefabcd.txt"
    added.write_text("Một bài mới\n\n" + "Nội dung của bài báo mới được thêm vào bộ dữ liệu. " * 8)
    build_version(ds)
    d = diff_versions(ds, "1.0.0", "1.1.0")
    assert d["pages"]["added"] == 1 and d["examples"]["added"] == ["abcdefabcdefabcd"]
    assert d["pages"]["removed"] == 1 and d["examples"]["removed"] == [removed_id]
    assert d["pages"]["changed"] == 1 and d["examples"]["changed"] == [changed_id]
    assert d["rows"] == {"a": 60, "b": 60}
    encoding = d["rule_rates"]["encoding-error"]
    assert encoding["b"] > encoding["a"]
    out = run_cli("diff", str(ds), "v1.0.0", "v1.1.0", "--format", "json")
    assert out.code == 0 and json.loads(out.out) == d
    text = run_cli("diff", str(ds), "1.0.0", "1.1.0")
    assert "+1 added, -1 removed, ~1 changed" in text.out
