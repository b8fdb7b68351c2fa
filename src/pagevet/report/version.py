"""The quality report of one built version: plain data first (`collect_report` ->
`VersionReport.to_dict()`), then renderers (`render_report`: HTML or Markdown).

Everything is read lazily from the version's Parquet and aggregated before it is collected,
except the handful of example pages shown per rule.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from pagevet.findings import SEVERITIES
from pagevet.report import analyses
from pagevet.store.manifest import read_manifest

FORMATS = ("html", "md")
NAV_EDGES = [i / 20 for i in range(21)]
SLUG_EDGES = [i / 20 for i in range(21)]
MAX_SOURCES = 15  # rows of the source heat map; the rest are summed as "(other sources)"


@dataclass
class Example:
    """One page shown for a rule: its findings of that rule and every line with its role."""

    rule: str
    id: str
    source: str
    title: str | None
    url: str | None
    path: str | None
    findings: list[dict[str, Any]]
    lines: list[dict[str, Any]]  # {"n", "role", "text"}
    # What a finding without a line is about: lines to highlight and text to mark in them
    # (title-slug-mismatch: the title line and the page's own slug lines).
    about_lines: list[int] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


@dataclass
class VersionReport:
    name: str
    version: str
    folder: str
    pages: int
    readable: int
    splits: dict[str, int]
    sources: int
    suites: dict[str, dict[str, Any]]
    rules: list[dict[str, Any]]  # rule, severity, findings, pages, rate
    rates: dict[str, Any]  # sources, rules, values (rows: sources), pages per source
    nav_share: dict[str, Any]  # edges, counts
    text_chars: dict[str, Any]  # edges, counts
    timeline: dict[str, Any]  # starts (ISO dates), counts, period, days, undated, implausible
    slug_scores: dict[str, Any]  # edges, series (verdict -> counts), unknown
    spam_lines: list[dict[str, Any]]
    examples: list[Example] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _suites(version: Path, manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The manifest's suite verdicts with the failed and warned expectations of each."""
    out = {}
    for name, summary in (manifest.get("suites") or {}).items():
        problems = []
        path = version / summary.get("path", f"validation/{name}.json")
        if path.is_file():
            try:
                saved = json.loads(path.read_text("utf-8"))
            except json.JSONDecodeError:
                saved = {}
            for exp in saved.get("expectations", []):
                if exp.get("status") in ("failed", "warned"):
                    problems.append(
                        {
                            "status": exp.get("status"),
                            "severity": exp.get("severity"),
                            "description": exp.get("description") or exp.get("type"),
                            "observed": exp.get("observed_value"),
                            "unexpected": exp.get("unexpected_count"),
                        }
                    )
        out[name] = {**summary, "problems": problems}
    return out


def _rates(pages: pl.LazyFrame) -> dict[str, Any]:
    by_source = analyses.flag_rates(pages).collect()
    rules = [c for c in by_source.columns if c not in ("source", "pages")]
    rules = [r for r in rules if by_source[r].sum() > 0]
    if by_source.height > MAX_SOURCES:
        head, tail = by_source.head(MAX_SOURCES), by_source.slice(MAX_SOURCES)
        weights = tail["pages"]
        other = {"source": "(other sources)", "pages": int(weights.sum())}
        for r in rules:
            other[r] = float((tail[r] * weights).sum() / max(weights.sum(), 1))
        by_source = pl.concat(
            [head.select("source", "pages", *rules), pl.DataFrame([other])], how="diagonal_relaxed"
        )
    return {
        "sources": by_source["source"].to_list(),
        "pages": by_source["pages"].to_list(),
        "rules": rules,
        "values": [
            [float(row[r] or 0.0) for r in rules] for row in by_source.iter_rows(named=True)
        ],
    }


def _counts(hist: pl.DataFrame, bins: int) -> list[int]:
    counts = [0] * bins
    for i, n in hist.select("bin", "pages").iter_rows():
        counts[i] += n
    return counts


