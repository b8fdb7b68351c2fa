"""A version's report as a file: the HTML page (`report.html`) or the Markdown summary
(`report.markdown`), rendered from the data `report.version` collects."""

from __future__ import annotations

from pathlib import Path

from pagevet.errors import PagevetError
from pagevet.report.html import render_html
from pagevet.report.markdown import markdown_summary
from pagevet.report.version import FORMATS, collect_report


def render_report(version_dir: str | Path, fmt: str = "html") -> str:
    """The report of a version folder as one self-contained HTML page ("html") or a short
    Markdown summary ("md")."""
    if fmt == "md":
        return markdown_summary(version_dir)
    if fmt != "html":
        raise PagevetError(f"unknown report format {fmt!r}; known: {', '.join(FORMATS)}")
    return render_html(collect_report(version_dir))


def report_path(version_dir: str | Path) -> Path:
    """Where `build --report` puts a version's report: beside the immutable version folder
    (versions/vX.Y.Z.report.html), never inside it."""
    version = Path(version_dir)
    return version.parent / f"{version.name}.report.html"


def write_report(version_dir: str | Path, out: str | Path | None = None, fmt: str = "html") -> Path:
    """Render and write the report; returns its path (default: `report_path`)."""
    path = Path(out) if out else report_path(version_dir)
    path.write_text(render_report(version_dir, fmt), "utf-8")
    return path
