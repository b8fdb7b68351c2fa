"""Line features for the content/furniture model, computed with polars over a batch of pages.

Lines are exploded from the page texts, every feature is a polars expression (over the page
for position, runs and neighbours, over the source for template lines), and nothing loops over
lines in Python: a batch of pages costs a few passes of native code whatever its size.
Blank lines get no features (the model never scores them).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from pagevet.pages.markers import Markers
from pagevet.pages.sitelines import (
    EDGE_PUNCT,
    count_site_lines,
    fold_expr,
    line_key,
    merge_site_lines,
    template_share,
)
from pagevet.text.urls import slug_from_url

# The model's inputs, in the order its weights are stored.
FEATURES = (
    "chars_log", "words_log", "punct_share", "digit_share", "upper_share", "capword_share",
    "end_sentence", "end_ellipsis", "start_lower", "has_link", "separators_log",
    "rel_pos", "index_log", "from_end_log",
    "short_run_log", "long_run_log",
    "prev_words_log", "next_words_log", "prev_end_sentence", "next_end_sentence",
    "prose_window2", "prose_window5", "prose_window15",
    "mass_before", "mass_after", "density5", "density15", "chars_rel",
    "nav_hit", "related_hit", "block_hit", "tail_hit", "after_tail", "caption_hit",
    "byline_hit", "gambling_hit",
    "repeated_in_page", "template_share", "template_any",
    "title_recall", "title_precision", "slug_recall", "before_title", "after_title",
    "rule_text", "rule_nav", "rule_related", "rule_fine", "rule_title",
)  # fmt: skip

_SENTENCE_END = r"[.!?:;\"”’'»)\]。！？」）]$"
_ELLIPSIS_END = r"(\.\.\.|…)\s*[\"”’»)]?$"
_CJK = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]"
_TOKEN = r"[a-z0-9]+"
_SHORT_WORDS = 4


def _matches(col: pl.Expr, patterns: Sequence[str]) -> pl.Expr:
    # one pass per pattern: a single alternation of patterns with counted repetitions is ten
    # times slower in polars' regex engine
    if not patterns:
        return pl.lit(False)
    return pl.any_horizontal([col.str.contains(p) for p in patterns])


def pages_frame(
    texts: Sequence[str | None],
    *,
    sources: Sequence[str | None] | None = None,
    titles: Sequence[str | None] | None = None,
    urls: Sequence[str | None] | None = None,
    rule_roles: Sequence[Sequence[str]] | None = None,
) -> pl.DataFrame:
    """The page frame `line_features` reads: one row per page, numbered `page`, with the
    roles the rule pass gave each line when known."""
    n = len(texts)
    return pl.DataFrame(
        {
            "rule_roles": pl.Series(
                [list(r) for r in rule_roles] if rule_roles else [None] * n,
                dtype=pl.List(pl.String),
            ),
            "page": pl.Series(range(n), dtype=pl.UInt32),
            "text": pl.Series(list(texts), dtype=pl.String),
            "source": pl.Series(list(sources) if sources else [None] * n, dtype=pl.String),
            "title": pl.Series(list(titles) if titles else [None] * n, dtype=pl.String),
            "url": pl.Series(list(urls) if urls else [None] * n, dtype=pl.String),
        }
    )


def line_features(
    pages: pl.DataFrame, markers: Markers, site_lines: pl.DataFrame | None = None
) -> pl.DataFrame:
    """One row per line of every page: `page`, `n` (0-based line index), `line` (stripped),
    `blank`, `fold`, and the FEATURES columns (null on blank lines).

    `pages` has `page` (unique), `text`, `source`, `title`, `url`. Template lines: with
    `site_lines` (`pages.sitelines`, counted over the whole crawl) a line's page count is
    looked up there, so a page's features do not depend on its batch; without, lines are
    counted over the pages given, and pages without a source count as a source of their
    own."""
    slugs = [slug_from_url(u) for u in pages["url"].to_list()]
    pages = pages.with_columns(
        pl.Series("slug", slugs, dtype=pl.String),
        pl.coalesce(pl.col("source"), pl.format("page:{}", pl.col("page"))).alias("source"),
    ).with_columns(
        fold_expr(pl.col("title").fill_null("")).str.extract_all(_TOKEN).alias("title_tokens"),
        pl.col("slug").fill_null("").str.to_lowercase().str.extract_all(_TOKEN)
        .alias("slug_tokens"),
    )  # fmt: skip
    lines = (
        pages.select(
            "page", "source", "title_tokens", "slug_tokens",
            pl.col("text").fill_null("").str.split("\n").alias("line"),
            pl.coalesce(
                pl.col("rule_roles"),
                pl.col("text").fill_null("").str.split("\n").list.eval(pl.lit("")),
            ).alias("rule_role"),
        )
        .explode("line", "rule_role")
        .with_columns(
            pl.int_range(pl.len(), dtype=pl.UInt32).over("page").alias("n"),
            pl.col("line").str.strip_chars().alias("line"),
        )
        .with_columns((pl.col("line").str.len_chars() == 0).alias("blank"))
    )  # fmt: skip
    c = lines.filter(~pl.col("blank")).with_columns(
        fold_expr(pl.col("line"), trim=False).alias("_g")
    )
    c = c.with_columns(pl.col("_g").str.strip_chars(EDGE_PUNCT).alias("fold"))
    line = pl.col("line")
    chars = line.str.len_chars().cast(pl.Float64)
    words = (
        pl.col("_g").str.count_matches(" ", literal=True) + 1 + line.str.count_matches(_CJK) // 2
    ).cast(pl.Float64)
    letters = line.str.count_matches(r"\p{L}").cast(pl.Float64)
    c = c.with_columns(
        chars.alias("_chars"),
        words.alias("_words"),
        pl.int_range(pl.len(), dtype=pl.Int64).over("page").alias("_k"),
        pl.len().over("page").alias("_K"),
    )
    w = pl.col("_words")
    c = c.with_columns(
        pl.col("_chars").log1p().alias("chars_log"),
        w.log1p().alias("words_log"),
        (line.str.count_matches(r"\p{P}") / pl.col("_chars")).alias("punct_share"),
        (line.str.count_matches(r"\d") / pl.col("_chars")).alias("digit_share"),
        (line.str.count_matches(r"\p{Lu}") / letters.clip(1)).alias("upper_share"),
        (line.str.count_matches(r"(?:^|\s)\p{Lu}") / w.clip(1)).alias("capword_share"),
        line.str.contains(_SENTENCE_END).alias("end_sentence"),
        line.str.contains(_ELLIPSIS_END).alias("end_ellipsis"),
        line.str.contains(r"^\p{Ll}").alias("start_lower"),
        line.str.contains(r"(?i)https?://|www\.|@|©|\(c\)").alias("has_link"),
        line.str.count_matches(r"\s[|·•»/]\s|\s\|").cast(pl.Float64).log1p()
        .alias("separators_log"),
        (pl.col("_k") / (pl.col("_K") - 1).clip(1)).alias("rel_pos"),
        pl.col("_k").cast(pl.Float64).log1p().alias("index_log"),
        (pl.col("_K") - 1 - pl.col("_k")).cast(pl.Float64).log1p().alias("from_end_log"),
    )  # fmt: skip
    prose = (w >= 25) | ((w >= 8) & pl.col("end_sentence") & ~pl.col("end_ellipsis"))
    short = w <= _SHORT_WORDS
    c = c.with_columns(
        prose.alias("_prose"),
        short.alias("_short"),
        (short != short.shift(1)).fill_null(True).cum_sum().over("page").alias("_run"),
    )
    run_len = pl.len().over("page", "_run").cast(pl.Float64).log1p()
    prose_f = pl.col("_prose").cast(pl.Float64)
    prose_chars = pl.when(pl.col("_prose")).then(pl.col("_chars")).otherwise(0.0)
    total_prose = prose_chars.sum().over("page").clip(1.0)
    c = c.with_columns(
        pl.when(pl.col("_short")).then(run_len).otherwise(0.0).alias("short_run_log"),
        pl.when(pl.col("_short")).then(0.0).otherwise(run_len).alias("long_run_log"),
        w.log1p().shift(1).over("page").fill_null(0.0).alias("prev_words_log"),
        w.log1p().shift(-1).over("page").fill_null(0.0).alias("next_words_log"),
        pl.col("end_sentence").shift(1).over("page").fill_null(False).alias("prev_end_sentence"),
        pl.col("end_sentence").shift(-1).over("page").fill_null(False).alias("next_end_sentence"),
        *(
            prose_f.rolling_mean(2 * r + 1, center=True, min_samples=1).over("page")
            .alias(f"prose_window{r}")
            for r in (2, 5, 15)
        ),
        *(
            (
                pl.col("_chars").rolling_sum(2 * r + 1, center=True, min_samples=1)
                / pl.col("_chars").rolling_sum(2 * r + 1, center=True, min_samples=1).max()
            ).over("page").alias(f"density{r}")
            for r in (5, 15)
        ),
        (pl.col("_chars") / pl.col("_chars").max().over("page")).alias("chars_rel"),
        ((prose_chars.cum_sum().over("page") - prose_chars) / total_prose).alias("mass_before"),
        (1.0 - prose_chars.cum_sum().over("page") / total_prose).alias("mass_after"),
    )  # fmt: skip
    fold = pl.col("fold")
    gfold = pl.col("_g")  # gambling/caption/byline patterns keep edge punctuation
    tail = fold.is_in(list(markers.tail_blocks))
    c = c.with_columns(
        (fold.is_in(list(markers.nav_lines)) | _matches(fold, _patterns(markers.nav_patterns)))
        .alias("nav_hit"),
        _matches(gfold, _patterns(markers.related_patterns)).alias("related_hit"),
        (fold.is_in(list(markers.related_blocks)) | tail).alias("block_hit"),
        tail.alias("tail_hit"),
        (tail & (pl.col("mass_before") > 0)).cast(pl.Int32).cum_max().shift(1).over("page")
        .fill_null(0).cast(pl.Boolean).alias("after_tail"),
        (_matches(gfold, _patterns(markers.caption_patterns)) & (w <= 50)).alias("caption_hit"),
        (_matches(gfold, _patterns(markers.byline_patterns)) & (w <= 12)).alias("byline_hit"),
        markers.gambling_strong.contains(line, gfold).alias("gambling_hit"),
        (pl.len().over("page", "fold") > 1).alias("repeated_in_page"),
    )  # fmt: skip
    # Template lines: on how many other pages of the same source the line occurs.
    has_letters = fold.str.contains(r"[a-z]")
    if site_lines is None:  # counted over the pages given
        site_lines = merge_site_lines(
            [count_site_lines(pages["text"].to_list(), pages["source"].to_list())]
        )
    totals = site_lines.filter(pl.col("key").is_null()).select(
        "source", pl.col("pages").alias("_source_pages")
    )
    counted = site_lines.filter(pl.col("key").is_not_null()).rename({"pages": "_line_pages"})
    c = (
        c.with_columns(line_key(pl.col("line")).alias("key"))
        .join(counted, on=["source", "key"], how="left", maintain_order="left")
        .join(totals, on="source", how="left", maintain_order="left")
        .drop("key")
    )
    per_source = pl.col("_source_pages").fill_null(1).cast(pl.Int64)
    with_line = pl.col("_line_pages").fill_null(1).cast(pl.Int64)
    c = c.with_columns(
        pl.when(has_letters)
        .then(template_share(with_line, per_source))
        .otherwise(0.0)
        .cast(pl.Float64)
        .alias("template_share"),
        (has_letters & (with_line >= 2)).alias("template_any"),
    )
    tokens = fold.str.extract_all(_TOKEN)
    c = c.with_columns(tokens.alias("_tokens"))
    common_title = pl.col("_tokens").list.set_intersection("title_tokens").list.len()
    common_slug = pl.col("_tokens").list.set_intersection("slug_tokens").list.len()
    c = c.with_columns(
        (common_title / pl.col("title_tokens").list.unique().list.len().clip(1))
        .cast(pl.Float64).alias("title_recall"),
        (common_title / pl.col("_tokens").list.unique().list.len().clip(1))
        .cast(pl.Float64).alias("title_precision"),
        (common_slug / pl.col("slug_tokens").list.unique().list.len().clip(1))
        .cast(pl.Float64).alias("slug_recall"),
    )  # fmt: skip
    # Where the page shows its title (best agreement with metadata title or slug).
    agree = pl.max_horizontal(
        pl.col("title_recall") * pl.col("title_precision"), pl.col("slug_recall")
    )
    shown = agree >= 0.6
    title_k = pl.when(shown).then(pl.col("_k")).otherwise(None).min().over("page")
    c = c.with_columns(
        (pl.col("_k") < title_k).fill_null(False).alias("before_title"),
        (pl.col("_k") > title_k).fill_null(False).alias("after_title"),
    )
    role = pl.col("rule_role").fill_null("")
    c = c.with_columns(
        role.is_in(["lead", "body"]).alias("rule_text"),
        (role == "nav").alias("rule_nav"),
        (role == "related").alias("rule_related"),
        role.is_in(["caption", "byline", "artifact", "spam"]).alias("rule_fine"),
        (role == "title").alias("rule_title"),
    )
    c = c.with_columns([pl.col(f).cast(pl.Float64).fill_nan(0.0) for f in FEATURES])
    keep = ["page", "n", "fold", "rule_role", *FEATURES]
    return lines.select("page", "n", "line", "blank").join(
        c.select(keep), on=["page", "n"], how="left", maintain_order="left"
    )


def _patterns(compiled: Sequence) -> list[str]:
    return [p.pattern for p in compiled]
