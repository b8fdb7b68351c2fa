"""The whole run on Ray Data, with nothing proportional to the corpus on the driver.

    files (listed on the driver) ─ map_batches: read + site-line counts ─▶ merged on the
      driver (`pipeline.parse_step`, as locally) ─▶ the parse step
    files ─ map_batches: read + parse ─▶ parsed (object store)
      ─ repeated ids: groupby(id).count() ─▶ the pages holding one (driver) renamed by
                      `unique_page_ids` ─▶ map_batches: new ids joined back
      ─ template lines: map_batches(keys) → groupby(source, key).count()
                        and groupby(source).count()  ─▶ template lines (small, driver)
      ─ map_batches: relabel templates, page fields, per-page rules ─▶ pages (object store)
      ─ corpus rules, each as distributed aggregations over compact summaries:
          exact-duplicate     groupby(text hash) → the rule's reduce per group
          near-duplicate      groupby(text hash) → first page of each text;
                              band keys → groupby(band, key) → candidate (page, smaller page);
                              groupby(page) → the smallest; joined to the two signatures →
                              the rule's reduce per pair
          date-range-outlier  groupby(keyword, range, start, end).count() ─▶ range usage
                              (small, driver) → outliers → map_batches over the summaries
          language-mismatch   groupby(source, language).sum() ─▶ site languages (small,
                              driver) → map_batches over the pages
      ─ corpus findings: groupby(page) → joined to the pages (hash join)
      ─ splits: map_batches(split_summary) → groupby(text hash), groupby(band key) ─▶ the
                pages sharing a key (driver): `near_clusters`, `assign_splits`
      ─ map_batches: findings less the suppressed ones (`suppress`) merged, flags, split
                     ─▶ finished pages (object store)

The driver holds file names, object references, the small aggregates named above, the
per-stage statistics, and two things that grow with the crawl but not with its pages: the
merged site-line counts (lines seen on at least two pages of a site, as the local engine
ships them to its workers) and the split keys of the pages that share a text or a band key
(duplicates only). Every page-level function is the local pipeline's own
(`relabel_templates`, `with_page_fields`, `rule_findings`, `suppressed`, `merge_findings`,
`unique_page_ids`, `near_clusters`, `assign_splits`), and every corpus rule's reduce gives on
its group what it gives on the whole corpus, so the pages are the local engine's, value for
value.

What is exact here and approximate locally: template-line counts (the local engine keeps at
most 200,000 counters per pass, a heavy-hitter sketch; here every (source, line) is counted).
Near-duplicates are the local rule's: each page names the smallest page it shares an LSH
band with (no transitive closure / connected components, as locally).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from pagevet.config import DEFAULT_SPLITS, Config

ORDER = ("_file_index", "record")  # input order: file position, record in the file


def to_arrow(frame: pl.DataFrame) -> pa.Table:
    """A polars frame as an Arrow table Ray Data can concatenate across blocks."""
    return frame.to_arrow(compat_level=pl.CompatLevel.oldest())


def _frame(batch: pa.Table) -> pl.DataFrame:
    return pl.from_arrow(batch) if batch.num_rows or batch.num_columns else pl.DataFrame()


# --- stage functions (run on workers; module-level so Ray ships them by reference) -----------


def _parse(batch: pa.Table, step: Any, source_names: dict[str, str] | None) -> pa.Table:
    from pagevet.engines.inputs import read_and_step
    from pagevet.pages.source_names import with_source_names

    table = read_and_step(batch, step)
    if "id" not in table.column_names:
        return table
    return to_arrow(with_source_names(pl.from_arrow(table), source_names))


def _template_keys(batch: pa.Table) -> pa.Table:
    from pagevet.corpus.templates import template_keys

    return to_arrow(template_keys(_frame(batch)))


def _at_least(batch: pa.Table, column: str, n: int) -> pa.Table:
    return to_arrow(_frame(batch).filter(pl.col(column) >= n))


def _sources(batch: pa.Table) -> pa.Table:
    return to_arrow(_frame(batch).select(pl.col("source").fill_null("")))


def _finish_pages(batch: pa.Table, templates: pl.DataFrame, config: Config) -> pa.Table:
    """Template lines relabelled, page fields, and the per-page rules' findings kept in a
    `_page_found` list per page (merged with the corpus findings at the end)."""
    from pagevet.corpus.templates import relabel_templates
    from pagevet.pages.fields import with_page_fields
    from pagevet.rules.engine import rule_findings, select_rules

    pages = relabel_templates(_frame(batch), templates)
    pages = with_page_fields(pages, config.params.get("title-slug-mismatch"))
    found = rule_findings(pages, select_rules(config, "page"), config)
    return to_arrow(_attach(pages, found, "_page_found"))


def _attach(pages: pl.DataFrame, found: pl.DataFrame, name: str) -> pl.DataFrame:
    """`found` (id + finding columns) as a list column `name` of `pages`, in found's order."""
    per_page = found.group_by("id", maintain_order=True).agg(
        pl.struct(pl.exclude("id")).alias(name)
    )
    return pages.join(per_page, on="id", how="left", maintain_order="left")


