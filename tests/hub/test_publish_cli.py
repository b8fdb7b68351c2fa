"""`pagevet publish` through its real entry point against the Hub-compatible test server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hub_testdata import ORG, TOKEN, subprocess_env

from pagevet.store.manifest import read_manifest

PAGEVET = str(Path(sys.executable).with_name("pagevet"))
REPO_ID = f"{ORG}/sample-news"


def publish(hub, tmp_path, dataset: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PAGEVET, "publish", str(dataset), "--repo", REPO_ID, *args],
        env=subprocess_env(hub, tmp_path, TOKEN),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_dry_run_then_publish_then_no_op(hub, tmp_path, sample_dataset, load_revision):
    version = sample_dataset / "versions" / "v1.0.0"
    manifest = read_manifest(version)

    plan = publish(hub, tmp_path, sample_dataset, "--dry-run")
    assert plan.returncode == 0, plan.stderr
    data = json.loads(plan.stdout)
    ops = {op["path"]: op for op in data["operations"]}
    assert set(ops) == {f["path"] for f in manifest["files"]} | {"manifest.json"}
    assert all(op["op"] == "add" for op in ops.values())
    readme = next(f for f in manifest["files"] if f["path"] == "README.md")
    assert ops["README.md"]["sha256"] == readme["sha256"]
    assert data["tag"]["name"] == "v1.0.0" and not data["tag"]["exists"]
    assert hub.commit_count(REPO_ID) == 0  # a dry run touches nothing

    # The bundled sample carries injected defects: the release suite fails and guards the Hub.
    assert manifest["suites"]["release"]["success"] is False
    refused = publish(hub, tmp_path, sample_dataset)
    assert refused.returncode == 2 and "release" in refused.stderr
    assert hub.commit_count(REPO_ID) == 0

    done = publish(hub, tmp_path, sample_dataset, "--force")
    assert done.returncode == 0, done.stderr
    assert "tagged v1.0.0" in done.stdout
    commits = hub.commit_count(REPO_ID)

    again = publish(hub, tmp_path, sample_dataset, "--force")
    assert again.returncode == 0 and "nothing to do" in again.stdout
    assert hub.commit_count(REPO_ID) == commits

    for run in (plan, refused, done, again):
        assert TOKEN not in run.stdout + run.stderr

    loaded = load_revision(REPO_ID, "v1.0.0", local_dir=version)
    assert loaded["hub"] == loaded["local"]
    assert sum(len(rows) for rows in loaded["hub"].values()) == manifest["counts"]["readable"]


def test_publish_in_process_plans_refuses_then_publishes(hub, sample_dataset):
    """The same walk through `pagevet publish` in this process (CliRunner), so coverage sees
    the command; the test above runs the real entry point."""
    from clirun import run_cli

    def publish_here(*args: str):
        return run_cli(
            "publish", sample_dataset, "--repo", REPO_ID, "--endpoint", hub.url, *args,
            env={"HF_TOKEN": TOKEN},
        )  # fmt: skip

    plan = publish_here("--version", "1.0.0", "--dry-run")
    assert plan.code == 0, plan.err
    assert json.loads(plan.out)["tag"]["name"] == "v1.0.0"
    refused = publish_here()
    assert refused.code == 2 and "release" in refused.err
    done = publish_here("--force")
    assert done.code == 0 and "tagged v1.0.0" in done.out, done.err
    again = publish_here("--force")
    assert again.code == 0 and "nothing to do" in again.out
    assert all(TOKEN not in r.out + r.err for r in (plan, refused, done, again))
