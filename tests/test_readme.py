"""README.md's command examples, re-run: the test fails when the README drifts.

Every `$ command` line inside a ``` block of the README is one example; the lines after it,
up to the next `$` line or the end of the block, are its expected output. In the expected
output `…` means "anything": a line that is only `…` stands for any number of lines, and `…`
inside a line for any text on that line. Trailing spaces and trailing blank lines are ignored.

Checked (deterministic, offline), block by block in README order, in a sandbox copy of the
sample project: `pagevet inspect` on the seed page (skipped without ../shared), `pagevet check`
on the sample, `pagevet build` twice, and the three `scripts/*.py` tables over the built
version.

Not checked, and why (`NOT_CHECKED`; a block holding any of these is not replayed): the
diff/validate/verify walk-through needs a page the README only describes; `publish` needs the
test Hub server (tests/hub covers it); `echo $?`. A new `$` example must be added to one of the
two lists, so nothing is silently unchecked.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from clirun import run_cli

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"

CHECKED = (
    "pagevet inspect ../shared/seeds/000_7c163b9f9ddf6534.txt",
    "pagevet check datasets/sample-news/raw --ignore nav-spam",
    "pagevet build datasets/sample-news",
    "python scripts/spam_lines.py datasets/sample-news",
    "python scripts/date_ranges.py datasets/sample-news",
    "python scripts/slug_report.py datasets/sample-news",
)
NOT_CHECKED = {
    "pagevet diff datasets/sample-news v1.0.0 v1.1.0": "needs the edited page the README describes",
    "pagevet validate datasets/sample-news --format github": "needs that second version",
    "echo $?": "shell",
    "pagevet verify datasets/sample-news": "needs that second version",
    "pagevet publish": "needs the Hub test server (tests/hub)",
}


@dataclass
class Example:
    command: str
    expected: list[str]


def blocks(text: str) -> list[list[Example]]:
    """The examples of every ``` block that holds `$` commands, block by block."""
    found = []
    for block in re.findall(r"^```[a-z]*\n(.*?)^```", text, re.S | re.M):
        examples: list[Example] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                examples.append(Example(line[2:].strip(), []))
            elif examples:
                examples[-1].expected.append(line)
        if examples:
            found.append(examples)
    return found


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether `actual` lines fit `expected`, `…` meaning anything (see the module doc)."""
    pattern = "".join(
        r"(?:.*\n)*?" if line.strip() == "…" else
        ".*".join(re.escape(part) for part in line.rstrip().split("…")) + r"[ \t]*\n"
        for line in expected
    )  # fmt: skip
    while actual and not actual[-1].strip():  # a block cannot show trailing blank lines
        actual = actual[:-1]
    return re.fullmatch(pattern, "".join(a.rstrip() + "\n" for a in actual)) is not None


def _kind(command: str) -> str | None:
    if command in CHECKED:
        return "checked"
    return next((c for c in NOT_CHECKED if command.startswith(c)), None)


def checked_blocks() -> list[list[Example]]:
    """Blocks whose every command is CHECKED; a block with any other command is a scenario the
    test does not replay (see NOT_CHECKED)."""
    return [
        b
        for b in blocks(README.read_text("utf-8"))
        if all(_kind(e.command) == "checked" for e in b)
    ]


def test_every_readme_example_is_checked_or_says_why_not() -> None:
    commands = [e.command for b in blocks(README.read_text("utf-8")) for e in b]
    unclassified = [c for c in commands if not _kind(c)]
    assert not unclassified, f"README examples neither checked nor listed: {unclassified}"
    checked = {e.command for b in checked_blocks() for e in b}
    assert checked == set(CHECKED), (
        f"CHECKED examples not in a checked block: {set(CHECKED) - checked}"
    )


def test_the_matcher_understands_ellipses() -> None:
    assert matches(["a", "…", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "…", "b"], ["a", "b"])
    assert matches(["x: … end"], ["x: anything at all end"])
    assert not matches(["a", "d"], ["a", "b", "d"])
    assert not matches(["a …"], ["a", "b"])
    assert not matches(["a"], ["a", "extra"])


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project as the README's commands see it: datasets/sample-news (no versions)
    and checks/, in a folder of its own."""
    root = tmp_path_factory.mktemp("readme")
    shutil.copytree(
        REPO / "datasets/sample-news",
        root / "datasets/sample-news",
        ignore=shutil.ignore_patterns("versions"),
    )
    shutil.copytree(REPO / "checks", root / "checks")
    return root


def _output(command: str, sandbox: Path) -> list[str]:
    args = shlex.split(command)
    if args[0] == "pagevet":
        # The seed lives beside the repository, so that command runs from the repository.
        cwd = REPO if any(a.startswith("../shared") for a in args) else sandbox
        run = run_cli(*args[1:], cwd=cwd)
        return run.out.splitlines()
    script = REPO / args[1]
    done = subprocess.run(
        [sys.executable, str(script), *args[2:]],
        cwd=sandbox,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_readme_examples_print_what_the_readme_shows(sandbox: Path) -> None:
    drift = []
    for example in [e for b in checked_blocks() for e in b]:
        if "../shared" in example.command and not (REPO.parent / "shared").is_dir():
            continue
        actual = _output(example.command, sandbox)
        if not matches(example.expected, actual):
            drift.append(
                f"$ {example.command}\n--- README\n" + "\n".join(example.expected)
                + "\n--- actual\n" + "\n".join(actual)
            )  # fmt: skip
    assert not drift, "README.md drifted from the commands' output:\n\n" + "\n\n".join(drift)
