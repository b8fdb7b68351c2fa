"""Great Expectations suites as the data gate: load `checks/*.json`, run them on a built
table, and render the verdict (text, JSON, JUnit, GitHub annotations).

Great Expectations itself is imported lazily, inside the functions that need it.
"""

from pagevet.suites.describe import describe_expectation, describe_suite
from pagevet.suites.inputs import ValidationInput, default_suite_paths, resolve_validation_input
from pagevet.suites.load import SUITE_PARAMETERS, find_suites, load_suite, new_suite
from pagevet.suites.model import ExpectationResult, Suite, SuiteExpectation, SuiteResult
from pagevet.suites.render import (
    append_step_summary,
    render,
    render_github,
    render_json,
    render_junit,
    render_markdown,
    render_text,
)
from pagevet.suites.run import run_suite, validate_path
from pagevet.suites.save import save_results

__all__ = [
    "SUITE_PARAMETERS",
    "ExpectationResult",
    "Suite",
    "SuiteExpectation",
    "SuiteResult",
    "ValidationInput",
    "append_step_summary",
    "default_suite_paths",
    "describe_expectation",
    "describe_suite",
    "find_suites",
    "load_suite",
    "new_suite",
    "render",
    "render_github",
    "render_json",
    "render_junit",
    "render_markdown",
    "render_text",
    "resolve_validation_input",
    "run_suite",
    "save_results",
    "validate_path",
]
