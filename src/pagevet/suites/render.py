"""Renderers of suite results: all start from `SuiteResult` data, none prints."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from pagevet.errors import PagevetError
from pagevet.suites.model import ExpectationResult, SuiteResult, format_value

FORMATS = ("text", "json", "junit", "github")
_MARK = {"passed": "ok", "failed": "FAIL", "warned": "warn"}
_EMOJI = {"passed": "✅", "failed": "❌", "warned": "⚠️"}


def render(results: Sequence[SuiteResult], fmt: str) -> str:
    """Render in one of FORMATS."""
    renderers: dict[str, Callable[[Sequence[SuiteResult]], str]] = {
        "text": render_text,
        "json": render_json,
        "junit": render_junit,
        "github": render_github,
    }
    if fmt not in renderers:
        raise PagevetError(f"unknown format {fmt!r}. Fix: use one of {', '.join(FORMATS)}.")
    return renderers[fmt](results)


def _verdict(result: SuiteResult) -> str:
    s = result.statistics()
    word = "passed" if result.success else "FAILED"
    return f"{word}: {s['failed']} failed, {s['warned']} warned, {s['passed']} passed"


def _cells(e: ExpectationResult) -> tuple[str, str, str]:
    observed = "" if e.observed_value is None else format_value(e.observed_value)
    unexpected = ""
    if e.unexpected_count is not None:
        pct = "" if e.unexpected_percent is None else f" ({e.unexpected_percent:.2f}%)"
        unexpected = f"{e.unexpected_count:,}{pct}"
    return observed, unexpected, ", ".join(e.example_ids)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_text(results: Sequence[SuiteResult]) -> str:
    """A readable table per suite: status, severity, expectation in words, observed value,
    unexpected count and example page ids."""
    lines: list[str] = []
    for result in results:
        where = f" ({result.path})" if result.path else ""
        lines.append(f"suite {result.suite}{where} on {result.rows:,} rows — {_verdict(result)}")
        header = ("", "severity", "expectation", "observed", "unexpected", "examples")
        rows = [header] + [
            (_MARK[e.status], e.severity, _clip(e.description, 60), *_cells(e))
            for e in result.expectations
        ]
        widths = [max(len(r[i]) for r in rows) for i in range(len(header) - 1)]
        for row in rows:
            cells = [c.ljust(w) for c, w in zip(row, widths, strict=False)] + [row[-1]]
            lines.append("  " + "  ".join(cells).rstrip())
        lines.append("")
    return "\n".join(lines)


def render_json(results: Sequence[SuiteResult]) -> str:
    """The JSON array of `SuiteResult.to_dict()`, one per suite."""
    return json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False)


def render_junit(results: Sequence[SuiteResult]) -> str:
    """JUnit XML: one testsuite per suite, one testcase per expectation. Failed error-severity
    expectations are <failure>s; failed warnings pass with the message in <system-out>."""
    root = ET.Element("testsuites", name="pagevet validate")
    total = failures = 0
    for result in results:
        suite_el = ET.SubElement(
            root,
            "testsuite",
            name=result.suite,
            tests=str(len(result.expectations)),
            failures=str(len(result.failed)),
            errors="0",
            skipped="0",
        )
        props = ET.SubElement(suite_el, "properties")
        ET.SubElement(props, "property", name="rows", value=str(result.rows))
        for key, value in result.parameters.items():
            ET.SubElement(props, "property", name=key, value=value)
        for e in result.expectations:
            case = ET.SubElement(
                suite_el,
                "testcase",
                classname=f"pagevet.{result.suite}",
                name=f"{e.index:02d} {e.label}",
            )
            if e.status == "failed":
                failure = ET.SubElement(case, "failure", message=e.message, type=e.type)
                failure.text = json.dumps(e.to_dict(), indent=2, ensure_ascii=False)
            elif e.status == "warned":
                ET.SubElement(case, "system-out").text = f"warning: {e.message}"
        total += len(result.expectations)
        failures += len(result.failed)
    root.set("tests", str(total))
    root.set("failures", str(failures))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(results: Sequence[SuiteResult]) -> str:
    """GitHub Actions workflow commands: `::error` for failed error-severity expectations,
    `::warning` for failed warnings (attached to the suite file), then one verdict line per
    suite. Pair with `append_step_summary` for the job's Markdown summary."""
    lines: list[str] = []
    for result in results:
        for e in result.expectations:
            if e.success:
                continue
            level = "error" if e.status == "failed" else "warning"
            props = f"title={_escape_property(f'pagevet {result.suite}: {e.label}')}"
            if result.path:
                props = f"file={_escape_property(result.path)}," + props
            lines.append(f"::{level} {props}::{_escape_data(e.message)}")
        lines.append(
            _escape_data(f"pagevet suite {result.suite} on {result.rows:,} rows {_verdict(result)}")
        )
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(results: Sequence[SuiteResult]) -> str:
    """A Markdown summary: a table per suite (for $GITHUB_STEP_SUMMARY or a PR comment)."""
    lines = ["## pagevet validation", ""]
    for result in results:
        mark = _EMOJI["passed" if result.success else "failed"]
        lines += [
            f"### {mark} {result.suite} — {result.rows:,} rows — {_verdict(result)}",
            "",
            "| | severity | expectation | observed | unexpected | examples |",
            "|---|---|---|---|---|---|",
        ]
        for e in result.expectations:
            cells = [_EMOJI[e.status], e.severity, e.description, *_cells(e)]
            lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def append_step_summary(
    results: Sequence[SuiteResult], environ: Mapping[str, str] = os.environ
) -> Path | None:
    """Append `render_markdown` to the file named by GITHUB_STEP_SUMMARY, when it is set."""
    target = environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    path = Path(target)
    try:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(render_markdown(results) + "\n")
    except OSError as exc:
        raise PagevetError(
            f"cannot append the summary to GITHUB_STEP_SUMMARY={target}: {exc}."
        ) from exc
    return path
