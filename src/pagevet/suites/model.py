"""Suites and their results as plain data: every renderer starts from `SuiteResult.to_dict()`."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Suite files use GX's own `severity` field (critical/warning/info); results speak pagevet's
# vocabulary, shared with findings, where only `error` fails a gate.
SEVERITY_FROM_GX = {"critical": "error", "warning": "warning", "info": "info"}

# kwargs through which an expectation names the columns it reads.
COLUMN_KWARGS = ("column", "column_A", "column_B")
COLUMN_LIST_KWARGS = ("column_list", "column_set")


def columns_of(kwargs: dict[str, Any]) -> tuple[str, ...]:
    """The columns an expectation reads, from its kwargs."""
    names = [kwargs[k] for k in COLUMN_KWARGS if isinstance(kwargs.get(k), str)]
    for key in COLUMN_LIST_KWARGS:
        names.extend(c for c in kwargs.get(key) or () if isinstance(c, str))
    return tuple(dict.fromkeys(names))


def label_of(expectation_type: str, kwargs: dict[str, Any]) -> str:
    cols = ",".join(columns_of(kwargs))
    return f"{expectation_type}({cols})" if cols else expectation_type


@dataclass(frozen=True)
class SuiteExpectation:
    """One expectation of a suite file, as written there (kwargs may hold `$PARAMETER`s)."""

    index: int
    type: str
    kwargs: dict[str, Any]
    severity: str
    meta: dict[str, Any]
    entry: dict[str, Any]

    @property
    def columns(self) -> tuple[str, ...]:
        return columns_of(self.kwargs)

    @property
    def label(self) -> str:
        """`type(column)` — short and stable, used as test and annotation names."""
        return label_of(self.type, self.kwargs)


@dataclass(frozen=True)
class Suite:
    """A loaded, verified suite: GX accepted every expectation and dropped none."""

    name: str
    path: Path | None
    expectations: tuple[SuiteExpectation, ...]
    meta: dict[str, Any]
    document: dict[str, Any]

    @property
    def label(self) -> str:
        return str(self.path) if self.path is not None else self.name

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for e in self.expectations for c in e.columns))


@dataclass(frozen=True)
class ExpectationResult:
    index: int
    type: str
    kwargs: dict[str, Any]
    severity: str
    success: bool
    description: str
    observed_value: Any = None
    unexpected_count: int | None = None
    unexpected_percent: float | None = None
    example_ids: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return label_of(self.type, self.kwargs)

    @property
    def status(self) -> str:
        """`passed`, `failed` (an error-severity expectation failed) or `warned`."""
        if self.success:
            return "passed"
        return "failed" if self.severity == "error" else "warned"

    @property
    def message(self) -> str:
        """One line a person can act on: what was expected, what was seen, which pages."""
        parts = [self.description]
        if self.observed_value is not None:
            parts.append(f"observed {format_value(self.observed_value)}")
        if self.unexpected_count is not None:
            pct = "" if self.unexpected_percent is None else f" ({self.unexpected_percent:.2f}%)"
            parts.append(f"{self.unexpected_count} unexpected{pct}")
        if self.example_ids:
            parts.append("e.g. ids " + ", ".join(self.example_ids))
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "type": self.type,
            "kwargs": self.kwargs,
            "severity": self.severity,
            "success": self.success,
            "status": self.status,
            "description": self.description,
            "observed_value": self.observed_value,
            "unexpected_count": self.unexpected_count,
            "unexpected_percent": self.unexpected_percent,
            "example_ids": self.example_ids,
        }


@dataclass(frozen=True)
class SuiteResult:
    """The verdict of one suite on one table. `success` is decided by error-severity
    expectations only; warnings are reported, never fatal."""

    suite: str
    path: str | None
    rows: int
    columns: list[str]
    parameters: dict[str, str]
    expectations: list[ExpectationResult]
    gx_version: str
    # GX's own validation result (JSON form), kept only to render Data Docs; not part of to_dict.
    gx_result: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def success(self) -> bool:
        return all(e.success for e in self.expectations if e.severity == "error")

    @property
    def failed(self) -> list[ExpectationResult]:
        return [e for e in self.expectations if e.status == "failed"]

    @property
    def warned(self) -> list[ExpectationResult]:
        return [e for e in self.expectations if e.status == "warned"]

    def statistics(self) -> dict[str, int]:
        return {
            "evaluated": len(self.expectations),
            "passed": sum(e.success for e in self.expectations),
            "failed": len(self.failed),
            "warned": len(self.warned),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "path": self.path,
            "success": self.success,
            "rows": self.rows,
            "columns": self.columns,
            "parameters": self.parameters,
            "statistics": self.statistics(),
            "gx_version": self.gx_version,
            "expectations": [e.to_dict() for e in self.expectations],
        }


def plain_value(value: Any) -> Any:
    """JSON-safe Python values from GX's numpy/pandas ones (NaN becomes None)."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, list | dict | str):
        return plain_value(value.item())
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {str(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_value(v) for v in value]
    return value


def format_value(value: Any) -> str:
    """Short human form of an observed value or bound (floats to 4 significant digits)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{int(value):,}" if value.is_integer() and abs(value) >= 1000 else f"{value:.4g}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, dict) and set(value) == {"$PARAMETER"}:
        return f"${value['$PARAMETER']}"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(format_value(v) for v in value)
    return str(value)
