"""`pagevet validate` on a dataset folder (latest or --version) and on raw pages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PAGEVET = str(Path(sys.executable).parent / "pagevet")


def _validate(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PAGEVET, "validate", *args], capture_output=True, text=True, cwd=cwd)


def test_dataset_folder_validates_its_latest_version(built):
    root = built.parent
    out = _validate(str(built), "--suite", "checks/smoke.json", "--format", "json", cwd=root)
    assert out.returncode == 0, out.stderr
    (result,) = json.loads(out.stdout)
    assert result["suite"] == "smoke" and result["rows"] == 60 and result["success"]


def test_unknown_version_is_a_usage_error_listing_versions(built):
    out = _validate(
        str(built), "--version", "7.0.0", "--suite", "checks/smoke.json", cwd=built.parent
    )
    assert out.returncode == 2
    assert "v7.0.0" in out.stderr and "built versions: v1.0.0" in out.stderr


def test_raw_pages_are_checked_in_memory_then_validated(built):
    root = built.parent
    out = _validate(
        str(built / "raw"), "--suite", "checks/smoke.json", "--format", "json", cwd=root
    )
    assert out.returncode == 0, out.stderr
    assert '"rows": 60' in out.stdout


def test_a_failing_expectation_exits_1(built, tmp_path):
    suite = tmp_path / "strict.json"
    suite.write_text(json.dumps({"name": "strict", "expectations": [{
        "type": "expect_column_mean_to_be_between",
        "kwargs": {"column": "flag__nav-spam", "min_value": 0.0, "max_value": 0.0},
        "meta": {}, "severity": "critical"}]}))  # fmt: skip
    out = _validate(str(built), "--suite", str(suite), cwd=built.parent)
    assert out.returncode == 1
    assert "flag__nav-spam" in out.stdout
