"""`pagevet validate` and `pagevet suite`: output and exit codes (in process; the exit-code
contract of the real entry point is checked end to end in tests/test_cli_check.py)."""

from __future__ import annotations

import json
import shlex
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from clirun import Run, run_cli
from pagevet.cli import cli
from pagevet.suites import SuiteResult, default_suite_paths, resolve_validation_input

from .frames import AS_OF, PAGES_SUITE, REPO, Defects, clean_pages


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory, defects: Defects) -> Path:
    tmp = tmp_path_factory.mktemp("cli")
    clean_pages().write_parquet(tmp / "clean.parquet")
    defects.frame.write_parquet(tmp / "defects.parquet")
    bad = {"type": "expect_column_values_to_be_awesome", "kwargs": {"column": "id"}}
    (tmp / "bad.json").write_text(json.dumps({"name": "bad", "expectations": [bad]}))
    return tmp


@pytest.fixture(scope="module")
def runs(inputs: Path) -> dict[str, Run]:
    """The exit-code cases; the output formats are checked below."""
    as_of = ["--as-of", AS_OF.isoformat()]
    cases = {
        "clean": [inputs / "clean.parquet"],
        "junit": [inputs / "defects.parquet", *as_of, "--format", "junit", "-o", inputs / "r.xml"],
        "unknown-type": [inputs / "clean.parquet", "--suite", inputs / "bad.json"],
        "missing-input": [inputs / "nope.parquet"],
    }
    no_summary = {"GITHUB_STEP_SUMMARY": ""}
    return {name: run_cli("validate", *args, cwd=REPO, env=no_summary) for name, args in cases.items()}


def invoke(args: list[str], monkeypatch: pytest.MonkeyPatch, **env: str) -> Run:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    result = CliRunner().invoke(cli, ["validate", *args])
    return Run(result.exit_code, result.stdout, result.stderr)


def test_clean_table_exits_0_with_the_default_suite(runs: dict[str, Run]) -> None:
    run = runs["clean"]
    assert run.code == 0, run.err
    assert "suite pages (checks/pages.json) on 200 rows — passed" in run.out


def test_failing_table_exits_1_and_writes_junit(runs: dict[str, Run], inputs: Path) -> None:
    run = runs["junit"]
    assert run.code == 1, run.err
    assert run.out == ""
    assert "pages: FAILED (3 failed, 0 warned, 22 passed) -> " in run.err
    root = ET.parse(inputs / "r.xml").getroot()
    assert root.get("failures") == "3"


def test_github_format_annotates_and_writes_the_step_summary(
    inputs: Path, defects: Defects, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary_file = inputs / "summary.md"
    args = [str(inputs / "defects.parquet"), "--as-of", AS_OF.isoformat(), "--format", "github"]
    run = invoke(args, monkeypatch, GITHUB_STEP_SUMMARY=str(summary_file))
    assert run.code == 1, run.err
    errors = [line for line in run.out.splitlines() if line.startswith("::error ")]
    assert len(errors) == 3
    assert any(defects.duplicate_id in line for line in errors)
    summary = summary_file.read_text("utf-8")
    assert summary.startswith("## pagevet validation")
    assert "❌ pages — 200 rows — FAILED" in summary


def test_json_output_equals_the_library_result(
    inputs: Path, defect_result: SuiteResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = [str(inputs / "defects.parquet"), "--as-of", AS_OF.isoformat(), "--format", "json"]
    run = invoke(args, monkeypatch)
    assert run.code == 1, run.err
    [printed] = json.loads(run.out)
    expected = defect_result.to_dict()
    assert printed.pop("path") == "checks/pages.json"
    expected.pop("path")
    assert printed == expected


def test_unknown_expectation_type_exits_2_naming_the_file(runs: dict[str, Run]) -> None:
    run = runs["unknown-type"]
    assert run.code == 2
    assert run.out == ""
    assert run.err.startswith("Error: ")
    assert "bad.json: expectations[0]" in run.err
    assert "'expect_column_values_to_be_awesome' is unknown" in run.err


def test_missing_input_exits_2(runs: dict[str, Run]) -> None:
    assert runs["missing-input"].code == 2
    assert "nope.parquet does not exist" in runs["missing-input"].err


def test_default_suite_comes_from_the_input_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    (project / "checks").mkdir(parents=True)
    (project / "checks" / "pages.json").write_text(PAGES_SUITE.read_text("utf-8"))
    version = project / "datasets" / "vn" / "versions" / "v1.0.0" / "data"
    version.mkdir(parents=True)
    clean_pages(10).write_parquet(version / "train-00000-of-00001.parquet")
    monkeypatch.chdir(tmp_path)
    source = resolve_validation_input(version.parent)
    assert source.files == (version / "train-00000-of-00001.parquet",)
    assert default_suite_paths(source) == [project / "checks" / "pages.json"]
    monkeypatch.chdir(project)
    assert default_suite_paths(source) == [Path("checks/pages.json")]


def test_version_option_is_refused_for_parquet_for_now(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path), "--version", "v1.0.0"])
    assert result.exit_code == 2
    assert "--version v1.0.0 needs a dataset folder" in result.output


def test_suite_new_then_list(tmp_path: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(cli, ["suite", "new", "pages-strict", "--dir", str(tmp_path)])
    assert made.exit_code == 0, made.output
    assert made.output == f"wrote {tmp_path / 'pages-strict.json'}\n"
    again = runner.invoke(cli, ["suite", "new", "pages-strict", "--dir", str(tmp_path)])
    assert again.exit_code == 2 and "already exists" in again.output
    listed = runner.invoke(cli, ["suite", "list", str(tmp_path)])
    assert listed.exit_code == 0, listed.output
    assert "pages-strict: 5 expectations (4 error, 1 warning/info)" in listed.output
    assert "  [warning] at most 10% of pages have flag__title-slug-mismatch" in listed.output


def test_every_new_command_has_an_example_in_its_help() -> None:
    for args in (["validate"], ["suite"], ["suite", "new"], ["suite", "list"]):
        result = CliRunner().invoke(cli, [*args, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output, args


WORKFLOW = REPO / "examples" / "github-actions" / "data-checks.yml"
NOT_YET_IN_CLI = {"build"}  # another part of pagevet adds it; checked once it exists


def test_example_workflow_runs_only_what_the_cli_has() -> None:
    yaml = pytest.importorskip("yaml")
    steps = yaml.safe_load(WORKFLOW.read_text("utf-8"))["jobs"]["data-checks"]["steps"]
    commands = [
        shlex.split(line)
        for step in steps
        for line in str(step.get("run", "")).splitlines()
        if line.startswith("pagevet ")
    ]
    assert [c[1] for c in commands] == ["build", "validate", "validate"]
    for _, name, *args in commands:
        command = cli.commands.get(name)
        if command is None:
            assert name in NOT_YET_IN_CLI
            continue
        options = {opt: p for p in command.params for opt in p.opts}
        for i, arg in enumerate(args):
            if arg.startswith("-"):
                assert arg in options, f"pagevet {name} has no {arg}"
                choices = getattr(options[arg].type, "choices", None)
                if choices:
                    assert args[i + 1] in choices