def _summary(batch: pa.Table, rule_id: str, params: dict[str, Any] | None, order: bool) -> pa.Table:
    from pagevet.rules.registry import RULES_BY_ID

    pages = _frame(batch)
    summary = RULES_BY_ID[rule_id].summary(pages, params)
    if order:
        summary = summary.join(pages.select("id", *ORDER), on="id", how="left")
    return to_arrow(summary)


def _labelled(rows: pl.DataFrame, rule_id: str, config: Config) -> pa.Table:
    from pagevet.rules.base import as_findings
    from pagevet.rules.engine import labelled_findings
    from pagevet.rules.registry import RULES_BY_ID

    return to_arrow(labelled_findings([(RULES_BY_ID[rule_id], as_findings(rows))], config))


def _exact_group(group: pa.Table, config: Config) -> pa.Table:
    from pagevet.rules.registry import RULES_BY_ID

    rule = RULES_BY_ID["exact-duplicate"]
    params = rule._params(config.params.get(rule.id))
    return _labelled(rule.reduce(_frame(group).lazy(), params), rule.id, config)


def _first_of_text(group: pa.Table) -> pa.Table:
    """Of the pages with one text hash, the first in input order (the near-duplicate rule's
    `unique("_h", keep="first")`)."""
    frame = _frame(group).sort(list(ORDER)).head(1)
    return to_arrow(frame.drop(list(ORDER)))


def _band_rows(batch: pa.Table) -> pa.Table:
    frame = _frame(batch).select("id", "bands")
    keys = frame.explode("bands").with_columns(pl.int_range(pl.len()).over("id").alias("band"))
    return to_arrow(keys.select("id", "band", pl.col("bands").alias("key")))


def _bucket_pairs(group: pa.Table) -> pa.Table:
    """Pages sharing one (band, key): each page with the smallest id of the bucket, when that
    is smaller than its own."""
    frame = _frame(group)
    smallest = frame["id"].min()
    return to_arrow(
        frame.filter(pl.col("id") > smallest).select("id", pl.lit(smallest).alias("other"))
    )


def _as_other(batch: pa.Table) -> pa.Table:
    frame = _frame(batch)
    return to_arrow(
        frame.rename({c: ("other" if c == "id" else f"{c}_other") for c in frame.columns})
    )


def _smallest_other(group: pa.Table) -> pa.Table:
    frame = _frame(group)
    return to_arrow(frame.group_by("id").agg(pl.col("other").min()))


def _near_pairs(batch: pa.Table, config: Config) -> pa.Table:
    """Each candidate pair (with both pages' summaries attached) through the rule's own
    reduce; of its findings only the pair's page is kept."""
    from pagevet.rules.registry import RULES_BY_ID

    rule = RULES_BY_ID["near-duplicate"]
    params = rule._params(config.params.get(rule.id))
    pairs = _frame(batch)
    if pairs.is_empty():
        return _labelled(pl.DataFrame(schema={"id": pl.String}), rule.id, config)
    summary = pl.concat(
        [
            pairs.select("id", "_h", "signature", "bands"),
            pairs.select(
                pl.col("other").alias("id"),
                pl.col("_h_other").alias("_h"),
                pl.col("signature_other").alias("signature"),
                pl.col("bands_other").alias("bands"),
            ),
        ]
    ).unique("id", keep="first", maintain_order=True)
    found = rule.reduce(summary.lazy(), params)
    mine = found.join(pairs.select("id", "other"), on="id", how="semi")
    return _labelled(mine, rule.id, config)


