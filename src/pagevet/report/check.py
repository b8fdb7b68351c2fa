"""The result of `pagevet check`: every finding of every page, counts, and the verdict."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, ClassVar

import polars as pl

from pagevet.findings import SEVERITIES, severity_rank


@dataclass
class CheckReport:
    pages: int
    findings: list[dict[str, Any]]
    fail_on: str
    # the pages' columns a report reads: `check` keeps only these of each finished batch
    COLUMNS: ClassVar[tuple[str, ...]] = ("id", "path", "record", "format", "findings")

    @classmethod
    def from_pages(cls, pages: pl.DataFrame, fail_on: str = "error") -> CheckReport:
        rows = (
            pages.select(cls.COLUMNS).explode("findings").drop_nulls("findings").unnest("findings")
        )
        findings = [
            {
                "page": r["id"],
                "path": r["path"],
                # a page inside a multi-page file (JSONL, Parquet, WARC) is `path#record`
                "location": r["path"]
                if r["format"] in ("text", "html")
                else f"{r['path']}#{r['record']}",
                "rule": r["rule"],
                "severity": r["severity"],
                "line": r["line"],
                "message": r["message"],
                "evidence": json.loads(r["evidence"]) if r["evidence"] else {},
            }
            for r in rows.iter_rows(named=True)
        ]
        return cls(pages=pages.height, findings=findings, fail_on=fail_on)

    def counts(self) -> dict[str, dict[str, int]]:
        """Findings per rule and severity."""
        out: dict[str, dict[str, int]] = {}
        for f in self.findings:
            per = out.setdefault(f["rule"], dict.fromkeys(SEVERITIES, 0))
            per[f["severity"]] = per.get(f["severity"], 0) + 1
        return dict(sorted(out.items()))

    @property
    def failed(self) -> bool:
        if self.fail_on == "never":
            return False
        limit = severity_rank(self.fail_on)
        return any(severity_rank(f["severity"]) >= limit for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "findings": self.findings,
            "counts": self.counts(),
            "fail_on": self.fail_on,
            "failed": self.failed,
        }


def render_text(report: CheckReport) -> str:
    """Linter lines `path:line: rule [severity] message`, then a summary table per rule."""
    lines = [
        _one_line(
            f"{f['location']}{':' + str(f['line']) if f['line'] is not None else ''}: "
            f"{f['rule']} [{f['severity']}] {f['message']}"
        )
        for f in report.findings
    ]
    counts = report.counts()
    width = max([len(r) for r in counts] + [4])
    lines.append("")
    lines.append(f"{'rule':<{width}}  {'error':>6} {'warning':>8} {'info':>6}")
    for rule, per in counts.items():
        lines.append(f"{rule:<{width}}  {per['error']:>6} {per['warning']:>8} {per['info']:>6}")
    verdict = "FAILED" if report.failed else "ok"
    lines.append(
        f"{report.pages} pages, {len(report.findings)} findings; "
        f"fail-on {report.fail_on}: {verdict}"
    )
    return "\n".join(lines)


def _one_line(text: str) -> str:
    """A finding stays one line whatever its file name holds (a newline, a carriage return)."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def render_jsonl(report: CheckReport) -> str:
    return "\n".join(json.dumps(f, ensure_ascii=False) for f in report.findings)


def render_github(report: CheckReport) -> str:
    """GitHub Actions workflow commands: one annotation per warning/error finding. File names,
    rule ids and messages come from the crawl: every value is escaped as the workflow-command
    syntax requires, so a file name holding a newline cannot start a command of its own."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    out = []
    record_lines: dict[str, list[int]] = {}
    for f in report.findings:
        line = f",line={f['line']}" if f["line"] else ""
        message = f["message"]
        if f["location"] != f["path"] and f["path"].lower().endswith((".jsonl", ".jsonl.gz")):
            # A record of a JSONL file: the annotation points at the record's own line.
            record = int(f["location"].rsplit("#", 1)[1])
            if f["path"] not in record_lines:
                record_lines[f["path"]] = _jsonl_lines(f["path"])
            numbers = record_lines[f["path"]]
            line = f",line={numbers[record]}" if record < len(numbers) else ""
            where = f" (line {f['line']} of the page)" if f["line"] else ""
            message = f"record #{record}{where}: {message}"
        out.append(
            f"::{level[f['severity']]} file={_property(f['path'])}{line},"
            f"title={_property(f['rule'])}::{_data(message)}"
        )
    return "\n".join(out)


def _jsonl_lines(path: str) -> list[int]:
    from pathlib import Path

    from pagevet.sources.jsonl import record_lines

    return record_lines(Path(path))


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
