"""Run a suite on a polars table with Great Expectations and turn GX's answer into plain data.

GX is handed only the columns the suite reads (it hashes the whole frame for every batch), as
pandas via Arrow with Date columns cast to datetimes (GX mis-handles pandas object dates).
Example page ids come from the polars frame, not from GX's string row indexes.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
import polars.selectors as cs

from pagevet.errors import PagevetError
from pagevet.suites import _gx
from pagevet.suites.describe import describe_expectation
from pagevet.suites.inputs import default_suite_paths, resolve_validation_input
from pagevet.suites.load import gx_suite, load_suite, parameter_values
from pagevet.suites.model import (
    ExpectationResult,
    Suite,
    SuiteExpectation,
    SuiteResult,
    plain_value,
)

EXAMPLES = 5
ID_COLUMN = "id"
# Expectations about the table's columns themselves: GX must see every column for these.
SCHEMA_TYPES = {
    "expect_table_columns_to_match_set",
    "expect_table_columns_to_match_ordered_list",
    "expect_table_column_count_to_equal",
    "expect_table_column_count_to_be_between",
}


def run_suite(
    frame: pl.DataFrame, suite: Suite | str | Path, *, as_of: dt.date | None = None
) -> SuiteResult:
    """Validate `frame` against `suite` (a loaded Suite or a suite file).

    `as_of` is the validation date behind the `today`/`tomorrow` suite parameters (default:
    today in UTC). Raises PagevetError when the table lacks a column the suite names or GX
    cannot evaluate an expectation; failing data is a result, not an error.
    """
    if not isinstance(suite, Suite):
        suite = load_suite(suite)
    columns = _gx_columns(frame, suite)
    work = _datetimes_for_gx(frame.select(columns))
    params = parameter_values(as_of or dt.datetime.now(dt.UTC).date())

    # A ValidationDefinition gets (and hashes) the batch once; `Batch.validate` gets it twice.
    context = _gx.ephemeral_context()
    batch_definition = (
        context.data_sources.add_pandas("pagevet")
        .add_dataframe_asset(suite.name)
        .add_batch_definition_whole_dataframe("table")
    )
    definition = context.validation_definitions.add(
        _gx.gx().ValidationDefinition(
            name=suite.name, data=batch_definition, suite=context.suites.add(gx_suite(suite))
        )
    )
    with _gx.captured_gx_logs(), warnings.catch_warnings():
        # GX's regex check uses pandas str.contains, which warns about any capture group.
        warnings.filterwarnings("ignore", "This pattern is interpreted as a regular expression")
        gx_result = definition.run(
            batch_parameters={"dataframe": work.to_arrow().to_pandas()},
            expectation_parameters=params,
            result_format="SUMMARY",
        )
    by_index = {r.expectation_config.meta["pagevet_index"]: r for r in gx_result.results}

    ids = frame.get_column(ID_COLUMN) if ID_COLUMN in frame.columns else None
    results = []
    for exp in suite.expectations:
        gx_exp = by_index.get(exp.index)
        if gx_exp is None:
            raise PagevetError(
                f"{suite.label}: expectations[{exp.index}] ({exp.type}) got no "
                "result from GX. Fix: report this as a pagevet bug."
            )
        _raise_on_gx_exception(suite, exp, gx_exp)
        results.append(_expectation_result(exp, gx_exp, work, ids, params))
    return SuiteResult(
        suite=suite.name,
        path=str(suite.path) if suite.path else None,
        rows=frame.height,
        columns=columns,
        parameters={k: v.isoformat() for k, v in params.items()},
        expectations=results,
        gx_version=_gx.gx().__version__,
        gx_result=gx_result,
    )


def validate_path(
    path: str | Path,
    suites: Sequence[str | Path | Suite] | None = None,
    *,
    version: str | None = None,
    as_of: dt.date | None = None,
) -> list[SuiteResult]:
    """Validate a Parquet file, a folder of Parquet files or a version folder against `suites`
    (default: `checks/pages.json` of the current directory or of the input's project)."""
    source = resolve_validation_input(path, version)
    chosen = list(suites) if suites else list(default_suite_paths(source))
    loaded = [s if isinstance(s, Suite) else load_suite(s) for s in chosen]
    frame = source.read(columns_needed(loaded))
    return [run_suite(frame, s, as_of=as_of) for s in loaded]


def columns_needed(suites: Sequence[Suite]) -> list[str] | None:
    """The columns to read for `suites`: theirs plus `id` (for example ids); None (every
    column) when one of them checks the table's columns themselves."""
    if any(e.type in SCHEMA_TYPES for s in suites for e in s.expectations):
        return None
    return list(dict.fromkeys([ID_COLUMN, *(c for s in suites for c in s.columns)]))


# GX's datetime comparisons are vectorised only for pandas datetime64[ns]; any other unit (or
# object dates) takes a Python loop per value, ≈ 8 s per million dates. ns spans 1677..2262:
# values outside are clipped to those ends, which every plausible date bound still rejects.
_NS_MIN = dt.datetime(1678, 1, 1)
_NS_MAX = dt.datetime(2262, 1, 1)


def _datetimes_for_gx(frame: pl.DataFrame) -> pl.DataFrame:
    temporal = cs.date() | cs.datetime(time_zone=None)
    return frame.with_columns(
        temporal.cast(pl.Datetime("us")).clip(_NS_MIN, _NS_MAX).cast(pl.Datetime("ns"))
    )


def _gx_columns(frame: pl.DataFrame, suite: Suite) -> list[str]:
    missing = [c for c in suite.columns if c not in frame.columns]
    if missing:
        users = [
            f"expectations[{e.index}] ({e.type})"
            for e in suite.expectations
            if set(e.columns) & set(missing)
        ]
        raise PagevetError(
            f"{suite.label}: the table lacks column(s) {', '.join(missing)}, "
            f"used by {'; '.join(users)}. Table columns: "
            f"{', '.join(frame.columns)}. Fix: build with the rule or field that "
            "makes the column, or remove those expectations from the suite."
        )
    if any(e.type in SCHEMA_TYPES for e in suite.expectations):
        return list(frame.columns)
    if suite.columns:
        return list(suite.columns)
    # Table-level expectations only (row count): one column carries the rows.
    return [ID_COLUMN if ID_COLUMN in frame.columns else frame.columns[0]]


def _raise_on_gx_exception(suite: Suite, exp: SuiteExpectation, gx_exp: Any) -> None:
    info = gx_exp.exception_info or {}
    infos = [info] if "raised_exception" in info else list(info.values())
    messages = [
        i.get("exception_message")
        for i in infos
        if isinstance(i, dict) and i.get("raised_exception")
    ]
    if messages:
        raise PagevetError(
            f"{suite.label}: expectations[{exp.index}] ({exp.label}) could not be "
            f"evaluated by GX: {' | '.join(str(m) for m in messages)}. Fix: check "
            "the kwargs fit the column's type."
        )


def _expectation_result(
    exp: SuiteExpectation,
    gx_exp: Any,
    work: pl.DataFrame,
    ids: pl.Series | None,
    params: dict[str, dt.datetime],
) -> ExpectationResult:
    gx_out = gx_exp.result or {}
    flagged = _unexpected_rows(exp, work, params)
    count = gx_out.get("unexpected_count")
    percent = gx_out.get("unexpected_percent")
    examples: list[str] = []
    if flagged is not None:
        if count is None:
            count = int(flagged.sum())
            considered = work.height - work.get_column(exp.kwargs["column"]).null_count()
            percent = 100.0 * count / considered if considered else None
        if ids is not None and flagged.any():
            examples = [
                str(i)
                for i in ids.filter(flagged).unique(maintain_order=True).head(EXAMPLES).to_list()
            ]
    return ExpectationResult(
        index=exp.index,
        type=exp.type,
        kwargs=exp.kwargs,
        severity=exp.severity,
        success=bool(gx_exp.success),
        description=describe_expectation(exp),
        observed_value=plain_value(gx_out.get("observed_value")),
        unexpected_count=None if count is None else int(count),
        unexpected_percent=plain_value(percent),
        example_ids=examples,
    )


def _unexpected_rows(
    exp: SuiteExpectation, work: pl.DataFrame, params: dict[str, dt.datetime]
) -> pl.Series | None:
    mask = _unexpected_mask(exp, work, params)
    if mask is None:
        return None
    try:
        return work.select(mask.fill_null(False)).to_series()
    except pl.exceptions.PolarsError:
        # e.g. a look-around regex: Python's re (used by GX) has it, polars' Rust regex does
        # not. GX's verdict and counts stand; only the example ids are missing.
        return None


def _unexpected_mask(
    exp: SuiteExpectation, work: pl.DataFrame, params: dict[str, dt.datetime]
) -> pl.Expr | None:
    """Rows that make `exp` fail, as a polars expression (None: no row-level meaning)."""
    kw = exp.kwargs
    name = kw.get("column")
    if not isinstance(name, str):
        return None
    col = pl.col(name)
    present = col.is_not_null()
    dtype = work.schema[name]
    match exp.type:
        case "expect_column_values_to_not_be_null":
            return col.is_null()
        case "expect_column_values_to_be_null":
            return present
        case "expect_column_values_to_be_unique":
            return present & col.is_duplicated()
        case "expect_column_values_to_match_regex":
            return present & ~col.cast(pl.String).str.contains(kw["regex"])
        case "expect_column_values_to_not_match_regex":
            return present & col.cast(pl.String).str.contains(kw["regex"])
        case "expect_column_values_to_be_in_set":
            return present & ~col.is_in(list(kw["value_set"]))
        case "expect_column_values_to_not_be_in_set":
            return present & col.is_in(list(kw["value_set"]))
        case "expect_column_mean_to_be_between" if dtype == pl.Boolean:
            return col
        case (
            "expect_column_values_to_be_between"
            | "expect_column_max_to_be_between"
            | "expect_column_min_to_be_between"
        ):
            return present & _outside(col, kw, dtype, params)
        case "expect_column_value_lengths_to_be_between":
            return present & _outside(col.cast(pl.String).str.len_chars(), kw, pl.Int64, params)
    return None


def _outside(
    col: pl.Expr, kw: dict[str, Any], dtype: pl.DataType, params: dict[str, dt.datetime]
) -> pl.Expr:
    out = pl.lit(False)
    lo, hi = (_bound(kw.get(k), dtype, params) for k in ("min_value", "max_value"))
    if lo is not None:
        out = out | ((col <= lo) if kw.get("strict_min") else (col < lo))
    if hi is not None:
        out = out | ((col >= hi) if kw.get("strict_max") else (col > hi))
    return out


def _bound(value: Any, dtype: pl.DataType, params: dict[str, dt.datetime]) -> Any:
    if isinstance(value, dict) and "$PARAMETER" in value:
        return params[value["$PARAMETER"]]
    if isinstance(value, str) and dtype.is_temporal():
        return dt.datetime.fromisoformat(value)
    return value
