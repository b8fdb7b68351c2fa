"""pytest plugin: run pagevet's Great Expectations suites as test items.

    pytest --pagevet datasets/vn-news/versions/v1.0.0 [--pagevet-suite checks/release.json]

PATH is a Parquet file, a folder of Parquet files or a version folder holding data/*.parquet.
Each expectation of each suite becomes one test item, so `-k`, `--junitxml` and the usual
reporting work; a failed error-severity expectation fails its item with the observed value and
example page ids, a failed warning passes with a pytest warning. The table is read and each
suite runs once, when its first item runs. Registered through the `pytest11` entry point: it
stays inert (and imports nothing heavy) unless `--pagevet` is given.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    import polars as pl

    from pagevet.suites import ExpectationResult, Suite, SuiteResult, ValidationInput


class PagevetSuiteWarning(UserWarning):
    """A warning-severity expectation failed: reported, never fatal."""


class ExpectationFailed(Exception):
    def __init__(self, suite: str, result: ExpectationResult) -> None:
        super().__init__(result.message)
        self.suite = suite
        self.result = result


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pagevet", "pagevet data checks (Great Expectations suites)")
    group.addoption(
        "--pagevet",
        metavar="PATH",
        default=None,
        help="Validate PATH (Parquet file, folder of Parquet files, or a version folder with "
        "data/*.parquet): one test item per suite expectation.",
    )
    group.addoption(
        "--pagevet-suite",
        action="append",
        default=[],
        metavar="FILE",
        help="Suite file to run (repeatable). Default: checks/pages.json of the current "
        "directory or of PATH's project.",
    )
    group.addoption(
        "--pagevet-as-of",
        metavar="YYYY-MM-DD",
        default=None,
        type=_date,
        help="Validation date behind the suites' today/tomorrow parameters (default: today, UTC).",
    )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise pytest.UsageError(f"--pagevet-as-of {text!r} is not a YYYY-MM-DD date.") from None


def pytest_report_header(config: pytest.Config) -> str | None:
    target = config.getoption("pagevet")
    return f"pagevet: validating {target}" if target else None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    # tryfirst: the items exist before `-k`/`-m` deselection runs, so they can be selected.
    target = config.getoption("pagevet")
    if not target:
        return
    from pagevet.errors import PagevetError
    from pagevet.suites import default_suite_paths, load_suite, resolve_validation_input
    from pagevet.suites.run import columns_needed

    here = config.invocation_params.dir
    try:
        source = resolve_validation_input(here / target)
        paths = [here / s for s in config.getoption("pagevet_suite")] or default_suite_paths(source)
        suites = [load_suite(p) for p in paths]
    except PagevetError as exc:
        raise pytest.UsageError(f"--pagevet: {exc}") from None
    table = _Table(source, columns_needed(suites))
    for suite in suites:
        node = SuiteNode.from_parent(
            session, name=suite.name, nodeid=_suite_nodeid(suite, config), suite=suite, table=table
        )
        # Collected through the regular hooks, so reporters count the items like any others.
        report = session.ihook.pytest_make_collect_report(collector=node)
        session.ihook.pytest_collectreport(report=report)
        items.extend(i for i in report.result if isinstance(i, pytest.Item))


def _suite_nodeid(suite: Suite, config: pytest.Config) -> str:
    """The suite file relative to the rootdir, like a test file (`checks/pages.json`), so
    JUnit reports it as class `checks.pages.json`."""
    if suite.path is None:
        return f"pagevet/{suite.name}"
    path = suite.path.resolve()
    return (
        path.relative_to(config.rootpath).as_posix()
        if path.is_relative_to(config.rootpath)
        else path.as_posix()
    )


class _Table:
    """The table under validation, read once by the first item that runs."""

    def __init__(self, source: ValidationInput, columns: list[str] | None) -> None:
        self.source = source
        self.columns = columns
        self._frame: pl.DataFrame | None = None

    def frame(self) -> pl.DataFrame:
        if self._frame is None:
            self._frame = self.source.read(self.columns)
        return self._frame


class SuiteNode(pytest.Collector):
    """One suite: its expectations are the items; it runs GX once for all of them."""

    def __init__(self, *, suite: Suite, table: _Table, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.suite = suite
        self.table = table
        self._result: SuiteResult | None = None

    def collect(self) -> list[pytest.Item]:
        return [
            ExpectationItem.from_parent(self, name=f"{e.index:02d}-{e.label}", index=e.index)
            for e in self.suite.expectations
        ]

    def result(self) -> SuiteResult:
        if self._result is None:
            from pagevet.suites import run_suite

            as_of = self.config.getoption("pagevet_as_of")
            self._result = run_suite(self.table.frame(), self.suite, as_of=as_of)
        return self._result


class ExpectationItem(pytest.Item):
    def __init__(self, *, index: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.index = index

    @property
    def suite_node(self) -> SuiteNode:
        assert isinstance(self.parent, SuiteNode)
        return self.parent

    def runtest(self) -> None:
        result = self.suite_node.result().expectations[self.index]
        if result.status == "failed":
            raise ExpectationFailed(self.suite_node.suite.name, result)
        if result.status == "warned":
            self.warn(PagevetSuiteWarning(f"{self.name}: {result.message}"))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        from pagevet.errors import PagevetError
        from pagevet.suites.model import format_value

        if isinstance(excinfo.value, PagevetError):
            return f"pagevet: {excinfo.value}"
        if not isinstance(excinfo.value, ExpectationFailed):
            return str(super().repr_failure(excinfo, style=style))
        r = excinfo.value.result
        lines = [
            f"suite {excinfo.value.suite}: expectations[{r.index}] {r.label} [{r.severity}]",
            f"  expected:    {r.description}",
        ]
        if r.observed_value is not None:
            lines.append(f"  observed:    {format_value(r.observed_value)}")
        if r.unexpected_count is not None:
            pct = "" if r.unexpected_percent is None else f" ({r.unexpected_percent:.2f}%)"
            lines.append(f"  unexpected:  {r.unexpected_count}{pct}")
        if r.example_ids:
            lines.append(f"  example ids: {', '.join(r.example_ids)}")
        return "\n".join(lines)

    def reportinfo(self) -> tuple[Path, int, str]:
        suite = self.suite_node.suite
        return suite.path or self.path, 0, f"pagevet {suite.name}: {self.name}"
