"""Template lines: a line seen on many pages of one source is site furniture, not article text.

Counting is bounded: a `TemplateCounter` keeps at most `capacity` (source, line) counters and,
when full, drops the rarest ones (a heavy-hitter sketch), so a large crawl never holds a
dictionary of every line it has seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from pagevet.pages.lines import page_lines

_NORMALISE = r"[\s\p{P}\d]+"
RELABELLED = ("lead", "body")


def _keyed_lines(pages: pl.DataFrame) -> pl.DataFrame:
    return (
        page_lines(pages)
        .join(pages.select("id", pl.col("source").fill_null("")), on="id", how="left")
        .filter(pl.col("role").is_in(RELABELLED))
        .with_columns(
            pl.col("line")
            .str.to_lowercase()
            .str.replace_all(_NORMALISE, " ")
            .str.strip_chars()
            .hash(seed=0)
            .alias("key")
        )
    )


def template_keys(pages: pl.DataFrame) -> pl.DataFrame:
    """(source, key) of every template-candidate line, once per page that has it: the rows a
    `TemplateCounter` counts (an engine may count them with a group-by)."""
    return _keyed_lines(pages).unique(["id", "key"]).select("source", "key")


@dataclass
class TemplateCounter:
    capacity: int = 200_000
    counts: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(
            schema={"source": pl.String, "key": pl.UInt64, "pages": pl.UInt32}
        )
    )
    pages_per_source: dict[str, int] = field(default_factory=dict)

    def update(self, pages: pl.DataFrame) -> None:
        """Count the template-candidate lines of a batch of pages."""
        per_source = dict(pages.group_by(pl.col("source").fill_null("")).len().iter_rows())
        batch = (
            _keyed_lines(pages)
            .unique(["id", "key"])
            .group_by("source", "key")
            .agg(pl.len().cast(pl.UInt32).alias("pages"))
        )
        self._add(batch, per_source)

    def absorb(self, other: TemplateCounter) -> None:
        """Add another counter's counts (e.g. another batch's) to this one."""
        self._add(other.counts, other.pages_per_source)

    def _add(self, counts: pl.DataFrame, per_source: dict[str, int]) -> None:
        for source, n in per_source.items():
            self.pages_per_source[source] = self.pages_per_source.get(source, 0) + n
        merged = (
            pl.concat([self.counts, counts])
            .group_by("source", "key")
            .agg(pl.col("pages").sum())
            .sort(["pages", "source", "key"], descending=[True, False, False])
        )
        self.counts = merged.head(self.capacity)

    def templates(self, min_pages: int, min_share: float) -> pl.DataFrame:
        totals = pl.DataFrame(
            {
                "source": list(self.pages_per_source),
                "total": list(self.pages_per_source.values()),
            },
            schema={"source": pl.String, "total": pl.Int64},
        )
        return (
            self.counts.join(totals, on="source")
            .filter(
                (pl.col("pages") >= min_pages) & (pl.col("pages") / pl.col("total") >= min_share)
            )
            .select("source", "key")
        )


def relabel_templates(pages: pl.DataFrame, templates: pl.DataFrame) -> pl.DataFrame:
    """Turn lead/body lines that are template lines of their source into `nav`, and rebuild
    the clean text from what stays lead/body."""
    if templates.is_empty() or pages.is_empty():
        return pages
    hits = (
        _keyed_lines(pages)
        .join(templates, on=["source", "key"], how="semi")
        .select("id", "n", pl.lit(True).alias("template"))
    )
    if hits.is_empty():
        return pages
    lines = (
        page_lines(pages)
        .join(hits, on=["id", "n"], how="left")
        .with_columns(
            pl.when(pl.col("template")).then(pl.lit("nav")).otherwise("role").alias("role")
        )
    )
    # A page whose lead was a template line: its first remaining paragraph leads.
    is_body = pl.col("role") == "body"
    lines = lines.with_columns(
        pl.when(
            ~(pl.col("role") == "lead").any().over("id")
            & is_body
            & (is_body.cast(pl.Int32).cum_sum().over("id") == 1)
        )
        .then(pl.lit("lead"))
        .otherwise(pl.col("role"))
        .alias("role")
    )
    is_text = pl.col("role").is_in(RELABELLED)
    rebuilt = lines.group_by("id", maintain_order=True).agg(
        pl.struct(pl.col("n"), pl.col("role")).alias("line_roles"),
        pl.col("line").filter(is_text).str.strip_chars().str.join("\n").alias("text"),
        pl.col("line").filter(pl.col("role") == "lead").first().str.strip_chars().alias("lead"),
    )
    changed = rebuilt.join(hits.select("id").unique(), on="id", how="semi")
    out = pages.update(changed, on="id", how="left", include_nulls=True)
    return out.with_columns(pl.col("text").str.len_chars().cast(pl.Int64).alias("text_chars"))


@dataclass(frozen=True)
class TemplatePass:
    """The template-line corpus pass: count candidate lines per batch (a bounded
    `TemplateCounter` each), add the counters up in batch order, then relabel every batch's
    template lines as `nav`."""

    min_pages: int = 5
    min_share: float = 0.3
    capacity: int = 200_000
    name: str = "templates"

    def summarise(self, batch: pl.DataFrame) -> TemplateCounter:
        counter = TemplateCounter(capacity=self.capacity)
        counter.update(batch)
        return counter

    def merge(self, summaries: Sequence[TemplateCounter]) -> TemplateCounter:
        merged = TemplateCounter(capacity=self.capacity)
        for summary in summaries:
            merged.absorb(summary)
        return merged

    def apply(self, batch: pl.DataFrame, merged: TemplateCounter) -> pl.DataFrame:
        return relabel_templates(batch, merged.templates(self.min_pages, self.min_share))
