"""`check --baseline FILE`: known findings, so only new ones are shown and counted (as ruff's
and mypy's baselines do). A finding is known by its page id, rule and message — not its line,
which moves when a page is edited above it; the file counts repeats, so a second identical
finding on a page is new."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

from pagevet.errors import PagevetError
from pagevet.report.check import CheckReport

BASELINE_VERSION = 1


def _key(finding: dict) -> tuple[str, str, str]:
    return (finding["page"], finding["rule"], finding["message"])


def write_baseline_file(path: Path, report: CheckReport) -> int:
    rows = [
        {"page": f["page"], "location": f["location"], "rule": f["rule"], "message": f["message"]}
        for f in report.findings
    ]
    payload = {"pagevet_baseline": BASELINE_VERSION, "findings": rows}
    try:
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", "utf-8")
    except OSError as error:
        raise PagevetError(f"cannot write the baseline {path}: {error.strerror or error}") from None
    return len(rows)


def read_baseline(path: Path) -> Counter[tuple[str, str, str]]:
    try:
        data = json.loads(path.read_text("utf-8"))
        rows = data["findings"]
        return Counter(_key(row) for row in rows)
    except FileNotFoundError:
        raise PagevetError(
            f"baseline {path} does not exist: write it with `pagevet check … --baseline {path} "
            "--write-baseline`"
        ) from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PagevetError(
            f"baseline {path} is not a pagevet baseline ({error}): write it again with "
            "--write-baseline"
        ) from None


def without_baseline(
    report: CheckReport, known: Counter[tuple[str, str, str]]
) -> tuple[CheckReport, int]:
    """The report without the known findings, and how many were hidden."""
    left = Counter(known)
    kept = []
    for finding in report.findings:
        key = _key(finding)
        if left[key] > 0:
            left[key] -= 1
        else:
            kept.append(finding)
    return replace(report, findings=kept), len(report.findings) - len(kept)
