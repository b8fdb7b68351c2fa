"""The hostile-input corpus through `pagevet build` (and the commands an argument names): for
every kind, exit 0/1 or a usage error 2 with a one-line message naming the file, never a
traceback or a hang, bounded memory, and every good page still in the built version.

All kinds run once per session, two at a time; the table (kind -> exit code, message, good
pages kept, peak RSS) is written to $PAGEVET_ARTIFACTS/hostile.md when that is set."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))

from hostile_kinds import ALL_KINDS, odd_file_names  # noqa: E402
from hostile_runner import Outcome, run_all, write_artifacts  # noqa: E402

from pagevet.cli import cli  # noqa: E402

MAX_RSS_MIB = 1500  # a small build takes ~450 MiB; a cap that held would keep every kind near it


@pytest.fixture(scope="session")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    results = run_all(tmp_path_factory.mktemp("hostile"))
    if os.environ.get("PAGEVET_ARTIFACTS"):
        write_artifacts(results, Path(os.environ["PAGEVET_ARTIFACTS"]))
    return {o.kind: o for o in results}


def test_the_corpus_has_at_least_40_kinds_of_input() -> None:
    assert sum(k.scope == "input" for k in ALL_KINDS) >= 40


@pytest.mark.parametrize("kind", ALL_KINDS, ids=[k.name for k in ALL_KINDS])
def test_hostile_kind(kind, outcomes: dict[str, Outcome]) -> None:
    o = outcomes[kind.name]
    assert o.exit_code is not None, f"{kind.name}: hung (killed after the timeout)"
    assert not o.traceback, o.stderr
    assert o.exit_code in kind.exit_codes, (o.exit_code, o.stderr)
    assert o.peak_rss_mb < MAX_RSS_MIB, o.peak_rss_mb
    if o.exit_code == 2:
        lines = [line for line in o.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("Error: "), o.stderr
    if kind.scope == "input":
        assert o.good_kept == o.good_total, o
        assert o.machine_paths == 0, "the version holds absolute paths of the build machine"
        if o.hostile_rows:
            assert o.message.startswith("raw/hostile/") or "page(s) read" in o.message, o.message
            assert "/tmp/" not in o.message  # paths are relative to the dataset folder
    elif kind.scope == "recipe":
        # the file, or the rule whose parameter is wrong (rules check their own parameters)
        assert any(w in o.message for w in ("dataset.toml", "smoke.json", "rule ")), o.message
    elif o.exit_code == 2:
        assert any(part in o.message for part in ("version", "suite name", "inside the version")), (
            o.message
        )


def test_file_names_cannot_inject_github_workflow_commands(tmp_path: Path) -> None:
    odd_file_names(tmp_path / "raw")
    result = CliRunner().invoke(cli, ["check", "--format", "github", str(tmp_path / "raw")])
    assert result.exit_code in (0, 1), result.output
    lines = result.stdout.splitlines()  # the summary line goes to stderr
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert not any(line.startswith(("::warning file=x", "::error::x")) for line in lines)
    assert any("%0A%3A%3Awarning" in line for line in lines)
    text = CliRunner().invoke(cli, ["check", str(tmp_path / "raw")]).stdout
    assert "\n::warning" not in text and "\n::error" not in text
