"""A short Markdown summary of a built version: suite verdicts and a table per rule, from the
manifest alone (no Parquet is read), for the dataset card, CI step summaries and PR comments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pagevet.store.manifest import read_manifest

_SEVERITIES = ("error", "warning", "info")


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _suite_line(name: str, suite: dict[str, Any]) -> str:
    verdict = "✅ passed" if suite.get("success") else "❌ FAILED"
    detail = f"{suite.get('passed', 0)}/{suite.get('evaluated', 0)} expectations passed"
    extra = [f"{suite[k]} {k}" for k in ("failed", "warned") if suite.get(k)]
    return f"- suite `{_cell(name)}`: {verdict} ({detail}" + (
        f"; {', '.join(extra)})" if extra else ")"
    )


def markdown_summary(version_dir: str | Path) -> str:
    """Suite verdicts, page counts and, per rule, pages flagged with findings by severity."""
    version = Path(version_dir)
    manifest = read_manifest(version)
    counts = manifest.get("counts", {})
    pages = int(counts.get("pages", 0))
    name = manifest.get("name", version.parent.parent.name)
    number = manifest.get("version", version.name.removeprefix("v"))
    lines = [f"### {_cell(name)} v{_cell(number)}: quality summary", ""]
    suites = manifest.get("suites") or {}
    if suites:
        ok = all(s.get("success") for s in suites.values())
        lines.append(f"**Suites: {'passed' if ok else 'FAILED'}**")
        lines.append("")
        lines += [_suite_line(n, s) for n, s in suites.items()]
    else:
        lines.append("No suite was run on this version.")
    splits = ", ".join(f"{k} {v}" for k, v in (counts.get("splits") or {}).items())
    lines += [
        "",
        f"{pages} pages, {counts.get('readable', pages)} readable"
        + (f" (splits: {splits})" if splits else ""),
        "",
    ]
    flags: dict[str, int] = counts.get("flags") or {}
    findings: dict[str, dict[str, int]] = counts.get("findings") or {}
    rules = sorted(set(flags) | set(findings))
    flagged = [r for r in rules if flags.get(r) or findings.get(r)]
    if flagged:
        lines += [
            "| rule | pages flagged | rate | error | warning | info |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for rule in sorted(flagged, key=lambda r: (-flags.get(r, 0), r)):
            n = flags.get(rule, 0)
            per = findings.get(rule, {})
            cells = [str(per.get(s, "")) for s in _SEVERITIES]
            rate = f"{n / pages:.1%}" if pages else "n/a"
            lines.append(f"| `{_cell(rule)}` | {n} | {rate} | " + " | ".join(cells) + " |")
        lines.append("")
        lines.append("Severity columns count findings; a page can have several.")
    else:
        lines.append("No findings.")
    clean = [r for r in rules if r not in flagged]
    if clean:
        lines += ["", "No findings for: " + ", ".join(f"`{_cell(r)}`" for r in clean) + "."]
    return "\n".join(lines) + "\n"
