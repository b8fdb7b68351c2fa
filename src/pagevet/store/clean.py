"""The `clean` config of a version: the pages a model can be trained on as they are.

Every readable page with no finding of severity `error`, holding only what training needs:
its id, site, URL, title, language and its clean `text` (the lead and body paragraphs;
navigation, teasers, spam and captions are not in it). What was left out, and why, is counted
per rule for the card and the manifest."""

from __future__ import annotations

from typing import Any

import polars as pl

CLEAN_COLUMNS = ["id", "source", "url", "title", "language", "text", "split"]


def _has_error() -> pl.Expr:
    return (
        pl.col("findings")
        .list.eval(pl.element().struct.field("severity") == "error")
        .list.any()
        .fill_null(False)
    )


def clean_pages(default: pl.DataFrame) -> pl.DataFrame:
    """The default config's pages without an error finding, with CLEAN_COLUMNS only."""
    return default.filter(~_has_error()).select(CLEAN_COLUMNS)


def clean_counts(default: pl.DataFrame) -> dict[str, Any]:
    """pages kept, pages excluded, and per rule the pages excluded for its error findings (a
    page with errors of two rules counts for both)."""
    errors = (
        default.select("id", "findings")
        .explode("findings")
        .drop_nulls("findings")
        .unnest("findings")
        .filter(pl.col("severity") == "error")
    )
    per_rule = {
        rule: int(n)
        for rule, n in errors.group_by("rule").agg(pl.col("id").n_unique()).sort("rule").iter_rows()
    }
    excluded = errors["id"].n_unique()
    return {"pages": default.height - excluded, "excluded": excluded, "excluded_by_rule": per_rule}


def card_section(counts: dict[str, Any]) -> list[str]:
    """The card's account of the clean config: what it is, what was excluded and why."""
    lines = [
        "## The `clean` config",
        "",
        f'`load_dataset(repo, "clean")` gives {counts["pages"]} pages ready for training: every '
        "readable page with no finding of severity `error`, with only `id`, `source`, `url`, "
        "`title`, `language` and the clean `text` (lead and body paragraphs, without "
        "navigation, teasers, spam or captions).",
        "",
    ]
    if counts["excluded"]:
        lines += [
            f"{counts['excluded']} readable page(s) were excluded; per rule with an error "
            "finding (a page can count for several):",
            "",
            "| rule | pages excluded |",
            "|---|---:|",
        ]
        lines += [f"| `{rule}` | {n} |" for rule, n in counts["excluded_by_rule"].items()]
    else:
        lines.append("No readable page had an error finding: nothing was excluded.")
    lines.append("")
    return lines
