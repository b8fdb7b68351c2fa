"""Lazy polars analyses over a built version: what the HTML report and `scripts/*.py` show.

Every function reads the version's Parquet with `pl.scan_parquet` and returns a LazyFrame (or a
small collected frame), so a version larger than memory is read column by column and only the
aggregates are materialised. Pages without a recognised source are grouped as `(unknown)`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import polars as pl

from pagevet.errors import PagevetError
from pagevet.findings import SEVERITIES
from pagevet.pages.lines import RANGE_CANDIDATE, line_ranges, page_lines
from pagevet.pages.roles import FURNITURE
from pagevet.pages.slugs import VERDICTS
from pagevet.store.manifest import MANIFEST
from pagevet.versions import version_dir

UNKNOWN_SOURCE = "(unknown)"
NO_DATE = "(no date)"
# Slug verdicts from best to worst (pages.slugs); others found in data follow.
SLUG_VERDICTS = VERDICTS
_CONFIG_FOLDERS = {"default": "data", "raw": "raw"}


def resolve_version(path: str | Path, version: str | None = None) -> Path:
    """A version folder from a version folder, or from a dataset folder plus an optional
    version (default: the latest)."""
    path = Path(path)
    if (path / MANIFEST).is_file():
        if version:
            raise PagevetError(f"{path} is already a version folder; drop --version {version}")
        return path
    if (path / "versions").is_dir() or (path / "dataset.toml").is_file():
        return version_dir(path, version)
    raise PagevetError(
        f"{path} is neither a version folder (with {MANIFEST}) nor a dataset folder (with "
        "versions/): pass e.g. datasets/sample-news or datasets/sample-news/versions/v1.0.0"
    )


def scan_version(version: Path, config: str = "raw") -> pl.LazyFrame:
    """All Parquet shards of one config of a version. The raw config holds every page read
    (with `page_text`); the default config only the readable pages."""
    if config not in _CONFIG_FOLDERS:
        raise PagevetError(f"unknown config {config!r}; known: {', '.join(_CONFIG_FOLDERS)}")
    files = sorted((version / _CONFIG_FOLDERS[config]).glob("*.parquet"))
    if not files:
        raise PagevetError(
            f"{version / _CONFIG_FOLDERS[config]} holds no Parquet files: is {version} a "
            "complete pagevet version? Check it with `pagevet verify`"
        )
    return pl.scan_parquet(files)


def source_expr() -> pl.Expr:
    return pl.col("source").fill_null(UNKNOWN_SOURCE)


def month_expr() -> pl.Expr:
    return pl.col("published_at").dt.strftime("%Y-%m").fill_null(NO_DATE).alias("month")


def findings_long(pages: pl.LazyFrame, *columns: str) -> pl.LazyFrame:
    """One row per finding: id, `columns`, rule, severity, line, message, evidence."""
    return (
        pages.select("id", *columns, "findings")
        .explode("findings")
        .filter(pl.col("findings").is_not_null())
        .unnest("findings")
    )


def spam_lines(
    pages: pl.LazyFrame,
    *,
    roles: Sequence[str] = FURNITURE,
    min_pages: int = 2,
    per_source: int | None = 20,
) -> pl.LazyFrame:
    """The most frequent furniture lines per source: source, line, roles, pages (pages holding
    the line), share (of the source's pages). Candidates for a site's marker list."""
    totals = pages.group_by(source_expr()).agg(pl.len().alias("source_pages"))
    lines = (
        page_lines(pages.with_columns(source_expr()), "source")
        .filter(pl.col("role").is_in(list(roles)))
        .with_columns(pl.col("line").str.strip_chars())
        .filter(pl.col("line") != "")
    )
    ranked = (
        lines.group_by("source", "line")
        .agg(
            pl.col("id").n_unique().alias("pages"),
            pl.col("role").unique().sort().str.join(",").alias("roles"),
        )
        .filter(pl.col("pages") >= min_pages)
        .join(totals, on="source", how="left")
        .with_columns((pl.col("pages") / pl.col("source_pages")).round(4).alias("share"))
        .sort(["source", "pages", "line"], descending=[False, True, False])
    )
    if per_source is not None:
        ranked = ranked.filter(pl.int_range(pl.len()).over("source") < per_source)
    return ranked.select("source", "pages", "share", "roles", "line")


def findings_by_source(pages: pl.LazyFrame, *, by_month: bool = False) -> pl.LazyFrame:
    """Finding rates: source[, month], rule, severity, pages (in the group), flagged (pages
    with such a finding), rate (flagged / pages), findings (count)."""
    keys = ["source", "month"] if by_month else ["source"]
    keyed = pages.with_columns(source_expr(), month_expr())
    totals = keyed.group_by(keys).agg(pl.len().alias("pages"))
    counted = (
        findings_long(keyed, *keys)
        .group_by(*keys, "rule", "severity")
        .agg(pl.col("id").n_unique().alias("flagged"), pl.len().alias("findings"))
    )
    severity_order = pl.col("severity").replace_strict(
        {s: -i for i, s in enumerate(SEVERITIES)}, default=1, return_dtype=pl.Int8
    )
    return (
        counted.join(totals, on=keys, how="left")
        .with_columns((pl.col("flagged") / pl.col("pages")).round(4).alias("rate"))
        .sort([*keys, "rule", severity_order])
        .select(*keys, "rule", "severity", "pages", "flagged", "rate", "findings")
    )


def rule_counts(pages: pl.LazyFrame) -> pl.DataFrame:
    """Per rule and severity: findings (count), pages (with such a finding), rate (of all
    pages), worst severity first within a rule."""
    total = pages.select(pl.len()).collect().item()
    severity_order = pl.col("severity").replace_strict(
        {s: -i for i, s in enumerate(SEVERITIES)}, default=1, return_dtype=pl.Int8
    )
    return (
        findings_long(pages)
        .group_by("rule", "severity")
        .agg(pl.len().alias("findings"), pl.col("id").n_unique().alias("pages"))
        .with_columns((pl.col("pages") / max(total, 1)).round(4).alias("rate"))
        .sort(["rule", severity_order])
        .collect()
    )


def flag_columns(pages: pl.LazyFrame) -> list[str]:
    return sorted(c for c in pages.collect_schema().names() if c.startswith("flag__"))


def flag_rates(pages: pl.LazyFrame, by: Sequence[str] = ("source",)) -> pl.LazyFrame:
    """Share of pages flagged by each rule (flag__<rule> means), per group: `by`, pages, one
    column per rule."""
    flags = flag_columns(pages)
    return (
        pages.with_columns(source_expr(), month_expr())
        .group_by(list(by))
        .agg(
            pl.len().alias("pages"),
            *[pl.col(c).cast(pl.Float64).mean().alias(c.removeprefix("flag__")) for c in flags],
        )
        .sort(["pages", *by], descending=[True, *[False] * len(by)])
    )


def slug_verdicts_by_source(pages: pl.LazyFrame) -> pl.DataFrame:
    """Per source: pages, one column per slug verdict (pages), mean_score (pages with a slug)."""
    found = pages.select(pl.col("slug_verdict").drop_nulls().unique()).collect().to_series()
    verdicts = [v for v in SLUG_VERDICTS if v in set(found)] + sorted(
        set(found) - set(SLUG_VERDICTS)
    )
    return (
        pages.group_by(source_expr())
        .agg(
            pl.len().alias("pages"),
            *[(pl.col("slug_verdict") == v).sum().alias(v) for v in verdicts],
            pl.col("slug_score").mean().round(3).alias("mean_score"),
        )
        .sort(["pages", "source"], descending=[True, False])
        .collect()
    )


def worst_slugs(pages: pl.LazyFrame, limit: int | None = 20) -> pl.LazyFrame:
    """Pages with the lowest slug scores (all pages with a score when `limit` is None):
    source, slug_verdict, slug_score, title, slug, id."""
    worst = (
        pages.filter(pl.col("slug_score").is_not_null())
        .select(source_expr(), "slug_verdict", "slug_score", "title", "slug", "id")
        .sort(["slug_score", "id"])
    )
    return worst if limit is None else worst.head(limit)


def _range_verdicts(batch: pl.DataFrame) -> pl.DataFrame:
    """(id, n, range) -> kind of the date-range-inconsistent finding there."""
    rule = "date-range-inconsistent"
    found = findings_long(batch.lazy()).filter(pl.col("rule") == rule).collect()
    if found.is_empty():
        return pl.DataFrame(
            schema={"id": pl.String, "n": pl.Int64, "range": pl.String, "verdict": pl.String}
        )
    decoded = pl.Struct({"range": pl.String, "kind": pl.String})
    return (
        found.select(
            "id",
            pl.col("line").cast(pl.Int64).alias("n"),
            pl.col("evidence").str.json_decode(decoded).alias("e"),
        )
        .unnest("e")
        .sort("id", "n", "range", "kind")
        .unique(["id", "n", "range"], keep="first", maintain_order=True)
        .rename({"kind": "verdict"})
    )


def year_range_rows(pages: pl.LazyFrame, batch_rows: int = 5_000) -> pl.DataFrame:
    """Every year range in the title, lead and body lines: source, id, n, range, phrase,
    keyword, stated_years, covered_years, verdict ("ok" or the date-range-inconsistent kind:
    order, length, off-grid, conflict). Pages are parsed in batches of `batch_rows`."""
    candidates = pages.filter(pl.col("page_text").str.contains(RANGE_CANDIDATE)).select(
        "id", source_expr(), "page_text", "line_roles", "findings"
    )
    parts = []
    for batch in candidates.collect_batches(chunk_size=batch_rows):
        ranges = line_ranges(batch)
        if ranges.is_empty():
            continue
        parts.append(
            ranges.with_columns(pl.col("n").cast(pl.Int64))
            .join(batch.select("id", "source"), on="id", how="left")
            .join(_range_verdicts(batch), on=["id", "n", "range"], how="left")
            .with_columns(pl.col("verdict").fill_null("ok"))
        )
    columns = {
        "source": pl.String,
        "id": pl.String,
        "n": pl.Int64,
        "pos": pl.Int64,
        "range": pl.String,
        "start": pl.Int64,
        "end": pl.Int64,
        "phrase": pl.String,
        "keyword": pl.String,
        "stated_years": pl.Int64,
        "covered_years": pl.Int64,
        "verdict": pl.String,
    }
    if not parts:
        return pl.DataFrame(schema=columns)
    return (
        pl.concat(parts, how="diagonal_relaxed")
        .select([pl.col(c).cast(t) for c, t in columns.items()])
        .sort("id", "n", "pos")
    )


def with_outliers(ranges: pl.DataFrame, outliers: pl.DataFrame) -> pl.DataFrame:
    """`ranges` plus `corpus`: "rare: <common range> on N pages" for an outlier, else null."""
    note = pl.format("rare: {} on {} pages", "common_range", "common_pages").alias("corpus")
    return ranges.join(
        outliers.select("keyword", "range", note), on=["keyword", "range"], how="left"
    )


def length_profile(pages: pl.LazyFrame) -> dict[str, float | None]:
    """Quantiles of text_chars and nav_char_share (readable pages only)."""
    readable = pages.filter(pl.col("text_chars").is_not_null())
    exprs = []
    for column, short in (("text_chars", "chars"), ("nav_char_share", "nav_share")):
        col = pl.col(column).cast(pl.Float64)
        exprs += [col.mean().alias(f"{short}_mean")]
        exprs += [
            col.quantile(q, interpolation="nearest").alias(f"{short}_p{round(q * 100)}")
            for q in (0.1, 0.5, 0.9)
        ]
        exprs += [col.max().alias(f"{short}_max")]
    return readable.select(exprs).collect().row(0, named=True)


def histogram(
    pages: pl.LazyFrame, column: str, edges: Iterable[float], *, by: str | None = None
) -> pl.DataFrame:
    """Counts of `column` in the bins [edges[i], edges[i+1]) (the last bin is closed), per
    value of `by` when given: bin (index), [by], pages."""
    edges = list(edges)
    value = pl.col(column).cast(pl.Float64)
    index = pl.lit(len(edges) - 2, dtype=pl.Int64)
    for i in range(len(edges) - 2, 0, -1):
        index = pl.when(value < edges[i]).then(pl.lit(i - 1, dtype=pl.Int64)).otherwise(index)
    keys = ["bin", by] if by else ["bin"]
    return (
        pages.filter(value.is_not_null() & (value >= edges[0]) & (value <= edges[-1]))
        .select(index.alias("bin"), *([by] if by else []))
        .group_by(keys)
        .agg(pl.len().alias("pages"))
        .sort(keys)
        .collect()
    )


def _side_by_side(key: str, a: pl.DataFrame, b: pl.DataFrame) -> pl.DataFrame:
    """Join two (key, value) frames: key, a, b, change (b - a); missing values count as 0."""
    joined = a.rename({"value": "a"}).join(
        b.rename({"value": "b"}), on=key, how="full", coalesce=True
    )
    return (
        joined.with_columns(pl.col("a").fill_null(0), pl.col("b").fill_null(0))
        .with_columns((pl.col("b") - pl.col("a")).alias("change"))
        .select(key, "a", "b", "change")
    )


def _version_metrics(version: Path) -> dict[str, pl.DataFrame]:
    raw = scan_version(version, "raw")
    default = scan_version(version, "default")
    count = pl.len().cast(pl.Int64).alias("value")
    splits = default.group_by(pl.format("split {}", "split").alias("metric")).agg(count)
    rows = pl.concat(
        [
            raw.select(pl.lit("pages").alias("metric"), count),
            default.select(pl.lit("readable").alias("metric"), count),
            splits.sort("metric"),
        ]
    ).collect()
    sources = raw.group_by(source_expr()).agg(count).collect()
    flags = flag_columns(raw)
    rules = (
        raw.select(
            [pl.col(c).cast(pl.Float64).mean().alias(c.removeprefix("flag__")) for c in flags]
        )
        .collect()
        .unpivot(variable_name="rule", value_name="value")
    )
    lengths = pl.DataFrame(
        list(length_profile(raw).items()),
        schema={"metric": pl.String, "value": pl.Float64},
        orient="row",
    )
    return {"rows": rows, "sources": sources, "rules": rules, "lengths": lengths}


def compare_versions(a: Path, b: Path) -> dict[str, pl.DataFrame]:
    """Two versions side by side, one frame per section, each with a, b and change (b - a):
    rows (pages, readable, split counts), sources (pages), rules (share of pages flagged),
    lengths (text_chars and nav_char_share mean, p10, p50, p90, max)."""
    ma, mb = _version_metrics(a), _version_metrics(b)
    keys = {"rows": "metric", "sources": "source", "rules": "rule", "lengths": "metric"}
    out = {name: _side_by_side(key, ma[name], mb[name]) for name, key in keys.items()}
    out["sources"] = out["sources"].sort(["b", "source"], descending=[True, False])
    out["rules"] = out["rules"].sort("rule").with_columns(pl.col("a", "b", "change").round(4))
    out["lengths"] = out["lengths"].with_columns(pl.col("a", "b", "change").round(4))
    return out
