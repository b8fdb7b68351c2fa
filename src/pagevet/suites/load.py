"""Read suite files (`checks/*.json`) and verify them with GX before anything runs.

GX 1.24 builds a suite by logging and *dropping* any expectation whose type it does not know
or whose severity it cannot parse; a gate with a silently missing check is worse than no gate,
so every entry is checked here first and the count after GX's own loading is compared too.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from pathlib import Path
from typing import Any

from pagevet.errors import PagevetError
from pagevet.suites import _gx
from pagevet.suites.model import SEVERITY_FROM_GX, Suite, SuiteExpectation

ENTRY_KEYS = {
    "type",
    "kwargs",
    "meta",
    "notes",
    "description",
    "severity",
    "id",
    "rendered_content",
}
SUITE_KEYS = {"name", "id", "expectations", "suite_parameters", "meta", "notes"}
LEGACY_KEYS = {"expectation_type": "type", "expectation_suite_name": "name"}

# Values pagevet supplies when a suite runs, referenced as {"$PARAMETER": "<name>"}.
SUITE_PARAMETERS = {
    "today": "the validation date at 00:00",
    "tomorrow": "the day after the validation date at 00:00 (slack for time zones ahead of UTC)",
}

_BARE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SUITE_NAME = re.compile(r"^[a-z0-9]+([-_][a-z0-9]+)*$")


def parameter_values(as_of: dt.date) -> dict[str, dt.datetime]:
    """The `$PARAMETER` values for a run on `as_of` (datetimes: GX compares them with the
    datetime columns it is handed, and cannot compare a `date` with a pandas Timestamp)."""
    today = dt.datetime.combine(as_of, dt.time())
    return {"today": today, "tomorrow": today + dt.timedelta(days=1)}


def load_suite(path: str | Path) -> Suite:
    """Read a GX Expectation Suite JSON file and verify every entry with GX.

    Refuses (PagevetError naming the file and `expectations[i]`): an expectation type GX does
    not know, a severity other than critical/warning/info, kwargs GX rejects, a `$PARAMETER`
    pagevet does not supply, a bare `YYYY-MM-DD` bound, and any entry GX drops on loading.
    """
    path = Path(path)
    document = _read_json(path)
    where = str(path)
    if not isinstance(document, dict):
        raise PagevetError(
            f"{where}: a suite file holds a JSON object, got {type(document).__name__}. "
            "Fix: start from `pagevet suite new NAME`."
        )
    for key in document:
        if key in LEGACY_KEYS:
            raise PagevetError(
                f"{where}: key {key!r} is from GX 0.x. Fix: rename it to "
                f"{LEGACY_KEYS[key]!r} (GX 1.x suite format)."
            )
        if key not in SUITE_KEYS:
            raise PagevetError(
                f"{where}: unknown top-level key {key!r}. "
                f"Fix: use only {', '.join(sorted(SUITE_KEYS))}."
            )
    name = document.get("name")
    if not isinstance(name, str) or not name:
        raise PagevetError(
            f"{where}: 'name' must be a non-empty string, got {name!r}. "
            f'Fix: add "name": "{path.stem}".'
        )
    entries = document.get("expectations")
    if not isinstance(entries, list) or not entries:
        raise PagevetError(
            f"{where}: 'expectations' must be a non-empty list, got {entries!r}. "
            "Fix: add expectations (see `pagevet suite new`)."
        )

    expectations = tuple(_check_entry(where, i, entry) for i, entry in enumerate(entries))
    _build_each(where, entries)
    _build_suite_checked(where, name, entries)
    meta = document.get("meta") or {}
    return Suite(name=name, path=path, expectations=expectations, meta=meta, document=document)


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PagevetError(
            f"suite file {path} not found. Fix: pass an existing file with "
            "--suite, or create one with `pagevet suite new NAME`."
        ) from None
    except OSError as exc:
        raise PagevetError(f"cannot read suite file {path}: {exc}.") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise PagevetError(
            f"{path}: not valid JSON at line {exc.lineno} column {exc.colno}: "
            f"{exc.msg}. Fix: correct the JSON syntax there."
        ) from None


def _check_entry(where: str, index: int, entry: Any) -> SuiteExpectation:
    at = f"{where}: expectations[{index}]"
    if not isinstance(entry, dict):
        raise PagevetError(f"{at} must be a JSON object, got {entry!r}.")
    for key in entry:
        if key in LEGACY_KEYS:
            raise PagevetError(
                f"{at}: key {key!r} is from GX 0.x. Fix: rename it to {LEGACY_KEYS[key]!r}."
            )
        if key not in ENTRY_KEYS:
            raise PagevetError(
                f"{at}: unknown key {key!r}. Fix: use only {', '.join(sorted(ENTRY_KEYS))}."
            )
    etype = entry.get("type")
    if not isinstance(etype, str):
        raise PagevetError(f"{at}: 'type' must be a string, got {etype!r}.")
    _check_type_known(at, etype)
    kwargs = entry.get("kwargs", {})
    if not isinstance(kwargs, dict):
        raise PagevetError(f"{at} ({etype}): 'kwargs' must be an object, got {kwargs!r}.")
    meta = entry.get("meta") or {}
    if not isinstance(meta, dict):
        raise PagevetError(f"{at} ({etype}): 'meta' must be an object, got {meta!r}.")
    if "severity" in meta:
        raise PagevetError(
            f"{at} ({etype}): meta.severity={meta['severity']!r} is ignored by GX. "
            'Fix: use the expectation\'s own "severity" field '
            "(critical, warning or info)."
        )
    severity = entry.get("severity", "critical")
    if severity not in SEVERITY_FROM_GX:
        hint = " ('error' is called 'critical' in GX)" if severity == "error" else ""
        raise PagevetError(
            f"{at} ({etype}): severity {severity!r} is not a GX severity{hint}; "
            "GX 1.24 would drop this expectation silently. "
            "Fix: use critical, warning or info."
        )
    for key, value in kwargs.items():
        _check_value(at, etype, key, value)
    return SuiteExpectation(
        index=index,
        type=etype,
        kwargs=kwargs,
        severity=SEVERITY_FROM_GX[severity],
        meta=meta,
        entry=entry,
    )


def _check_type_known(at: str, etype: str) -> None:
    _gx.gx()
    from great_expectations.expectations.registry import (
        get_expectation_impl,
        list_registered_expectation_implementations,
    )

    try:
        get_expectation_impl(etype)
    except Exception:
        known = list_registered_expectation_implementations()
        snake = re.sub(r"(?<!^)(?=[A-Z])", "_", etype).lower()
        close = [snake] if snake in known else difflib.get_close_matches(etype, known, n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise PagevetError(
            f"{at}: expectation type {etype!r} is unknown to Great Expectations "
            f"(GX 1.24 would drop it silently).{hint} Fix: use a GX expectation "
            "type in snake_case, e.g. expect_column_values_to_be_unique."
        ) from None


def _check_value(at: str, etype: str, key: str, value: Any) -> None:
    if isinstance(value, dict) and "$PARAMETER" in value:
        name = value["$PARAMETER"]
        if name not in SUITE_PARAMETERS:
            raise PagevetError(
                f"{at} ({etype}): kwargs.{key} uses $PARAMETER {name!r}, which "
                "pagevet does not supply. "
                f"Fix: use one of {', '.join(SUITE_PARAMETERS)}."
            )
    elif isinstance(value, str) and _BARE_DATE.match(value):
        raise PagevetError(
            f"{at} ({etype}): kwargs.{key}={value!r} is a bare date; GX parses it "
            "as a date, which it cannot compare with the datetime column it is "
            f"handed. Fix: write {value + 'T00:00:00'!r}."
        )


def _build_each(where: str, entries: list[dict[str, Any]]) -> None:
    """Build each entry's GX expectation, so a kwargs error names its entry (GX validates
    kwargs with pydantic and raises for those, unlike unknown types)."""
    _gx.gx()
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    for i, entry in enumerate(entries):
        with _gx.captured_gx_logs():
            try:
                ExpectationConfiguration(**entry).to_domain_obj()
            except Exception as exc:
                detail = " ".join(str(exc).split())
                raise PagevetError(
                    f"{where}: expectations[{i}] ({entry['type']}) with kwargs "
                    f"{json.dumps(entry.get('kwargs', {}))} is rejected by GX: {detail}. "
                    "Fix: correct the kwargs (see the GX expectation gallery)."
                ) from None


def _build_suite_checked(where: str, name: str, entries: list[dict[str, Any]]) -> None:
    """Build the whole suite as GX does and refuse if it kept fewer expectations than the
    file has: the last guard against a silent drop."""
    with _gx.captured_gx_logs() as logs:
        suite = _gx.gx().ExpectationSuite(name=name, expectations=[dict(e) for e in entries])
    if len(suite.expectations) != len(entries):
        raise PagevetError(
            f"{where}: GX kept {len(suite.expectations)} of {len(entries)} "
            f"expectations and dropped the rest: {' | '.join(logs) or 'no reason'}. "
            "Fix: correct or remove the dropped entries."
        )


def gx_suite(suite: Suite) -> Any:
    """A fresh GX ExpectationSuite for `suite`; each entry's meta carries `pagevet_index`, since
    GX returns results in its own order."""
    gx = _gx.gx()
    entries = []
    for exp in suite.expectations:
        entry = dict(exp.entry)
        entry.pop("id", None)
        entry["meta"] = {**exp.meta, "pagevet_index": exp.index}
        entries.append(entry)
    with _gx.captured_gx_logs():
        return gx.ExpectationSuite(name=suite.name, expectations=entries)


STARTER_EXPECTATIONS: list[dict[str, Any]] = [
    {
        "type": "expect_column_values_to_not_be_null",
        "kwargs": {"column": "id"},
        "severity": "critical",
    },
    {
        "type": "expect_column_values_to_be_unique",
        "kwargs": {"column": "id"},
        "severity": "critical",
    },
    {
        "type": "expect_column_values_to_not_be_null",
        "kwargs": {"column": "title", "mostly": 0.95},
        "severity": "critical",
    },
    {
        "type": "expect_column_mean_to_be_between",
        "kwargs": {"column": "flag__title-slug-mismatch", "max_value": 0.1},
        "severity": "warning",
    },
    {
        "type": "expect_table_row_count_to_be_between",
        "kwargs": {"min_value": 1},
        "severity": "critical",
    },
]


def new_suite(name: str, path: str | Path) -> Path:
    """Write a starter suite named `name` to `path` (refuses to overwrite) and return the path."""
    path = Path(path)
    if not _SUITE_NAME.match(name):
        raise PagevetError(
            f"suite name {name!r} is not kebab-case. Fix: use lower-case letters, "
            "digits and dashes, e.g. 'pages-strict'."
        )
    if path.exists():
        raise PagevetError(f"{path} already exists. Fix: choose another name or delete the file.")
    document = {
        "name": name,
        "expectations": STARTER_EXPECTATIONS,
        "meta": {"great_expectations_version": _gx.gx().__version__},
        "notes": "severity: critical fails the gate, warning only reports.",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def find_suites(folder: str | Path) -> list[Path]:
    """The suite files in `folder` (`*.json`, sorted)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PagevetError(
            f"{folder} is not a folder. Fix: pass the folder holding suite files, e.g. checks/."
        )
    return sorted(folder.glob("*.json"))
