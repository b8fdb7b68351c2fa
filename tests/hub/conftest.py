"""Fixtures for the Hub tests: a Hub-compatible server on 127.0.0.1 and tiny version folders.

How `HF_ENDPOINT` is made to take effect. `huggingface_hub.constants` and `datasets.config` read
`HF_ENDPOINT`, `HF_HUB_DISABLE_XET`, `HF_HUB_DISABLE_TELEMETRY`, `HF_HUB_OFFLINE` and the cache and
token paths once, at import time, and pytest imports them long before this fixture runs (other test
packages import `datasets`; the environment rules set `HF_HUB_OFFLINE=1`). Setting the environment
variables here would therefore not reach the current process. So:

* in this process, the code under test gets the endpoint explicitly (`plan_publish(...,
  endpoint=hub.url)`, `HfApi(endpoint=hub.url)`), and the import-time constants that have no
  argument (Xet, telemetry, offline mode, cache and token paths) are monkeypatched on
  `huggingface_hub.constants`, where every reader looks them up at call time. `ENDPOINT` itself is
  patched too, so anything that ignores the argument still lands on the test server (and shows up
  in `hub.unhandled`) instead of huggingface.co;
* `datasets.load_dataset` runs in a fresh interpreter (`load_revision.py`) with the variables in its
  environment, exactly as a user would run it, because `datasets` copies the endpoint into module
  globals and fsspec caches `HfFileSystem` instances across calls.

A socket guard refuses every connection that is not to the loopback interface, in this process and
in the subprocess, so a request that escapes to the real Hub fails loudly.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import huggingface_hub.constants as hf_constants
import pytest
from hub_server import HubServer, block_non_loopback
from hub_testdata import ORG, TOKEN, USER, subprocess_env

LOADER = Path(__file__).with_name("load_revision.py")


@pytest.fixture(autouse=True)
def loopback_only() -> Iterator[None]:
    undo = block_non_loopback()
    yield
    undo()


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    """A fresh Hub server, with huggingface_hub in this process configured to use it."""
    server = HubServer(tokens={TOKEN: USER}, orgs={ORG: {USER}}).start()
    home = tmp_path / "hf_home"
    patched: dict[str, Any] = {
        "ENDPOINT": server.url,
        "HUGGINGFACE_CO_URL_TEMPLATE": server.url + "/{repo_id}/resolve/{revision}/{filename}",
        "HF_HUB_DISABLE_XET": True,
        "HF_HUB_DISABLE_TELEMETRY": True,
        "HF_HUB_OFFLINE": False,
        "HF_HOME": str(home),
        "HF_HUB_CACHE": str(home / "hub"),
        "HF_XET_CACHE": str(home / "xet"),
        "HF_TOKEN_PATH": str(home / "token"),
        "HF_STORED_TOKENS_PATH": str(home / "stored_tokens"),
        "AGENT_HARNESSES_PATH": str(home / ".agent_harnesses.json"),
    }
    for name, value in patched.items():
        monkeypatch.setattr(hf_constants, name, value)
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_OIDC_RESOURCE"):
        monkeypatch.delenv(name, raising=False)
    yield server
    server.stop()


@pytest.fixture
def load_revision(hub: HubServer, tmp_path: Path) -> Callable[..., dict[str, Any]]:
    """Run `datasets.load_dataset(repo_id, revision=...)` in a fresh interpreter against `hub`."""

    def run(repo_id: str, revision: str, *, local_dir: Path | None = None, name: str | None = None):
        args = [sys.executable, str(LOADER), repo_id, revision, name or "", str(local_dir or "")]
        done = subprocess.run(
            args, env=subprocess_env(hub, tmp_path), capture_output=True, text=True, timeout=300
        )
        if done.returncode != 0:
            raise AssertionError(f"load_revision.py failed:\n{done.stderr[-4000:]}")
        return json.loads(done.stdout)

    return run


@pytest.fixture
def dataset_dir(tmp_path: Path) -> Path:
    return tmp_path / "datasets" / "vn-news"
