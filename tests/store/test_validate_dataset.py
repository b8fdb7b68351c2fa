"""`pagevet validate` on a dataset folder (latest or --version) and on raw pages."""

from __future__ import annotations

import json
from pathlib import Path

from clirun import Run, run_cli


def _validate(*args: str, cwd: Path) -> Run:
    return run_cli("validate", *args, cwd=cwd)


def test_dataset_folder_validates_its_latest_version(built):
    root = built.parent
    out = _validate(str(built), "--suite", "checks/smoke.json", "--format", "json", cwd=root)
    assert out.code == 0, out.err
    (result,) = json.loads(out.out)
    assert result["suite"] == "smoke" and result["rows"] == 60 and result["success"]


def test_unknown_version_is_a_usage_error_listing_versions(built):
    out = _validate(
        str(built), "--version", "7.0.0", "--suite", "checks/smoke.json", cwd=built.parent
    )
    assert out.code == 2
    assert "v7.0.0" in out.err and "built versions: v1.0.0" in out.err


def test_raw_pages_are_checked_in_memory_then_validated(built):
    root = built.parent
    out = _validate(
        str(built / "raw"), "--suite", "checks/smoke.json", "--format", "json", cwd=root
    )
    assert out.code == 0, out.err
    assert '"rows": 60' in out.out


def test_a_failing_expectation_exits_1(built, tmp_path):
    suite = tmp_path / "strict.json"
    suite.write_text(json.dumps({"name": "strict", "expectations": [{
        "type": "expect_column_mean_to_be_between",
        "kwargs": {"column": "flag__nav-spam", "min_value": 0.0, "max_value": 0.0},
        "meta": {}, "severity": "critical"}]}))  # fmt: skip
    out = _validate(str(built), "--suite", str(suite), cwd=built.parent)
    assert out.code == 1
    assert "flag__nav-spam" in out.out
