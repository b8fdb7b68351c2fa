"""gambling-spam: lottery/betting content, as the page's main text or in its teaser blocks."""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from pagevet.pages.lines import page_lines
from pagevet.pages.markers import Lexicon, load_markers
from pagevet.rules.base import Rule, evidence
from pagevet.text.fold import fold_expr


def _exact(expr: pl.Expr) -> pl.Expr:
    """As `markers.lower_nfc`: NFC, lower case."""
    return expr.str.normalize("NFC").str.to_lowercase()


def _folded(expr: pl.Expr) -> pl.Expr:
    """As `markers.fold_words`: folded as `fold_ascii` folds, whitespace collapsed."""
    return fold_expr(expr).str.replace_all(r"\s+", " ")


def _sides(lexicon: Lexicon) -> list[tuple[re.Pattern[str], re.Pattern[str] | None, str]]:
    """(terms, phrases blanked first, column) for each side of the lexicon that has terms."""
    sides = [
        (lexicon.exact, lexicon.blank_exact, "exact"),
        (lexicon.folded, lexicon.blank_folded, "folded"),
    ]
    return [(terms, blank, column) for terms, blank, column in sides if terms is not None]


def _text(blank: re.Pattern[str] | None, column: str) -> pl.Expr:
    text = pl.col(column)
    return text if blank is None else text.str.replace_all(blank.pattern, " ")


def _contains(lexicon: Lexicon) -> pl.Expr:
    """Whether a line holds a term of `lexicon`, the way `Lexicon.terms` matches."""
    hits = [_text(blank, col).str.contains(terms.pattern) for terms, blank, col in _sides(lexicon)]
    return pl.any_horizontal(hits) if hits else pl.lit(False)


def _extract(lexicon: Lexicon) -> pl.Expr:
    """The terms of `lexicon` in a line, as a list."""
    found = [
        _text(blank, col).str.extract_all(terms.pattern) for terms, blank, col in _sides(lexicon)
    ]
    return pl.concat_list(found) if found else pl.lit([], pl.List(pl.String))


def _check(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    # The parser marks gambling teasers `spam`; on a betting page the gambling lines are the
    # article itself (title/lead/body), so main text is judged here with the same lexicon.
    markers = load_markers()
    lines = (
        page_lines(pages)
        .with_columns(
            pl.col("line").str.strip_chars().str.len_chars().alias("chars"),
            _exact(pl.col("line")).alias("exact"),
            _folded(pl.col("line")).alias("folded"),
        )
        .with_columns(
            _contains(markers.gambling_strong).alias("gambling"),
            _extract(markers.gambling_news).alias("news_terms"),
        )
    )
    main = pl.col("role").is_in(("title", "lead", "body"))
    spam = pl.col("role") == "spam"
    per_page = (
        lines.group_by("id", maintain_order=True)
        .agg(
            pl.col("chars").filter(main & pl.col("gambling")).sum().alias("main_gambling"),
            pl.col("chars").filter(main).sum().alias("main_chars"),
            pl.col("n").filter(main & pl.col("gambling")).alias("main_lines"),
            pl.col("n").filter(spam).alias("teaser_lines"),
            pl.col("news_terms")
            .filter(main)
            .list.explode(keep_nulls=False, empty_as_null=False)
            .unique()
            .len()
            .alias("news_terms"),
            pl.col("line")
            .filter(spam | (main & pl.col("gambling")))
            .first()
            .str.slice(0, 160)
            .alias("example"),
        )  # fmt: skip
        .with_columns(
            (pl.col("main_gambling") / pl.col("main_chars").clip(1)).round(4).alias("share")
        )
        .filter((pl.col("main_lines").list.len() > 0) | (pl.col("teaser_lines").list.len() > 0))
    )
    # A story about gambling (a police raid, a court case) reports it: not a betting page.
    reporting = pl.col("news_terms") >= markers.gambling_news_min
    is_main = (pl.col("share") >= float(params["main_share"])) & ~reporting
    lines_of = pl.when(is_main).then(pl.col("main_lines")).otherwise(pl.col("teaser_lines"))
    return per_page.filter(is_main | (pl.col("teaser_lines").list.len() > 0)).select(
        "id",
        pl.when(is_main).then(pl.lit("error")).otherwise(pl.lit("info")).alias("severity"),
        lines_of.list.first().cast(pl.Int32).alias("line"),
        pl.when(is_main)
        .then(pl.format("lottery/betting text is {}% of the article's main text",
                        (pl.col("share") * 100).round(1)))
        .otherwise(pl.format("{} lottery/betting teaser lines outside the article",
                             pl.col("teaser_lines").list.len()))
        .alias("message"),
        evidence(lines=lines_of, share=pl.col("share"), example=pl.col("example")),
    )  # fmt: skip


RULE = Rule(
    id="gambling-spam",
    description="Lottery or betting content: an error as main text, info inside teaser blocks.",
    severity="info",
    columns=("id", "page_text", "line_roles"),
    check=_check,
    params={"main_share": 0.3},
)
