"""Run the `pagevet` command line inside the test process with click's `CliRunner`, so
coverage sees the CLI. End-to-end tests of the installed entry point (a real process) stay
where the process is the point: the session's sample build (tests/conftest.py), `--help` and
an exit code in tests/test_cli_check.py, the Ray engine, publishing, the scripts."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from pagevet.cli import cli


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """`pagevet ARGS…` in this process (one worker, no colour, wide lines), from `cwd`."""
    base = {"PAGEVET_WORKERS": "1", "NO_COLOR": "1", "COLUMNS": "200"}
    with contextlib.chdir(cwd or Path.cwd()):
        result = CliRunner().invoke(
            cli, [str(a) for a in args], env={**base, **(env or {})}, prog_name="pagevet"
        )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)
