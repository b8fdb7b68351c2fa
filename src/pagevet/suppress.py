"""Findings the configuration suppresses, linter-style: `per-file-ignores` (rules not reported
for pages whose path matches a glob) and `waive` (rules not reported for a page id, the
recipe's `# pagevet: ignore[rule]`). Applied before findings are merged into pages, so a
suppressed finding sets no flag, keeps no page out of the clean config and fails no check."""

from __future__ import annotations

from fnmatch import fnmatch

import polars as pl

from pagevet.config import Config


def path_matches(path: str, pattern: str) -> bool:
    """A glob matches a path as given or any tail of it (`raw/old/*` matches
    `datasets/news/raw/old/a.txt`)."""
    return fnmatch(path, pattern) or fnmatch(path, "*/" + pattern.lstrip("/"))


def excluded(path: str, config: Config) -> bool:
    return any(path_matches(path, pattern) for pattern in config.exclude)


def suppressed(found: pl.DataFrame, pages: pl.DataFrame, config: Config) -> pl.DataFrame:
    """`found` (id, rule, …) without the findings that `config` suppresses for `pages`."""
    if found.is_empty() or not (config.per_file_ignores or config.waive):
        return found
    drop: list[tuple[str, str]] = [
        (page, rule) for page, rules in config.waive.items() for rule in rules
    ]
    if config.per_file_ignores:
        for page, path in pages.select("id", "path").iter_rows():
            for pattern, rules in config.per_file_ignores.items():
                if path is not None and path_matches(path, pattern):
                    drop += [(page, rule) for rule in rules]
    if not drop:
        return found
    pairs = pl.DataFrame(drop, schema={"id": pl.String, "rule": pl.String}, orient="row")
    return found.join(pairs.unique(), on=["id", "rule"], how="anti", maintain_order="left")