def _range_usage_rows(batch: pa.Table) -> pa.Table:
    ranges = _frame(batch)
    kept = ranges.filter(pl.col("keyword").is_not_null() & (pl.col("start") <= pl.col("end")))
    return to_arrow(
        kept.unique(["id", "keyword", "range", "start", "end"]).drop("id", "n", "phrase")
    )


def _range_findings(batch: pa.Table, outliers: pl.DataFrame, config: Config) -> pa.Table:
    from pagevet.rules.date_range_outlier import outlier_findings

    return _labelled(outlier_findings(_frame(batch), outliers), "date-range-outlier", config)


def _language_counts(batch: pa.Table, params: dict[str, Any]) -> pa.Table:
    from pagevet.rules.language_mismatch import site_language_counts

    counts = site_language_counts(_frame(batch), params)
    return to_arrow(counts.with_columns(pl.col("len").cast(pl.Int64)))


def _language_findings(batch: pa.Table, counts: pl.DataFrame, config: Config) -> pa.Table:
    from pagevet.rules.language_mismatch import mismatches
    from pagevet.rules.registry import RULES_BY_ID

    rule = RULES_BY_ID["language-mismatch"]
    params = rule._params(config.params.get(rule.id))
    pages = _frame(batch).select(rule.columns)
    return _labelled(mismatches(pages, counts, params), rule.id, config)


def _group_findings(group: pa.Table) -> pa.Table:
    """The corpus findings of one page as one row: id, `_corpus_found` list."""
    found = _frame(group)
    return to_arrow(
        found.group_by("id", maintain_order=True).agg(
            pl.struct(pl.exclude("id")).alias("_corpus_found")
        )
    )


def _merge(
    batch: pa.Table,
    config: Config,
    splits: dict[str, float],
    grouped: pl.DataFrame,
    columns: list[str],
) -> pa.Table:
    """Page and corpus findings, less the suppressed ones, merged (as `merge_findings` merges
    them locally), flags, and the split: a page in a duplicate group (`grouped`: id, split)
    has its group's, any other the split of its own id (`pagevet.splits`)."""
    from pagevet.rules.engine import labelled_findings, merge_findings, select_rules
    from pagevet.splits import split_of
    from pagevet.suppress import suppressed

    pages = _frame(batch)
    pages = pages.select(
        [c for c in columns if c in pages.columns]
        + ["_corpus_found"] * ("_corpus_found" in pages.columns)
    )  # a join does not keep the column order
    found = []
    for name in ("_page_found", "_corpus_found"):
        if name in pages.columns:
            found.append(
                pages.select("id", pl.col(name)).explode(name).drop_nulls(name).unnest(name)
            )
    rules = select_rules(config)
    pages = pages.drop([c for c in ("_page_found", "_corpus_found") if c in pages.columns])
    empty = labelled_findings([], config)
    kept = suppressed(pl.concat([empty, *found], how="vertical_relaxed"), pages, config)
    merged = merge_findings(pages, kept, rules)
    return to_arrow(
        merged.join(grouped, on="id", how="left", maintain_order="left").with_columns(
            pl.coalesce(pl.col("split"), split_of(pl.col("id"), splits)).alias("split")
        )
    )


def _split_keys(batch: pa.Table, params: dict[str, Any] | None) -> pa.Table:
    """`pagevet.splits.split_summary` of a batch of finished pages: id, text_hash, bands."""
    from pagevet.splits import split_summary

    return to_arrow(split_summary(_frame(batch), params))


def _hash_keys(batch: pa.Table) -> pa.Table:
    return to_arrow(_frame(batch).select("id", "text_hash").drop_nulls("text_hash"))


def _band_keys(batch: pa.Table) -> pa.Table:
    frame = _frame(batch).select("id", pl.col("bands").alias("key")).explode("key")
    return to_arrow(frame.drop_nulls("key"))


def _shared(group: pa.Table) -> pa.Table:
    """The pages of one key group when more than one page holds the key (an edge of the
    split graph), else nothing."""
    frame = _frame(group).select("id")
    return to_arrow(frame if frame.height > 1 else frame.clear())


