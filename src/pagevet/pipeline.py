"""The one place that runs a corpus. Every command that looks at pages (`check`, `inspect`,
`build`, `validate` on raw pages, `evaluate`, the pytest plugin) calls `run`:

    paths ─ engine.map(ParseStep) ─▶ parsed batches (PAGE_SCHEMA, input order)
          ─ source names from the recipe ─▶
          ─ engine.reduce(pass) for each corpus pass ─▶ batches with corpus knowledge applied
          ─ page fields on each batch (`pages.fields`: nav_char_share, slug verdict/score) ─▶
          ─ per-page rules on each batch ─ concat ─ corpus rules on every page ─▶
          ─ findings merged, split ─▶ PageTable

Values about a page are computed once, as page fields, by the stage that owns them, and read
by the rules, the version tables and the report; nothing downstream recomputes them.

A rule's `scope` says where it runs: "page" rules see one batch at a time (after the corpus
passes, which may relabel lines), "corpus" rules (duplicates, outliers, a site's language)
see every page.

Engines (`pagevet.engines`) implement two methods and nothing else:

    map(paths, step) -> Iterator[pa.Table]
        read `paths` in raw-page batches (RAW_SCHEMA), call `step(batch)` on each — parse and
        per-page work, returning a PAGE_SCHEMA table — and yield the tables in input order.
        `step` is a picklable value (`ParseStep`), so it can run in another process or node.
    reduce(batches, corpus_pass) -> list[pl.DataFrame]
        run one corpus pass: `summarise` every batch into a compact summary, `merge` the
        summaries (in batch order), `apply` the merged summary to every batch. The reference
        implementation is `engines.reduce_in_process`.

A corpus pass (`pagevet.corpus.CorpusPass`) is those three functions; `CORPUS_PASSES` lists
them in order (today: template lines per source). A new pass — text hashes, MinHash bands —
is a new value in that list; a new engine is a new class with `map` and `reduce`, chosen by
name in `engines.get_engine`.

`store/` turns a finished `PageTable` into a version folder and computes nothing about pages.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from pagevet.config import DEFAULT_SPLITS, Config
from pagevet.corpus import CorpusPass
from pagevet.corpus.spill import SpillStore
from pagevet.corpus.templates import TemplatePass
from pagevet.engines import Engine, Progress, get_engine
from pagevet.pages.fields import with_page_fields
from pagevet.pages.markers import load_markers
from pagevet.pages.splits import split_of, with_source_names
from pagevet.pages.table import PAGE_SCHEMA, parse_batch
from pagevet.rules.engine import (
    labelled_findings,
    merge_findings,
    rule_findings,
    select_rules,
)

CORPUS_PASSES: tuple[CorpusPass[Any], ...] = (TemplatePass(),)

# Columns of the default config (clean pages), in order; flag__* columns follow `findings`.
DEFAULT_COLUMNS = [
    "id", "source", "url", "slug", "slug_from", "title", "title_line", "lead", "text", "byline",
    "published_at", "published_from", "crawled_at", "crawled_from", "language",
    "language_score", "text_chars", "nav_char_share", "slug_verdict", "slug_score",
    "line_roles", "findings",
]  # fmt: skip
PROVENANCE = ["path", "record", "format", "sha256", "bytes", "encoding"]
RAW_EXTRA = ["raw", "page_text", "read_error"]


@dataclass(frozen=True)
class ParseStep:
    """The per-batch work of the pipeline: raw pages -> parsed pages (PAGE_SCHEMA).

    A plain value (marker files by path), so engines can ship it to worker processes."""

    marker_files: tuple[str, ...] = ()

    def __call__(self, batch: pa.RecordBatch | pa.Table) -> pa.Table:
        return parse_batch(batch, load_markers(self.marker_files))


@dataclass(frozen=True)
class PageTable:
    """Every page of a run: PAGE_SCHEMA columns, the page fields (`pages.fields.PAGE_FIELDS`),
    `split`, `findings` of every selected rule and one `flag__<rule>` column per registered
    rule."""

    pages: pl.DataFrame

    def relative_to(self, root: Path) -> PageTable:
        """Paths relative to `root`: the same crawl gives the same bytes anywhere."""
        prefix = str(root.resolve()) + os.sep
        return PageTable(self.pages.with_columns(pl.col("path").str.strip_prefix(prefix)))

    def default(self) -> pl.DataFrame:
        """Every page that could be read, with clean fields, flags and findings (no raw text):
        a version's default config."""
        return _ordered(self.pages.filter(pl.col("read_error").is_null()), DEFAULT_COLUMNS)

    def raw(self) -> pl.DataFrame:
        """Every page read, readable or not, with the raw text and all findings: a version's
        raw config."""
        return _ordered(self.pages, DEFAULT_COLUMNS + RAW_EXTRA)


