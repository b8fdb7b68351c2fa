"""Renderers start from the result data: JUnit for CI, GitHub annotations, text, JSON."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from pagevet.errors import PagevetError
from pagevet.suites import (
    SuiteResult,
    append_step_summary,
    render,
    render_github,
    render_json,
    render_junit,
    render_markdown,
    render_text,
)

from .frames import Defects


def test_junit_parses_with_one_failure_per_failed_error_expectation(
    defect_result: SuiteResult, clean_result: SuiteResult
) -> None:
    root = ET.fromstring(render_junit([defect_result, clean_result]))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures")) == ("50", "3")
    defect_suite = root.findall("testsuite")[0]
    assert defect_suite.get("failures") == "3"
    assert len(defect_suite.findall("testcase")) == 25
    failures = defect_suite.findall("testcase/failure")
    assert len(failures) == 3
    assert {f.get("type") for f in failures} == {
        "expect_column_values_to_be_unique",
        "expect_column_mean_to_be_between",
        "expect_column_values_to_be_between",
    }
    assert all(f.get("message") for f in failures)


def test_junit_failure_carries_the_example_ids(
    defect_result: SuiteResult, defects: Defects
) -> None:
    root = ET.fromstring(render_junit([defect_result]))
    messages = " ".join(f.get("message", "") for f in root.iter("failure"))
    assert defects.duplicate_id in messages
    assert defects.future_id in messages


def test_github_has_one_error_annotation_per_failure(
    defect_result: SuiteResult, defects: Defects
) -> None:
    lines = render_github([defect_result]).splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == 3
    assert not any(line.startswith("::warning") for line in lines)
    unique = next(line for line in errors if "be_unique" in line)
    assert unique.startswith(
        "::error file=",
    )
    assert "title=pagevet pages%3A expect_column_values_to_be_unique(id)::" in unique
    assert defects.duplicate_id in unique
    assert "%25" in next(line for line in errors if "flag__title-slug" in line)  # '%' escaped
    assert lines[-1].startswith("pagevet suite pages on 200 rows FAILED: 3 failed")


def test_step_summary_is_appended_when_set(defect_result: SuiteResult, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", "utf-8")
    assert append_step_summary([defect_result], {"GITHUB_STEP_SUMMARY": str(summary)}) == summary
    text = summary.read_text("utf-8")
    assert text.startswith("earlier step\n## pagevet validation")
    assert "| ❌ | error | every non-null id is unique |" in text
    assert append_step_summary([defect_result], {}) is None


def test_markdown_has_a_row_per_expectation_and_escapes_pipes(
    defect_result: SuiteResult,
) -> None:
    assert render_markdown([defect_result]).count("\n| ") == 26  # header + 25 expectations
    piped = replace(
        defect_result,
        expectations=[replace(defect_result.expectations[0], description="slug matches a|b")],
    )
    assert "| slug matches a\\|b |" in render_markdown([piped])


def test_text_table_shows_failures_with_examples(
    defect_result: SuiteResult, defects: Defects
) -> None:
    text = render_text([defect_result])
    assert "FAILED: 3 failed, 0 warned, 22 passed" in text
    fail_lines = [line for line in text.splitlines() if line.lstrip().startswith("FAIL")]
    assert len(fail_lines) == 3
    assert any(defects.future_id in line for line in fail_lines)


def test_json_is_the_result_data(defect_result: SuiteResult, clean_result: SuiteResult) -> None:
    results = [defect_result, clean_result]
    assert json.loads(render_json(results)) == [r.to_dict() for r in results]
    assert render(results, "json") == render_json(results)
    with pytest.raises(PagevetError, match="use one of text, json, junit, github"):
        render(results, "html")
