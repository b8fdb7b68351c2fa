"""The one place that runs a corpus. Every command that looks at pages (`check`, `inspect`,
`build`, `validate` on raw pages, `evaluate`, the pytest plugin) calls `run`:

    paths ─ engine.map(ParseStep) ─▶ parsed batches (PAGE_SCHEMA, input order)
          ─ source names from the recipe ─▶
          ─ engine.reduce(pass) for each corpus pass ─▶ batches with corpus knowledge applied
          ─ page fields on each batch (`pages.fields`: nav_char_share, slug verdict/score) ─▶
          ─ per-page rules on each batch ─ concat ─ corpus rules on every page ─▶
          ─ findings merged, split (duplicates share one: pagevet.splits) ─▶ PageTable

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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from pagevet.config import DEFAULT_SPLITS, Config
from pagevet.corpus import CorpusPass
from pagevet.corpus.spill import SpillStore
from pagevet.corpus.templates import TemplatePass
from pagevet.engines import Engine, Progress, get_engine
from pagevet.engines.local import LocalEngine
from pagevet.engines.replay import RawReplay
from pagevet.engines.results import ResultCache, page_grouped, row_keys, ungrouped
from pagevet.pages.fields import PAGE_FIELDS, with_page_fields
from pagevet.pages.ids import FINDING_DTYPE, unique_ids, unique_page_ids
from pagevet.pages.markers import load_markers
from pagevet.pages.parse import ParseParams
from pagevet.pages.sitelines import (
    count_source,
    merge_site_lines,
    page_lines,
    summarise_page_lines,
)
from pagevet.pages.source_names import with_source_names
from pagevet.pages.table import PAGE_SCHEMA, parse_batch
from pagevet.rules.engine import (
    labelled_findings,
    merge_findings,
    rule_findings,
    select_rules,
)
from pagevet.splits import (  # noqa: F401  (split_of: its old home)
    SUMMARY_SCHEMA,
    assign_splits,
    near_clusters,
    split_of,
    split_summary,
)
from pagevet.suppress import suppressed

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
class SiteLinesStep:
    """The first pass over the raw pages: each page's line keys
    (`pages.sitelines.page_lines`), which the pipeline turns into the crawl's site-line
    counts. Reports no progress (the parse pass does)."""

    reports_progress = False
    # a tenth of a parse's work a page: when the parse will not need worker processes (an
    # incremental build), the local engine does this pass in its own process too
    light = True

    def __call__(self, batch: pa.RecordBatch | pa.Table) -> pa.Table:
        rows = batch.select(["text", "source", "url", "path"]).to_pydict()
        sources = [
            count_source(s, u, p)
            for s, u, p in zip(rows["source"], rows["url"], rows["path"], strict=True)
        ]
        return page_lines(rows["text"], sources).to_arrow()


@dataclass(frozen=True)
class ParseStep:
    """The per-batch work of the pipeline: raw pages -> parsed pages (PAGE_SCHEMA).

    A plain value (marker files by path, the crawl's site-line counts), so engines can ship
    it to worker processes."""

    marker_files: tuple[str, ...] = ()
    site_lines: pl.DataFrame | None = None
    cacheable = True  # a parse cache may stand in for this step (`engines.cache`)

    def __call__(self, batch: pa.RecordBatch | pa.Table) -> pa.Table:
        markers = load_markers(self.marker_files)
        parsed = parse_batch(batch, params=ParseParams(markers=markers, site_lines=self.site_lines))
        return with_metadata_byline(batch, parsed)


def parse_step(
    paths: list[str | Path],
    config: Config,
    engine: Engine,
    *,
    replay: RawReplay | None = None,
    spill_dir: str | Path | None = None,
) -> ParseStep:
    """The parse step for a run: site lines counted over every page first, so a page's roles
    do not depend on the batch it is parsed in. With `replay` (an engine that `replays`),
    the raw batches this pass reads are recorded for the parse pass; the merge of the
    counts spills, when it must, in `spill_dir`."""
    parts = (
        engine.map(paths, SiteLinesStep(), replay=replay)  # type: ignore[call-arg]
        if replay is not None
        else engine.map(paths, SiteLinesStep())
    )

    def summaries() -> Iterator[pl.DataFrame]:
        for table in parts:
            if replay is not None:
                replay.keep_lines(table)
            yield summarise_page_lines(pl.from_arrow(table))  # type: ignore[arg-type]

    counts = merge_site_lines(summaries(), spill_dir=spill_dir)
    return ParseStep(tuple(config.markers), counts)  # type: ignore[arg-type]


def with_metadata_byline(raw: pa.RecordBatch | pa.Table, parsed: pa.Table) -> pa.Table:
    """`byline` from the reader's `author` (what trafilatura finds in HTML and WARC pages, a
    JSONL/Parquet author field) where the parser found no byline line in the text."""
    if "author" not in raw.schema.names or raw.num_rows != parsed.num_rows:
        return parsed
    import pyarrow.compute as pc

    author = pc.utf8_trim_whitespace(raw.column("author"))
    author = pc.if_else(pc.equal(author, ""), pa.scalar(None, pa.string()), author)
    index = parsed.schema.get_field_index("byline")
    byline = pc.coalesce(parsed.column("byline"), author)
    return parsed.set_column(index, parsed.schema.field("byline"), byline)


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
    columns: list[str] | None = None,
) -> PageTable:
    """Every page of `paths` parsed, with corpus passes, page fields and every selected rule.

    `engine` is an engine or its name (`local`, `ray`); `workers` and `progress` go to the
    local engine. `source_names` maps a path prefix to the site of pages under it whose site
    the parser could not detect; `splits` are the split ratios (default 80/10/10). `columns`
    keeps only those columns of each finished batch (the local engine then never holds every
    page's text: `check` keeps the findings and the pages' names)."""
    if isinstance(engine, str):
        engine = get_engine(engine, workers=workers, progress=progress)
    if hasattr(engine, "run_distributed"):  # the Ray engine: the whole run on the cluster
        done = run_distributed(
            paths, config, engine=engine, source_names=source_names, splits=splits
        )
        # in the local engine's batches, so the same Arrow chunks (the same Parquet files)
        batches = done.collect(columns)
        if batches:
            return PageTable(pl.concat(batches, how="vertical_relaxed"))
        paths = []  # nothing was read: the local run's empty table
    if isinstance(engine, LocalEngine) or hasattr(engine, "run_distributed"):
        batches = run_batches(
            paths, config, engine=engine, source_names=source_names, splits=splits
        )
        return PageTable(
            pl.concat(
                (b.select(columns) if columns else b for b in batches), how="vertical_relaxed"
            )
        )
    paths = list(paths)
    step = parse_step(paths, config, engine)
    batches = [with_source_names(pl.from_arrow(t), source_names) for t in engine.map(paths, step)]
    batches = unique_ids(batches)  # findings are merged by id: one id, one page
    for corpus_pass in CORPUS_PASSES:
        batches = engine.reduce(batches, corpus_pass)
    slug_params = config.params.get("title-slug-mismatch")
    batches = [with_page_fields(batch, slug_params) for batch in batches]
    page_rules, corpus_rules = select_rules(config, "page"), select_rules(config, "corpus")
    found = [rule_findings(batch, page_rules, config) for batch in batches]
    pages = (
        pl.concat(batches, how="vertical_relaxed")
        if batches
        else with_page_fields(pl.from_arrow(PAGE_SCHEMA.empty_table()))
    )
    found.append(rule_findings(pages, corpus_rules, config))
    pages = merge_findings(pages, suppressed(pl.concat(found), pages, config), select_rules(config))
    keys = near_clusters(split_summary(pages, config.params.get("near-duplicate")))
    split = assign_splits(keys, splits or DEFAULT_SPLITS)
    pages = pages.join(split, on="id", how="left", maintain_order="left")
    return PageTable(pages.select(columns) if columns else pages)


def run_batches(
    paths: Iterable[str | Path],
    config: Config,
    *,
    engine: Engine,
    source_names: dict[str, str] | None = None,
    splits: dict[str, float] | None = None,
    spill_dir: str | Path | None = None,
    checkpoint: Callable[[], None] | None = None,
    parsed: Callable[[], None] | None = None,
) -> Iterator[pl.DataFrame]:
    """What `run` returns, batch by batch in input order, in bounded memory: batches are
    spilled to Parquet between the passes and corpus rules reduce compact summaries.
    `checkpoint` is called after every parsed batch and before each later pass: what it
    raises stops the run (the caller's work running beside it failed). `parsed` is called
    once the parse pass is done and its worker processes stopped.

    1. `engine.map` parses; each batch spills; ids are made unique across the run (from
       the spilled ids alone, see `pages.ids`);
    2. each corpus pass summarises the spilled batches, merges, and applies (a new spill);
    3. each batch gets its page fields and page findings (spilled), and every corpus rule
       keeps a summary of it (text hashes, MinHash band keys, year ranges); the corpus rules
       reduce their summaries to findings;
    4. each batch gets its findings merged and its split, and is yielded."""
    paths = list(paths)
    rules = select_rules(config)
    page_rules, corpus_rules = select_rules(config, "page"), select_rules(config, "corpus")
    # the local engine's workers (shared by the site-line and parse passes) are not needed
    # past the parse, nor kept when it fails
    stop_workers = getattr(engine, "stop_workers", None) or (lambda: None)
    check = checkpoint or (lambda: None)
    with SpillStore(spill_dir) as spill:
        stream = "parsed"
        # the site-line pass records the raw batches it reads; the parse pass replays them
        replay = RawReplay(spill.folder) if getattr(engine, "replays", False) else None
        try:
            step = parse_step(paths, config, engine, replay=replay, spill_dir=spill.folder)
            tables = (
                engine.map(paths, step, replay=replay)  # type: ignore[call-arg]
                if replay is not None
                else engine.map(paths, step)
            )
            for table in tables:
                spill.append(stream, with_source_names(pl.from_arrow(table), source_names))
                check()
        finally:
            stop_workers()
            if replay is not None:
                replay.close()
        if parsed is not None:
            parsed()
        if not spill.count(stream):
            spill.append(stream, pl.from_arrow(PAGE_SCHEMA.empty_table()))
        stream = _unique_spilled_ids(spill, stream)
        for k, corpus_pass in enumerate(CORPUS_PASSES):
            check()
            merged = corpus_pass.merge([corpus_pass.summarise(b) for b in spill.frames(stream)])
            for batch in spill.frames(stream):
                spill.append(f"pass-{k}", corpus_pass.apply(batch, merged))
            spill.drop(stream)
            stream = f"pass-{k}"
        check()
        empty: dict[str, pl.DataFrame] = {}
        results = getattr(engine, "results", None)
        for batch in spill.frames(stream):
            batch, found, summaries, split_keys = page_stage(
                batch, config, page_rules, corpus_rules, results
            )
            spill.append("pages", batch)
            spill.append("found", found)
            spill.append("split-keys", split_keys)
            for rule in corpus_rules:
                summary = summaries[rule.id]
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
        # duplicates and near-duplicate clusters share a split (pagevet.splits)
        keys = near_clusters(spill.scan("split-keys", SUMMARY_SCHEMA))
        split = assign_splits(keys, splits or DEFAULT_SPLITS)
        for batch, found in zip(spill.frames("pages"), spill.frames("found"), strict=True):
            mine = corpus_found.join(batch.select("id"), on="id", how="semi")
            found = suppressed(pl.concat([found, mine]), batch, config)
            yield merge_findings(batch, found, rules).join(
                split, on="id", how="left", maintain_order="left"
            )


def _page_results(
    batch: pl.DataFrame, config: Config, page_rules: list[Any], corpus_rules: list[Any]
) -> pl.DataFrame:
    """The page stage on `batch`, one row per page: its page fields, and as one list column
    per output (`_found`, `_summary__<rule>`, `_split`) the rows each page gave."""
    pages = with_page_fields(batch, config.params.get("title-slug-mismatch"))
    ids = pages["id"]
    summaries = {r.id: r.summary(pages, config.params.get(r.id)) for r in corpus_rules}
    # the split keys reuse the near-duplicate rule's MinHash summary when it runs
    near = summaries.get("near-duplicate")
    split_keys = split_summary(pages, config.params.get("near-duplicate"), near)
    return pl.DataFrame(
        [
            *(pages[c] for c in PAGE_FIELDS),
            page_grouped(rule_findings(pages, page_rules, config), ids).alias("_found"),
            *(page_grouped(summaries[r.id], ids).alias(f"_summary__{r.id}") for r in corpus_rules),
            page_grouped(split_keys, ids).alias("_split"),
        ]
    )


def page_stage(
    batch: pl.DataFrame,
    config: Config,
    page_rules: list[Any],
    corpus_rules: list[Any],
    results: ResultCache | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, pl.DataFrame], pl.DataFrame]:
    """A batch after the corpus passes → (the batch with its page fields, page rules'
    findings, each corpus rule's summary, split keys). Every output's rows come grouped by
    page in batch order (`engines.results.page_grouped`). With a result cache, only pages
    whose row it lacks go through the stage; the others' results come from the cache."""
    hit = np.zeros(batch.height, dtype=bool)
    if results is not None:
        key, check = row_keys(batch)
        hit, where = results.lookup(key, check)
    if hit.any():
        misses = np.flatnonzero(~hit)
        done = _page_results(batch[misses.tolist()], config, page_rules, corpus_rules)
        cached = results.cached_rows(where[:, hit])  # type: ignore[union-attr]
        # back in batch order: the computed rows first, then the cached ones
        order = np.argsort(np.concatenate([misses, np.flatnonzero(hit)]), kind="stable")
        rows = pl.concat([done, cached.select(done.columns)], how="vertical_relaxed")
        rows = rows[order.tolist()]
    else:
        rows = _page_results(batch, config, page_rules, corpus_rules)
    if results is not None:
        results.record(
            rows.with_columns(pl.Series("_key", key), pl.Series("_check", check))  # type: ignore[possibly-undefined]
        )
    fields = rows.select(pl.col(c).cast(t) for c, t in PAGE_FIELDS.items())
    pages = batch.drop([c for c in PAGE_FIELDS if c in batch.columns]).hstack(fields)
    ids = batch["id"]
    summaries = {r.id: ungrouped(ids, rows[f"_summary__{r.id}"]) for r in corpus_rules}
    return pages, ungrouped(ids, rows["_found"]), summaries, ungrouped(ids, rows["_split"])


def _unique_spilled_ids(spill: SpillStore, stream: str) -> str:
    """The stream with every id unique across its batches (`unique_ids` on spilled batches):
    only the ids and page names are read to find repeats; the batches are rewritten only when
    an id repeats. Returns the name of the stream to read on."""
    names = ["id", "path", "record", "format"]
    keys = pl.concat(list(spill.frames(stream, columns=names)), how="vertical_relaxed")
    if keys["id"].n_unique() == keys.height:
        return stream
    no_findings = pl.lit([], pl.List(FINDING_DTYPE)).alias("findings")
    renamed = unique_page_ids(keys.with_columns(no_findings))
    start = 0
    for batch in spill.frames(stream):
        mine = renamed.slice(start, batch.height)
        start += batch.height
        spill.append(
            "unique",
            batch.with_columns(
                mine["id"],
                pl.concat_list(
                    pl.col("findings").cast(pl.List(FINDING_DTYPE)),
                    mine["findings"].alias("_renamed"),
                ).alias("findings"),
            ),
        )
    spill.drop(stream)
    return "unique"


def run_distributed(
    paths: Iterable[str | Path],
    config: Config,
    *,
    engine: Any,
    source_names: dict[str, str] | None = None,
    splits: dict[str, float] | None = None,
) -> Any:
    """`run` on an engine that keeps the pages where it computed them (`RayEngine`): its
    handle on the finished pages (`engines.ray_run.RayRun`). The parse step is this
    pipeline's, with the site lines counted first over every page by the engine's `map`
    (`SiteLinesStep` on the workers, the counts merged here, as `run_batches` does)."""
    paths = list(paths)
    return engine.run_distributed(
        paths,
        config,
        step=parse_step(paths, config, engine),
        passes=CORPUS_PASSES,
        source_names=source_names,
        splits=splits,
    )
