"""Findings are plain data: what is wrong with a page, where, and the proof. A finding is a
row of a page's `findings` list (rule, severity, line, message, evidence as JSON text); this
module holds what every layer needs to compare them."""

from __future__ import annotations

SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    """Order severities so `--fail-on` can compare them (unknown ranks below info)."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else -1
