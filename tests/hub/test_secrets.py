"""The token never leaks: not in stdout, stderr, logs, the plan, the version or any cache file,
also when publishing fails (a closed port, a server answering 401 or 500)."""

from __future__ import annotations

import http.server
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hub_testdata import ORG, TOKEN, subprocess_env, write_version

PAGEVET = str(Path(sys.executable).with_name("pagevet"))
SECRET = "hf_" + "S3cretTokenThatMustNeverBePrinted" + "0123456789"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the socket is: nothing listens


class _Failing(http.server.BaseHTTPRequestHandler):
    status = 500

    def _answer(self) -> None:
        body = b'{"error": "internal error"}'
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_HEAD = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def failing_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _files_holding(folder: Path, secret: str) -> list[Path]:
    needle = secret.encode()
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def _publish(tmp_path: Path, env: dict[str, str], dataset: Path, *args: str):
    return subprocess.run(
        [PAGEVET, "publish", str(dataset), "--repo", f"{ORG}/secret-test", *args],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.mark.parametrize("where", ["closed port", "401", "500", "dry run", "success"])
def test_the_token_never_appears_anywhere(hub, tmp_path, dataset_dir, failing_server, where):
    write_version(dataset_dir, "1.0.0")
    known = where in ("dry run", "success")  # the test Hub knows TOKEN, not SECRET
    env = subprocess_env(hub, tmp_path, TOKEN if known else SECRET)
    secret = env["HF_TOKEN"]
    args: list[str] = ["--force"]
    if where == "closed port":
        env["HF_ENDPOINT"] = f"http://127.0.0.1:{_closed_port()}"
    elif where == "500":
        env["HF_ENDPOINT"] = failing_server
    elif where == "dry run":
        args = ["--dry-run"]
    # "401": the test Hub does not know SECRET
    done = _publish(tmp_path, env, dataset_dir, *args)
    if where in ("closed port", "401", "500"):
        assert done.returncode == 2, (done.stdout, done.stderr)
        assert "Traceback" not in done.stderr and done.stderr.startswith("Error: ")
    else:
        assert done.returncode == 0, done.stderr
    assert secret not in done.stdout + done.stderr
    # nothing written anywhere under the test's folder holds it: the version, the plan, the
    # Hugging Face cache and home (HF_HOME is inside tmp_path), logs
    assert _files_holding(tmp_path, secret) == []