def _ordered(pages: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    flags = sorted(c for c in pages.columns if c.startswith("flag__"))
    return pages.select([*columns, *flags, "split", *PROVENANCE]).sort("id", maintain_order=True)


def run(
    paths: Iterable[str | Path],
    config: Config,
    *,
    engine: str | Engine = "local",
    workers: int = 1,
    progress: Progress | None = None,
    source_names: dict[str, str] | None = None,
    splits: dict[str, float] | None = None,
) -> PageTable:
    """Every page of `paths` parsed, with corpus passes, page fields and every selected rule.

    `engine` is an engine or its name (`local`, `ray`); `workers` and `progress` go to the
    local engine. `source_names` maps a path prefix to the site of pages under it whose site
    the parser could not detect; `splits` are the split ratios (default 80/10/10)."""
    if isinstance(engine, str):
        engine = get_engine(engine, workers=workers, progress=progress)
    if hasattr(engine, "run_distributed"):  # the Ray engine: the whole run on the cluster
        done = run_distributed(
            paths, config, engine=engine, source_names=source_names, splits=splits
        )
        if done.count():
            # in the local engine's batches, so the same Arrow chunks (the same Parquet files)
            return PageTable(pl.concat(done.collect(), how="vertical_relaxed"))
    batches = run_batches(paths, config, engine=engine, source_names=source_names, splits=splits)
    return PageTable(pl.concat(batches, how="vertical_relaxed"))


def run_batches(
    paths: Iterable[str | Path],
    config: Config,
    *,
    engine: Engine,
    source_names: dict[str, str] | None = None,
    splits: dict[str, float] | None = None,
    spill_dir: str | Path | None = None,
) -> Iterator[pl.DataFrame]:
    """What `run` returns, batch by batch in input order, in bounded memory: batches are
    spilled to Parquet between the passes and corpus rules reduce compact summaries.

    1. `engine.map` parses; each batch spills;
    2. each corpus pass summarises the spilled batches, merges, and applies (a new spill);
    3. each batch gets its page fields and page findings (spilled), and every corpus rule
       keeps a summary of it (text hashes, MinHash band keys, year ranges); the corpus rules
       reduce their summaries to findings;
    4. each batch gets its findings merged and its split, and is yielded."""
    step = ParseStep(tuple(config.markers))
    slug_params = config.params.get("title-slug-mismatch")
    rules = select_rules(config)
    page_rules, corpus_rules = select_rules(config, "page"), select_rules(config, "corpus")
    with SpillStore(spill_dir) as spill:
        stream = "parsed"
        for table in engine.map(paths, step):
            spill.append(stream, with_source_names(pl.from_arrow(table), source_names))
        if not spill.count(stream):
            spill.append(stream, pl.from_arrow(PAGE_SCHEMA.empty_table()))
        for k, corpus_pass in enumerate(CORPUS_PASSES):
            merged = corpus_pass.merge([corpus_pass.summarise(b) for b in spill.frames(stream)])
            for batch in spill.frames(stream):
                spill.append(f"pass-{k}", corpus_pass.apply(batch, merged))
            spill.drop(stream)
            stream = f"pass-{k}"
        empty: dict[str, pl.DataFrame] = {}
        for batch in spill.frames(stream):
            batch = with_page_fields(batch, slug_params)
            spill.append("pages", batch)
            spill.append("found", rule_findings(batch, page_rules, config))
            for rule in corpus_rules:
                summary = rule.summary(batch, config.params.get(rule.id))
                # an empty summary may lack its columns' types: kept only for an empty corpus
                if summary.height:
                    spill.append(f"summary-{rule.id}", summary)
                else:
                    empty.setdefault(rule.id, summary)
        spill.drop(stream)
        corpus_found = labelled_findings(
            [
                (
                    rule,
                    rule.run_summaries(
                        spill.scan(f"summary-{rule.id}")
                        if spill.count(f"summary-{rule.id}")
                        else empty[rule.id].lazy(),
                        config.params.get(rule.id),
                    ),
                )
                for rule in corpus_rules
            ],
            config,
        )
        for batch, found in zip(spill.frames("pages"), spill.frames("found"), strict=True):
            mine = corpus_found.join(batch.select("id"), on="id", how="semi")
            yield merge_findings(batch, pl.concat([found, mine]), rules).with_columns(
                split_of(pl.col("id"), splits or DEFAULT_SPLITS)
            )


def run_distributed(
    paths: Iterable[str | Path],
    config: Config,
    *,
    engine: Any,
    source_names: dict[str, str] | None = None,
    splits: dict[str, float] | None = None,
) -> Any:
    """`run` on an engine that keeps the pages where it computed them (`RayEngine`): its
    handle on the finished pages (`engines.ray_run.RayRun`), with this pipeline's parse step
    and corpus passes."""
    return engine.run_distributed(
        paths,
        config,
        step=ParseStep(tuple(config.markers)),
        passes=CORPUS_PASSES,
        source_names=source_names,
        splits=splits,
    )