def _length_edges(pages: pl.LazyFrame) -> list[float]:
    """Log-spaced bins (10 per decade) from the shortest to the longest clean text."""
    low, high = (
        pages.filter(pl.col("text_chars") > 0)
        .select(pl.col("text_chars").min().alias("lo"), pl.col("text_chars").max().alias("hi"))
        .collect()
        .row(0)
    )
    if low is None:
        return [1.0, 10.0]
    start = math.floor(math.log10(low) * 10) / 10
    stop = math.ceil(math.log10(high) * 10 + 1e-9) / 10
    steps = max(1, round((stop - start) * 10))
    return [10 ** (start + i / 10) for i in range(steps + 1)]


def _timeline(pages: pl.LazyFrame) -> dict[str, Any]:
    """Pages per month, quarter or year (by the span of dates). Pages flagged
    date-implausible (published after the crawl, in the future) are left out and counted, so
    one page dated 2039 does not squash the axis."""
    names = pages.collect_schema().names()
    implausible = (
        pl.col("flag__date-implausible").fill_null(False)
        if "flag__date-implausible" in names
        else pl.lit(False)
    )
    dated = pages.filter(pl.col("published_at").is_not_null())
    shown = dated.filter(~implausible)
    lo, hi, undated, left_out = (
        pages.select(
            pl.col("published_at").filter(~implausible).min().alias("lo"),
            pl.col("published_at").filter(~implausible).max().alias("hi"),
            pl.col("published_at").is_null().sum().alias("undated"),
            (pl.col("published_at").is_not_null() & implausible).sum().alias("implausible"),
        )
        .collect()
        .row(0)
    )
    out: dict[str, Any] = {
        "starts": [],
        "counts": [],
        "undated": int(undated or 0),
        "implausible": int(left_out or 0),
    }
    if lo is None:
        return out
    years = (hi - lo).days / 365.25
    if years <= 4:
        period, every, days = "month", "1mo", 30
    elif years <= 15:
        period, every, days = "quarter", "3mo", 91
    else:
        period, every, days = "year", "1y", 365
    bins = (
        shown.group_by(pl.col("published_at").dt.truncate(every).alias("start"))
        .agg(pl.len().alias("pages"))
        .sort("start")
        .collect()
    )
    return {
        **out,
        "starts": [d.isoformat() for d in bins["start"].to_list()],
        "counts": bins["pages"].to_list(),
        "period": period,
        "days": days,
    }


def _slug_scores(pages: pl.LazyFrame) -> dict[str, Any]:
    hist = analyses.histogram(pages, "slug_score", SLUG_EDGES, by="slug_verdict")
    bins = len(SLUG_EDGES) - 1
    present = set(hist["slug_verdict"].drop_nulls().to_list())
    verdicts = [v for v in analyses.SLUG_VERDICTS if v in present] + sorted(
        present - set(analyses.SLUG_VERDICTS)
    )
    series = {v: _counts(hist.filter(pl.col("slug_verdict") == v), bins) for v in verdicts}
    unknown = pages.filter(pl.col("slug_score").is_null()).select(pl.len()).collect().item()
    return {"edges": SLUG_EDGES, "series": series, "unknown": int(unknown)}


# How to rank pages within a rule: a larger `badness` is shown first (after severity).
def _badness() -> pl.Expr:
    rule = pl.col("rule")
    return (
        pl.when(rule == "nav-spam")
        .then(pl.col("nav_char_share"))
        .when(rule == "title-slug-mismatch")
        .then(1 - pl.col("slug_score").fill_null(1.0))
        .when(rule == "too-short")
        .then(-pl.col("text_chars").cast(pl.Float64))
        .otherwise(pl.col("n").cast(pl.Float64))
        .fill_null(0.0)
    )