def _keys_of(batch: pa.Table, ids: pl.DataFrame) -> pa.Table:
    return to_arrow(_frame(batch).join(ids, on="id", how="semi"))


def _repeated(batch: pa.Table, ids: pl.DataFrame) -> pa.Table:
    """The pages whose id is repeated: their names and findings, for `unique_page_ids`."""
    frame = _frame(batch).join(ids, on="id", how="semi")
    return to_arrow(frame.select("id", "path", "record", "format", "findings", *ORDER[:1]))


def _renamed(batch: pa.Table, renamed: pl.DataFrame) -> pa.Table:
    """New ids and findings for the pages `renamed` names (by file and record)."""
    from pagevet.pages.ids import FINDING_DTYPE

    frame = _frame(batch)
    joined = frame.join(renamed, on=list(ORDER), how="left", maintain_order="left")
    findings = pl.List(FINDING_DTYPE)
    return to_arrow(
        joined.with_columns(
            pl.coalesce("_new_id", "id").alias("id"),
            pl.when(pl.col("_new_id").is_not_null())
            .then(pl.col("_new_findings").cast(findings))
            .otherwise(pl.col("findings").cast(findings))
            .alias("findings"),
        ).drop("_new_id", "_new_findings")
    )


def _remote(fn: Any) -> Any:
    """`fn` as a Ray task, made on first use (Ray is an optional dependency)."""
    holder: dict[str, Any] = {}

    class _Lazy:
        def remote(self, *args: Any) -> Any:
            if "task" not in holder:
                import ray

                holder["task"] = ray.remote(fn)
            return holder["task"].remote(*args)

    return _Lazy()


def _select_columns(table: pa.Table, columns: list[str]) -> pa.Table:
    return table.select([c for c in columns if c in table.column_names])


def _findings_only(table: pa.Table, columns: list[str]) -> pa.Table:
    frame = _frame(table)
    if frame.is_empty():
        return table.select([])
    return to_arrow(frame.filter(pl.col("findings").list.len() > 0).select(columns))


_select = _remote(_select_columns)
_with_findings = _remote(_findings_only)


# --- the driver --------------------------------------------------------------------------


@dataclass
class Stage:
    name: str
    pages_in: int
    rows_out: int
    seconds: float
    ray_stats: str = ""


@dataclass
class RayRun:
    """The finished pages as a materialised Ray Dataset (rows in no particular order, with the
    `_file_index` column giving input order), and what each stage did."""

    pages: Any  # ray.data.MaterializedDataset
    stages: list[Stage] = field(default_factory=list)

    def blocks(self, columns: list[str] | None = None) -> list[pl.DataFrame]:
        """The finished pages brought to the driver (whole, or `columns` only), in input order."""
        import ray

        if self.pages is None:
            return []
        refs = self.pages.to_arrow_refs()
        if columns is not None:
            refs = [_select.remote(ref, [*columns, *ORDER]) for ref in refs]
        frames = [pl.from_arrow(t) for t in ray.get(refs) if t.num_rows]
        if not frames:
            return []
        ordered = pl.concat(frames, how="vertical_relaxed").sort(list(ORDER))
        return [ordered.select(columns) if columns is not None else ordered.drop(ORDER[0])]

    def collect(
        self, columns: list[str] | None = None, batch_size: int = 256
    ) -> list[pl.DataFrame]:
        """Every finished page on the driver (whole, or `columns` only), in input order, in
        the local engine's batches (`pipeline.run` returns the whole table by definition)."""
        whole = self.blocks(columns)
        if not whole:
            return []
        (frame,) = whole
        return [
            frame.slice(start, batch_size).rechunk() for start in range(0, frame.height, batch_size)
        ]

    def flagged(self) -> pl.DataFrame:
        """What `check` prints: id, path, record, format and findings of the pages that have
        findings, in input order (filtered on the workers)."""
        import ray

        columns = ["id", "path", "record", "format", "findings"]
        if self.pages is None:
            return pl.DataFrame(schema={c: pl.String for c in columns})
        refs = [
            _with_findings.remote(ref, [*columns, ORDER[0]]) for ref in self.pages.to_arrow_refs()
        ]
        frames = [pl.from_arrow(t) for t in ray.get(refs) if t.num_rows]
        if not frames:
            return pl.DataFrame(schema={c: pl.String for c in columns})
        return pl.concat(frames, how="vertical_relaxed").sort(list(ORDER)).select(columns)

    def count(self) -> int:
        return 0 if self.pages is None else self.pages.count()

    def summary(self) -> str:
        lines = [f"{'stage':<28}{'pages in':>10}{'rows out':>10}{'seconds':>9}"]
        for s in self.stages:
            lines.append(f"{s.name:<28}{s.pages_in:>10}{s.rows_out:>10}{s.seconds:>9.2f}")
        return "\n".join(lines)


