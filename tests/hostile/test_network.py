"""No network except `publish`: check, build, validate and report run with the creation of
internet sockets refused (an audit hook, in-process) and in a network namespace with no
interface but loopback (`unshare -rn`, when the kernel allows it)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))

from hostile_runner import PAGEVET, good_pages, make_dataset, pagevet_env  # noqa: E402

from pagevet.cli import cli  # noqa: E402

COMMANDS = [
    ("check", "news/raw"),
    ("build", "news"),
    ("validate", "news", "--suite", "checks/smoke.json"),
    ("report", "news", "--out", "report.html"),
    ("report", "news", "--format", "md"),
    ("verify", "news"),
]

_attempts: list[tuple[str, tuple]] = []
_created: list[str] = []  # who tried to create an internet socket (refused)
_blocking = False


def _refuse_internet(event: str, args: tuple) -> None:
    if not _blocking:
        return
    if event == "socket.__new__" and len(args) > 1 and args[1] in (socket.AF_INET, socket.AF_INET6):
        caller = sys._getframe(2)
        _created.append(f"{caller.f_code.co_filename}:{caller.f_code.co_name}")
        raise OSError("test: internet sockets are refused")
    if event in ("socket.connect", "socket.getaddrinfo", "socket.sendto", "socket.gethostbyname"):
        _attempts.append((event, args[1:]))
        raise OSError("test: network use is refused")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    good, _ = good_pages(tmp_path / "_cache")
    make_dataset(tmp_path, good)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PAGEVET_WORKERS", "1")
    return tmp_path


def test_commands_run_with_internet_sockets_refused(project: Path) -> None:
    global _blocking
    sys.addaudithook(_refuse_internet)  # hooks cannot be removed: the flag scopes it to this test
    _blocking = True
    try:
        runner = CliRunner()
        results = {args: runner.invoke(cli, list(args)) for args in COMMANDS}
    finally:
        _blocking = False
    for args, result in results.items():
        assert result.exit_code in (0, 1), (args, result.output, result.exception)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            result.exception,
        )
    assert _attempts == []  # no connection, name lookup or datagram was even tried
    # The only internet socket asked for is urllib3's import-time probe for IPv6 support (a
    # socket bound to ::1, never connected); refusing it changes nothing.
    assert all("urllib3" in where for where in _created), _created


@pytest.mark.skipif(
    not shutil.which("unshare") or subprocess.run(["unshare", "-rn", "true"]).returncode != 0,
    reason="needs unshare -rn (user and network namespaces)",
)
def test_commands_run_without_a_network_interface(project: Path) -> None:
    script = "; ".join(
        f"{PAGEVET} {' '.join(args)} >/dev/null 2>>err.txt; echo $?" for args in COMMANDS
    )
    done = subprocess.run(["unshare", "-rn", "sh", "-c", script], cwd=project, env=pagevet_env(),
                          capture_output=True, text=True, timeout=900)  # fmt: skip
    codes = done.stdout.split()
    assert len(codes) == len(COMMANDS), done.stderr
    errors = (project / "err.txt").read_text("utf-8") if (project / "err.txt").exists() else ""
    assert all(code in ("0", "1") for code in codes), (codes, errors)
    assert "Traceback" not in errors