def _examples(pages: pl.LazyFrame, per_rule: int) -> list[Example]:
    if per_rule <= 0:
        return []
    severity = pl.col("severity").replace_strict(
        {s: i for i, s in enumerate(SEVERITIES)}, default=-1, return_dtype=pl.Int8
    )
    chosen = (
        analyses.findings_long(pages, "nav_char_share", "slug_score", "text_chars")
        .group_by("id", "rule")
        .agg(
            severity.max().alias("worst"),
            pl.len().alias("n"),
            pl.col("nav_char_share", "slug_score", "text_chars").first(),
        )
        .with_columns(_badness().alias("badness"))
        .sort(["rule", "worst", "badness", "id"], descending=[False, True, True, False])
        .filter(pl.int_range(pl.len()).over("rule") < per_rule)
        .select("rule", "id")
        .collect()
    )
    if chosen.is_empty():
        return []
    rows = {
        row["id"]: row
        for row in pages.filter(pl.col("id").is_in(chosen["id"].unique().implode()))
        .select(
            "id",
            analyses.source_expr(),
            "title",
            "title_line",
            "slug",
            "url",
            "path",
            "page_text",
            "line_roles",
            "findings",
        )
        .collect()
        .iter_rows(named=True)
    }
    examples = []
    for rule, page_id in chosen.iter_rows():
        row = rows[page_id]
        text = row["page_text"] or ""
        roles = {r["n"]: r["role"] for r in row["line_roles"] or []}
        lines = [
            {"n": n, "role": roles.get(n, "?"), "text": line}
            for n, line in enumerate(text.split("\n"), start=1)
        ]
        findings = []
        for f in row["findings"] or []:
            if f["rule"] != rule:
                continue
            try:
                evidence = json.loads(f["evidence"]) if f["evidence"] else {}
            except json.JSONDecodeError:
                evidence = {"raw": f["evidence"]}
            findings.append({**f, "evidence": evidence})
        about, quotes = _about(rule, row, lines)
        examples.append(
            Example(
                rule=rule,
                id=page_id,
                source=row["source"],
                title=row["title"],
                url=row["url"],
                path=row["path"],
                findings=findings,
                lines=lines,
                about_lines=about,
                quotes=quotes,
            )
        )
    return examples


def _about(
    rule: str, row: dict[str, Any], lines: list[dict[str, Any]]
) -> tuple[list[int], list[str]]:
    """Lines and text a finding of `rule` is about when the finding names no line."""
    if rule != "title-slug-mismatch":
        return [], []
    slug, title = row.get("slug"), row.get("title")
    about = [row["title_line"]] if row.get("title_line") else []
    if slug:
        about += [x["n"] for x in lines if x["text"].strip() == slug]
    return about, [q for q in (slug, title) if q]


def collect_report(
    version_dir: str | Path, *, examples_per_rule: int = 2, spam_lines: int = 15
) -> VersionReport:
    """Everything the report shows, aggregated from a version folder."""
    version = Path(version_dir)
    manifest = read_manifest(version)
    pages = analyses.scan_version(version, "raw")
    counts = manifest.get("counts", {})
    total = pages.select(pl.len()).collect().item()
    sources = pages.select(analyses.source_expr().n_unique()).collect().item()
    length_edges = _length_edges(pages)
    return VersionReport(
        name=str(manifest.get("name", version.parent.parent.name)),
        version=str(manifest.get("version", version.name.removeprefix("v"))),
        folder=str(version),
        pages=int(counts.get("pages", total)),
        readable=int(counts.get("readable", total)),
        splits=dict(counts.get("splits", {})),
        sources=int(sources),
        suites=_suites(version, manifest),
        rules=analyses.rule_counts(pages).to_dicts(),
        rates=_rates(pages),
        nav_share={
            "edges": NAV_EDGES,
            "counts": _counts(
                analyses.histogram(pages, "nav_char_share", NAV_EDGES), len(NAV_EDGES) - 1
            ),
        },
        text_chars={
            "edges": length_edges,
            "counts": _counts(
                analyses.histogram(
                    pages.filter(pl.col("text_chars") > 0), "text_chars", length_edges
                ),
                len(length_edges) - 1,
            ),
            "empty": int(
                pages.filter(pl.col("text_chars").fill_null(0) == 0)
                .select(pl.len())
                .collect()
                .item()
            ),
        },
        timeline=_timeline(pages),
        slug_scores=_slug_scores(pages),
        spam_lines=analyses.spam_lines(pages, per_source=None)
        .sort(["pages", "source", "line"], descending=[True, False, False])
        .head(spam_lines)
        .collect()
        .to_dicts(),
        examples=_examples(pages, examples_per_rule),
    )
