"""Expectations in words: "at most 5% of pages have flag__nav-spam"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pagevet.suites.model import Suite, SuiteExpectation, format_value


def describe_suite(suite: Suite) -> list[str]:
    """One sentence per expectation, in file order."""
    return [describe_expectation(e) for e in suite.expectations]


def describe_expectation(exp: SuiteExpectation) -> str:
    kw = exp.kwargs
    describe = _DESCRIBERS.get(exp.type)
    text = describe(kw) if describe else f"{exp.type}({_kwargs(kw)})"
    mostly = kw.get("mostly")
    if isinstance(mostly, int | float) and mostly < 1:
        text += f" on at least {_pct(mostly)} of pages"
    return text


def _pct(share: Any) -> str:
    return f"{share * 100:g}%" if isinstance(share, int | float) else format_value(share)


def _kwargs(kw: dict[str, Any]) -> str:
    return ", ".join(f"{k}={format_value(v)}" for k, v in kw.items())


def _bound(value: Any) -> str:
    """Bounds as people write them: `1990-01-01`, `tomorrow` (a pagevet suite parameter)."""
    if isinstance(value, dict) and "$PARAMETER" in value:
        return str(value["$PARAMETER"])
    if isinstance(value, str) and value.endswith("T00:00:00"):
        return value.removesuffix("T00:00:00")
    return format_value(value)


def _bounds(kw: dict[str, Any], fmt: Callable[[Any], str] = _bound) -> str:
    lo, hi = kw.get("min_value"), kw.get("max_value")
    if lo is not None and hi is not None:
        return f"between {fmt(lo)} and {fmt(hi)}"
    if hi is not None:
        return f"at most {fmt(hi)}"
    if lo is not None:
        return f"at least {fmt(lo)}"
    return "unbounded"


def _mean(kw: dict[str, Any]) -> str:
    col = kw["column"]
    if col.startswith("flag__"):
        lo, hi = kw.get("min_value"), kw.get("max_value")
        if lo in (None, 0) and hi == 0:
            return f"no page has {col}"
        if lo in (None, 0) and hi is not None:
            return f"at most {_pct(hi)} of pages have {col}"
        return f"the share of pages with {col} is {_bounds(kw, _pct)}"
    return f"the mean of {col} is {_bounds(kw)}"


_DESCRIBERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "expect_column_values_to_be_unique": lambda kw: f"every non-null {kw['column']} is unique",
    "expect_column_values_to_not_be_null": lambda kw: f"{kw['column']} is present",
    "expect_column_values_to_be_null": lambda kw: f"{kw['column']} is empty",
    "expect_column_values_to_match_regex": lambda kw: (
        f"{kw['column']} matches {kw['regex']} (nulls allowed)"
    ),
    "expect_column_values_to_not_match_regex": lambda kw: (
        f"{kw['column']} does not match {kw['regex']}"
    ),
    "expect_column_values_to_be_in_set": lambda kw: (
        f"{kw['column']} is one of {format_value(kw['value_set'])}"
    ),
    "expect_column_values_to_not_be_in_set": lambda kw: (
        f"{kw['column']} is none of {format_value(kw['value_set'])}"
    ),
    "expect_column_values_to_be_between": lambda kw: f"{kw['column']} is {_bounds(kw)}",
    "expect_column_value_lengths_to_be_between": lambda kw: (
        f"the length of {kw['column']} is {_bounds(kw)}"
    ),
    "expect_column_mean_to_be_between": _mean,
    "expect_column_max_to_be_between": lambda kw: f"the largest {kw['column']} is {_bounds(kw)}",
    "expect_column_min_to_be_between": lambda kw: f"the smallest {kw['column']} is {_bounds(kw)}",
    "expect_table_row_count_to_be_between": lambda kw: f"the table has {_bounds(kw)} rows",
    "expect_column_to_exist": lambda kw: f"column {kw['column']} exists",
}
