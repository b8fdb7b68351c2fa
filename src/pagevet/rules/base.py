"""A rule is a value: id, description, default severity, needed columns, parameters and a
vectorised polars function that returns findings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

# What a rule's function returns: one row per finding. `severity` may be null (the rule's
# configured severity is used) or set per finding (e.g. gambling in nav blocks is only info).
FINDINGS_SCHEMA = {
    "id": pl.String,
    "severity": pl.String,
    "line": pl.Int32,
    "message": pl.String,
    "evidence": pl.String,
}

CheckFn = Callable[[pl.DataFrame, dict[str, Any]], pl.DataFrame]
# A corpus rule in two steps, so it can stream: `summarise` turns one batch of pages into
# compact rows (hashes, signatures, counters); `reduce` turns the summaries of every batch,
# concatenated in input order, into findings.
SummariseFn = Callable[[pl.DataFrame, dict[str, Any]], pl.DataFrame]
ReduceFn = Callable[[pl.LazyFrame, dict[str, Any]], pl.DataFrame]


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    severity: str
    columns: tuple[str, ...]
    check: CheckFn
    params: dict[str, Any] = field(default_factory=dict)
    # "page": a page's findings depend on that page alone, so the pipeline runs the rule on
    # each batch; "corpus": they depend on other pages, so it runs once on every page.
    scope: str = "page"
    # Corpus rules only. Without them a corpus rule's summary is its columns, whole.
    summarise: SummariseFn | None = None
    reduce: ReduceFn | None = None
    # Read when the frame has them (a parser's extra fields), passed on as they are.
    optional_columns: tuple[str, ...] = ()

    def _columns(self, pages: pl.DataFrame) -> list[str]:
        return [*self.columns, *(c for c in self.optional_columns if c in pages.columns)]

    def _params(self, params: dict[str, Any] | None) -> dict[str, Any]:
        unknown = set(params or {}) - set(self.params)
        if unknown:
            from pagevet.errors import PagevetError

            raise PagevetError(
                f"rule {self.id} has no parameter(s) {', '.join(sorted(unknown))}; "
                f"its parameters are {', '.join(sorted(self.params)) or 'none'}"
            )
        for name, value in (params or {}).items():
            if not _same_kind(self.params[name], value):
                from pagevet.errors import PagevetError

                raise PagevetError(
                    f"rule {self.id}: parameter {name} must be a {type(self.params[name]).__name__}"
                    f" like its default {self.params[name]!r}, got {value!r}"
                )
        return {**self.params, **(params or {})}

    def run(self, pages: pl.DataFrame, params: dict[str, Any] | None = None) -> pl.DataFrame:
        """Findings of this rule on `pages`, with the rule's default parameters overridden."""
        return _findings(self.check(pages.select(self._columns(pages)), self._params(params)))

    def summary(self, pages: pl.DataFrame, params: dict[str, Any] | None = None) -> pl.DataFrame:
        """The compact rows a corpus rule keeps of one batch of pages."""
        pages = pages.select(self._columns(pages))
        return self.summarise(pages, self._params(params)) if self.summarise else pages

    def run_summaries(
        self, summaries: pl.LazyFrame, params: dict[str, Any] | None = None
    ) -> pl.DataFrame:
        """Findings of a corpus rule from the summaries of every batch, in input order; the
        same as `run` on all the pages at once."""
        params = self._params(params)
        if self.reduce:
            return _findings(self.reduce(summaries, params))
        return _findings(self.check(summaries.collect(), params))


def as_findings(found: pl.DataFrame) -> pl.DataFrame:
    """A rule's rows with exactly the FINDINGS_SCHEMA columns (missing ones null)."""
    return _findings(found)


def _findings(found: pl.DataFrame) -> pl.DataFrame:
    return found.select(
        [pl.col(c).cast(t) if c in found.columns else pl.lit(None, t).alias(c)
         for c, t in FINDINGS_SCHEMA.items()]
    )  # fmt: skip


def _same_kind(default: Any, value: Any) -> bool:
    """A configured parameter fits its default: a bool for a bool, a number for a float, an int
    for an int, else the default's type (a wrong type would crash the rule mid-run)."""
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, int | float):
        return isinstance(value, int | float) and (
            isinstance(default, float) or isinstance(value, int)
        )
    return default is None or isinstance(value, type(default))


def evidence(**fields: pl.Expr) -> pl.Expr:
    """A JSON evidence string built from named expressions, per row."""
    return pl.struct(**fields).struct.json_encode().alias("evidence")


def empty_findings() -> pl.DataFrame:
    return pl.DataFrame(schema=FINDINGS_SCHEMA)
