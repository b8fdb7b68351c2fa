"""`pytest --pagevet PATH`: one test item per expectation, selectable with -k, in JUnit XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pagevet.suites import SuiteResult

from .frames import AS_OF, PAGES_SUITE, Defects, clean_pages

pytest_plugins = ["pytester"]

AS_OF_ARG = f"--pagevet-as-of={AS_OF.isoformat()}"


@pytest.fixture
def project(pytester: pytest.Pytester, defects: Defects, clean_result: SuiteResult) -> Path:
    """A project folder: checks/pages.json, a clean version folder and a defective table.

    `clean_result` has run GX in this process first: in-process pytester runs drop the modules
    they import afterwards, and numpy's extension modules cannot be imported twice."""
    (pytester.path / "checks").mkdir()
    (pytester.path / "checks" / "pages.json").write_text(PAGES_SUITE.read_text("utf-8"))
    data = pytester.path / "v1" / "data"
    data.mkdir(parents=True)
    clean_pages().write_parquet(data / "train-00000-of-00001.parquet")
    defects.frame.write_parquet(pytester.path / "defects.parquet")
    return pytester.path


def test_clean_version_folder_passes_one_item_per_expectation(
    pytester: pytest.Pytester, project: Path
) -> None:
    result = pytester.runpytest("--pagevet", "v1", AS_OF_ARG, "-v")
    result.assert_outcomes(passed=25)
    result.stdout.fnmatch_lines(
        [
            "pagevet: validating v1",
            "*collected 25 items",
            "checks/pages.json::01-expect_column_values_to_be_unique(id) PASSED*",
        ]
    )


def test_defects_fail_their_items_with_observed_values_and_ids(
    pytester: pytest.Pytester, project: Path, defects: Defects
) -> None:
    result = pytester.runpytest("--pagevet", "defects.parquet", AS_OF_ARG)
    result.assert_outcomes(passed=22, failed=3)
    result.stdout.fnmatch_lines(
        [
            "*suite pages: expectations[[]1[]] expect_column_values_to_be_unique(id) [[]error[]]",
            "*expected:    every non-null id is unique",
            "*unexpected:  2 (1.00%)",
            f"*example ids: {defects.duplicate_id}",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "*expected:    at most 10% of pages have flag__title-slug-mismatch",
            f"*observed:    {defects.mismatch_count / 200:.4g}",
            f"*example ids: {', '.join(defects.mismatch_ids)}",
        ]
    )
    result.stdout.fnmatch_lines([f"*example ids: {defects.future_id}"])


def test_k_selects_items_and_junitxml_reports_them(
    pytester: pytest.Pytester, project: Path
) -> None:
    result = pytester.runpytest(
        "--pagevet", "defects.parquet", AS_OF_ARG, "-k", "unique or title-slug", "--junitxml=j.xml"
    )
    result.assert_outcomes(failed=2, deselected=23)
    suite = ET.parse(project / "j.xml").getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("2", "2")
    assert {c.get("classname") for c in suite.iter("testcase")} == {"checks.pages.json"}
    assert {c.get("name") for c in suite.iter("testcase")} == {
        "01-expect_column_values_to_be_unique(id)",
        "04-expect_column_mean_to_be_between(flag__title-slug-mismatch)",
    }


def test_failed_warning_passes_with_a_pytest_warning(
    pytester: pytest.Pytester, project: Path
) -> None:
    suite = {
        "name": "langs",
        "expectations": [
            {
                "type": "expect_column_values_to_be_in_set",
                "kwargs": {"column": "language", "value_set": ["de"]},
                "severity": "warning",
            }
        ],
    }
    (project / "langs.json").write_text(json.dumps(suite))
    result = pytester.runpytest("--pagevet", "v1", "--pagevet-suite", "langs.json")
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines(["*PagevetSuiteWarning: 00-expect_column_values_to_be_in_set*"])


def test_broken_suite_is_a_usage_error(pytester: pytest.Pytester, project: Path) -> None:
    bad = {"name": "bad", "expectations": [{"type": "expect_it_to_work", "kwargs": {}}]}
    (project / "bad.json").write_text(json.dumps(bad))
    result = pytester.runpytest("--pagevet", "v1", "--pagevet-suite", "bad.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--pagevet: *bad.json: expectations[[]0[]]*expect_it_to_work*"])


def test_without_the_option_the_plugin_adds_nothing(
    pytester: pytest.Pytester, project: Path
) -> None:
    pytester.makepyfile("def test_one():\n    pass\n")
    pytester.runpytest().assert_outcomes(passed=1)


def test_missing_column_fails_the_items_with_the_reason(
    pytester: pytest.Pytester, project: Path
) -> None:
    cap = {"column": "flag__new-rule", "max_value": 0.1}
    suite = {
        "name": "new",
        "expectations": [{"type": "expect_column_mean_to_be_between", "kwargs": cap}],
    }
    (project / "new.json").write_text(json.dumps(suite))
    result = pytester.runpytest("--pagevet", "v1", "--pagevet-suite", "new.json")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["pagevet: *new.json: the table lacks column(s) flag__new-rule*"])