class _Stages:
    def __init__(self) -> None:
        self.stages: list[Stage] = []
        self._start = time.perf_counter()

    def done(self, name: str, pages_in: int, ds: Any) -> Any:
        """Materialise `ds` (a stage boundary) and record the stage."""
        ds = ds.materialize()
        now = time.perf_counter()
        self.stages.append(Stage(name, pages_in, ds.count(), now - self._start, ds.stats()))
        self._start = time.perf_counter()
        return ds

    def small(self, name: str, pages_in: int, ds: Any) -> pl.DataFrame:
        """Bring a small aggregate to the driver and record the stage."""
        blocks = [pl.from_arrow(t) for t in _get_all(ds)]
        frame = pl.concat(blocks, how="vertical_relaxed") if blocks else pl.DataFrame()
        now = time.perf_counter()
        self.stages.append(Stage(name, pages_in, frame.height, now - self._start))
        self._start = time.perf_counter()
        return frame


def _get_all(ds: Any) -> list[pa.Table]:
    import ray

    return [t for t in ray.get(ds.to_arrow_refs()) if t.num_rows]


def _partitions(ds: Any) -> int:
    return max(1, min(16, ds.num_blocks()))


def run_on_ray(
    paths: Iterable[str | Path],
    config: Config,
    *,
    step: Any,
    passes: tuple[Any, ...],
    address: str | None = None,
    num_cpus: int | None = None,
    files_per_batch: int = 64,
    source_names: dict[str, str] | None = None,
    splits: dict[str, float] | None = None,
) -> RayRun:
    """Every page of `paths` parsed, with corpus passes, page fields and every selected rule,
    as `pipeline.run_batches` computes them, on Ray Data."""
    from pagevet.corpus.templates import TemplatePass
    from pagevet.engines.inputs import ray_items
    from pagevet.engines.ray_cluster import init_ray
    from pagevet.rules.engine import select_rules

    if tuple(type(p) for p in passes) != (TemplatePass,):
        raise NotImplementedError("the Ray engine runs the template-line pass only")
    (templates_pass,) = passes
    ray = init_ray(address, num_cpus)
    stages = _Stages()
    items = ray_items(paths)
    stages.stages.append(Stage("list files, ranges (driver)", 0, len(items), 0.0))
    if not items:
        return RayRun(None, stages.stages)
    blocks = max(1, -(-len(items) // files_per_batch))
    parsed = stages.done(
        "read + parse",
        0,
        ray.data.from_items(items, override_num_blocks=blocks).map_batches(
            _parse,
            batch_format="pyarrow",
            batch_size=files_per_batch,
            fn_kwargs={"step": step, "source_names": source_names},
        ),
    )
    n = parsed.count()
    if n == 0 or "id" not in parsed.columns():
        return RayRun(parsed, stages.stages)
    parsed = _unique_ids(stages, parsed, n)

    # template lines per source
    counts = stages.small(
        "template lines: groupby",
        n,
        parsed.map_batches(_template_keys, batch_format="pyarrow")
        .groupby(["source", "key"])
        .count()
        .map_batches(
            _at_least,
            batch_format="pyarrow",
            fn_kwargs={"column": "count()", "n": int(templates_pass.min_pages)},
        ),
    )
    totals = stages.small(
        "pages per source: groupby",
        n,
        parsed.map_batches(_sources, batch_format="pyarrow").groupby("source").count(),
    )
    templates = pl.DataFrame(schema={"source": pl.String, "key": pl.UInt64})
    if counts.height:
        templates = (
            counts.rename({"count()": "pages"})
            .join(totals.rename({"count()": "total"}), on="source")
            .filter(pl.col("pages") / pl.col("total") >= templates_pass.min_share)
            .select("source", pl.col("key").cast(pl.UInt64))
        )
    pages = stages.done(
        "templates, fields, page rules",
        n,
        parsed.map_batches(
            _finish_pages,
            batch_format="pyarrow",
            fn_kwargs={"templates": templates, "config": config},
        ),
    )

    corpus = [r.id for r in select_rules(config, "corpus")]
    found = []
    for rule_id in corpus:
        found.append(_corpus_rule(ray, stages, pages, n, rule_id, config))
    found = [f for f in found if f is not None and f.count()]
    columns = pages.columns()
    if found:
        union = found[0].union(*found[1:]) if len(found) > 1 else found[0]
        grouped = union.groupby("id").map_groups(_group_findings, batch_format="pyarrow")
        pages = stages.done(
            "corpus findings: join",
            n,
            pages.join(grouped, "left_outer", _partitions(pages), on=("id",)),
        )
    grouped = _group_splits(stages, pages, n, config, splits or DEFAULT_SPLITS)
    finished = stages.done(
        "findings merged, split",
        n,
        pages.map_batches(
            _merge,
            batch_format="pyarrow",
            fn_kwargs={
                "config": config,
                "splits": splits or DEFAULT_SPLITS,
                "grouped": grouped,
                "columns": columns,
            },
        ),
    )
    return RayRun(finished, stages.stages)


def _unique_ids(stages: _Stages, parsed: Any, n: int) -> Any:
    """`pages.ids.unique_page_ids` on the cluster: repeated ids found by groupby(id); only
    the pages holding one come to the driver (names and findings), are renamed in input
    order, and the new ids are joined back on the workers. Repeated until no id repeats (a
    new id may be taken already)."""
    from pagevet.pages.ids import unique_page_ids

    for _ in range(100):
        counts = stages.small(
            "ids: groupby(id)",
            n,
            parsed.groupby("id")
            .count()
            .map_batches(
                _at_least, batch_format="pyarrow", fn_kwargs={"column": "count()", "n": 2}
            ),
        )
        if counts.is_empty():
            return parsed
        ids = counts.select("id")
        rows = stages.small(
            "ids: repeated pages",
            n,
            parsed.map_batches(_repeated, batch_format="pyarrow", fn_kwargs={"ids": ids}),
        ).sort(list(ORDER))
        renamed = unique_page_ids(rows.drop(ORDER[0])).select(
            pl.col("id").alias("_new_id"), pl.col("findings").alias("_new_findings")
        )
        renamed = pl.concat([rows.select(ORDER), renamed], how="horizontal")
        parsed = stages.done(
            "ids: renamed",
            n,
            parsed.map_batches(_renamed, batch_format="pyarrow", fn_kwargs={"renamed": renamed}),
        )
    raise RuntimeError("ids still repeat after 100 renaming rounds")


def _group_splits(
    stages: _Stages, pages: Any, n: int, config: Config, ratios: dict[str, float]
) -> pl.DataFrame:
    """id, split of the pages in a duplicate group (`pagevet.splits`): pages sharing a text
    hash or an LSH band key are found by groupby on the cluster; only their summaries come to
    the driver, where `near_clusters` and `assign_splits` give their groups' splits (a key
    shared in the corpus is shared among these pages, so the groups are the whole corpus's).
    Every other page is a group of one: the split of its own id."""
    from pagevet.splits import SUMMARY_SCHEMA, assign_splits, near_clusters

    keys = stages.done(
        "splits: summaries",
        n,
        pages.map_batches(
            _split_keys,
            batch_format="pyarrow",
            fn_kwargs={"params": config.params.get("near-duplicate")},
        ),
    )
    by_hash = (
        keys.map_batches(_hash_keys, batch_format="pyarrow")
        .groupby("text_hash")
        .map_groups(_shared, batch_format="pyarrow")
    )
    by_band = (
        keys.map_batches(_band_keys, batch_format="pyarrow")
        .groupby("key")
        .map_groups(_shared, batch_format="pyarrow")
    )
    ids = stages.small(
        "splits: groupby(hash), groupby(band)",
        n,
        by_hash.union(by_band).groupby("id").count(),
    )
    if ids.is_empty():
        return pl.DataFrame(schema={"id": pl.String, "split": pl.String})
    summary = stages.small(
        "splits: grouped pages",
        ids.height,
        keys.map_batches(_keys_of, batch_format="pyarrow", fn_kwargs={"ids": ids.select("id")}),
    )
    summary = summary.select([pl.col(c).cast(t) for c, t in SUMMARY_SCHEMA.items()])
    return assign_splits(near_clusters(summary), ratios)


def _corpus_rule(
    ray: Any, stages: _Stages, pages: Any, n: int, rule_id: str, config: Config
) -> Any:
    from pagevet.rules.registry import RULES_BY_ID

    rule = RULES_BY_ID[rule_id]
    params = rule._params(config.params.get(rule_id))
    if rule_id == "exact-duplicate":
        summaries = pages.map_batches(
            _summary, batch_format="pyarrow",
            fn_kwargs={"rule_id": rule_id, "params": params, "order": False},
        )  # fmt: skip
        return stages.done(
            "exact-duplicate: groupby(hash)",
            n,
            summaries.groupby("_h").map_groups(
                _exact_group, batch_format="pyarrow", fn_kwargs={"config": config}
            ),
        )
    if rule_id == "near-duplicate":
        summaries = pages.map_batches(
            _summary, batch_format="pyarrow",
            fn_kwargs={"rule_id": rule_id, "params": params, "order": True},
        )  # fmt: skip
        firsts = stages.done(
            "near-duplicate: first per text",
            n,
            summaries.groupby("_h").map_groups(_first_of_text, batch_format="pyarrow"),
        )
        pairs = stages.done(
            "near-duplicate: band buckets",
            firsts.count(),
            firsts.map_batches(_band_rows, batch_format="pyarrow")
            .groupby(["band", "key"])
            .map_groups(_bucket_pairs, batch_format="pyarrow"),
        )
        if pairs.count() == 0:
            return None
        smallest = pairs.groupby("id").map_groups(_smallest_other, batch_format="pyarrow")
        parts = _partitions(firsts)
        others = firsts.map_batches(_as_other, batch_format="pyarrow")
        withsig = smallest.join(firsts, "inner", parts, on=("id",)).join(
            others, "inner", parts, on=("other",)
        )
        return stages.done(
            "near-duplicate: pairs scored",
            pairs.count(),
            withsig.map_batches(_near_pairs, batch_format="pyarrow", fn_kwargs={"config": config}),
        )
    if rule_id == "date-range-outlier":
        from pagevet.rules.date_range_outlier import outliers_from_params

        summaries = stages.done(
            "date-range-outlier: ranges",
            n,
            pages.map_batches(
                _summary, batch_format="pyarrow",
                fn_kwargs={"rule_id": rule_id, "params": params, "order": False},
            ),
        )  # fmt: skip
        if summaries.count() == 0:
            return None
        usage = stages.small(
            "date-range-outlier: groupby",
            summaries.count(),
            summaries.map_batches(_range_usage_rows, batch_format="pyarrow")
            .groupby(["keyword", "range", "start", "end"])
            .count(),
        )
        if usage.is_empty():
            return None
        usage = usage.rename({"count()": "pages"}).with_columns(pl.col("pages").cast(pl.UInt32))
        outliers = outliers_from_params(usage, params)
        if outliers.is_empty():
            return None
        return stages.done(
            "date-range-outlier: findings",
            summaries.count(),
            summaries.map_batches(
                _range_findings, batch_format="pyarrow",
                fn_kwargs={"outliers": outliers, "config": config},
            ),
        )  # fmt: skip
    if rule_id == "language-mismatch":
        counts = stages.small(
            "language-mismatch: groupby",
            n,
            pages.map_batches(
                _language_counts, batch_format="pyarrow", fn_kwargs={"params": params}
            )
            .groupby(["source", "language"])
            .sum("len"),
        )
        counts = (
            counts.rename({"sum(len)": "len"}).with_columns(pl.col("len").cast(pl.UInt32))
            if counts.height
            else pl.DataFrame(schema={"source": pl.String, "language": pl.String, "len": pl.UInt32})
        )
        return stages.done(
            "language-mismatch: findings",
            n,
            pages.map_batches(
                _language_findings, batch_format="pyarrow",
                fn_kwargs={"counts": counts, "config": config},
            ),
        )  # fmt: skip
    raise NotImplementedError(f"corpus rule {rule_id} has no distributed form yet")
