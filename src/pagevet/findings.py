"""Findings are plain data: what is wrong with a page, where, and the proof."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    """Order severities so `--fail-on` can compare them (unknown ranks below info)."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else -1


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    line: int | None = None
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "line": self.line,
            "message": self.message,
            "evidence": self.evidence,
        }

    def to_row(self) -> dict[str, Any]:
        """The Arrow/Parquet form: evidence serialised as JSON text (its shape differs per rule)."""
        row = self.to_dict()
        row["evidence"] = json.dumps(self.evidence, ensure_ascii=False, sort_keys=True)
        return row
