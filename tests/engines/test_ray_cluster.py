"""`--engine ray --ray-address` on a real multi-node Ray cluster on this machine (a head and two
worker nodes, one CPU and a small object store each): `check` and `build` give exactly what
the local engine gives, also when a worker dies mid-run and Ray retries its task."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from clirun import run_cli
from pagevet.engines.inputs import InputFile, count_jsonl_spans, split_large
from samplegen import write_sample

ray = pytest.importorskip("ray", reason="the distributed extra is not installed")
from ray.cluster_utils import Cluster  # noqa: E402

STORE = 80 * 1024 * 1024  # object store per node


@pytest.fixture(scope="module")
def cluster():
    """Head + 2 workers, 1 CPU each; shut down (and Ray disconnected) after the module."""
    ray.shutdown()  # a local instance another test left connected
    cluster = Cluster(
        initialize_head=True,
        head_node_args={"num_cpus": 1, "object_store_memory": STORE, "include_dashboard": False},
    )
    for _ in range(2):
        cluster.add_node(num_cpus=1, object_store_memory=STORE)
    cluster.wait_for_nodes()
    try:
        yield cluster
    finally:
        ray.shutdown()
        cluster.shutdown()


@pytest.fixture
def connected(cluster):
    """Each test connects afresh (with its own environment) and disconnects after."""
    ray.shutdown()
    yield cluster.address
    ray.shutdown()


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cluster")
    write_sample(root / "news", pages=60, seed=5)
    (root / "news" / "raw" / "broken.txt.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    # one id twice (the second page is renamed `<id>~2`, with a finding) and per-file-ignores
    lines = [
        {"id": "same-id", "url": "https://ex.vn/tin/one", "title": "Một", "text": "ngắn"},
        {"id": "same-id", "url": "https://ex.vn/tin/two", "title": "Hai", "text": "cũng ngắn"},
    ]
    (root / "news" / "raw" / "export.jsonl").write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), "utf-8"
    )
    (root / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n[tool.pagevet.per-file-ignores]\n'*.jsonl' = ['too-short']\n",
        "utf-8",
    )
    recipe = root / "news" / "dataset.toml"
    text = recipe.read_text("utf-8")
    recipe.write_text(
        text.replace(
            'languages = ["vi", "en"]', 'languages = ["vi", "en"]\nsuites = []\nrelease_suite = ""'
        )
        + '\n[[sources]]\npath = "raw/export.jsonl"\nsource = "ex.vn"\n'
        + '\n[rules.waive]\n"same-id~2" = ["too-short"]\n',
        "utf-8",
    )
    return root


def _check(*args: str) -> tuple[int, dict]:
    done = run_cli("check", *args, "--format", "json")
    return done.code, json.loads(done.out)


def test_check_through_ray_address_equals_local(project, connected, monkeypatch):
    """`check` on the cluster (joined by RAY_ADDRESS, pages named by a file:// URL) prints what
    the local engine prints; only the pages with findings reach the driver."""
    raw = project / "news" / "raw"
    monkeypatch.chdir(project)  # its pyproject.toml: per-file-ignores
    code, local = _check(str(raw))
    assert code == 1  # the broken file
    rules = {(f["path"], f["rule"]) for f in local["findings"]}
    assert any(path.endswith("export.jsonl") and rule == "unreadable-page" for path, rule in rules)
    assert not any(path.endswith("export.jsonl") and rule == "too-short" for path, rule in rules)
    monkeypatch.setenv("RAY_ADDRESS", connected)
    # the JSONL file is read as two ranges by different tasks, its lines counted on the cluster
    monkeypatch.setattr("pagevet.engines.inputs.RANGE_BYTES", 40)
    export = InputFile(str(raw / "export.jsonl"))
    assert len(list(split_large([export], count_jsonl_spans))) == 2
    assert _check(raw.as_uri(), "--engine", "ray") == (code, local)
    assert ray.get_runtime_context().gcs_address == connected  # joined, did not start its own
    assert len([n for n in ray.nodes() if n["Alive"]]) == 3


def _version_files(dataset: Path) -> dict[str, bytes]:
    folder = dataset / "versions" / "v1.0.0"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _build(project: Path, name: str, *args: str) -> dict[str, bytes]:
    """A build of a copy of the project's dataset, with the shipped suites."""
    dataset = project / name / "news"
    if dataset.parent.exists():
        shutil.rmtree(dataset.parent)
    shutil.copytree(project / "news", dataset, ignore=shutil.ignore_patterns("versions"))
    recipe = dataset / "dataset.toml"
    recipe.write_text(
        recipe.read_text("utf-8").replace('suites = []\nrelease_suite = ""\n', ""), "utf-8"
    )
    (dataset.parent / "pyproject.toml").write_text("[project]\nname = 'x'\n", "utf-8")
    done = run_cli("build", str(dataset), "--version", "1.0.0", *args)
    assert done.code == 0, done.out + done.err
    if "ray" in args:  # the per-stage figures, down to the workers' writing of the version
        assert "version: shards written" in done.err and "read + parse" in done.err
    return _version_files(dataset)


def test_build_through_ray_address_writes_the_local_version(project, connected):
    """The workers write the shards, the suites' columns and the counts; the version is the
    local engine's byte for byte: shards, card (sizes included), Croissant, manifest."""
    local = _build(project, "local")
    distributed = _build(project, "ray", "--engine", "ray", "--ray-address", connected)
    assert any(name.startswith("data/") and name.endswith(".parquet") for name in local)
    assert any(name.startswith("clean/") and name.endswith(".parquet") for name in local)
    raw = pl.concat(
        pl.read_parquet(io.BytesIO(data))
        for name, data in local.items()
        if name.startswith("raw/") and name.endswith(".parquet")
    )
    renamed = raw.filter(pl.col("id") == "same-id~2")["findings"].to_list()[0]
    assert {f["rule"] for f in renamed} == {"unreadable-page"}  # renamed; too-short waived
    suites = json.loads(local["manifest.json"])["suites"]
    assert suites and all(s["evaluated"] for s in suites.values())  # the suites really ran
    assert sorted(distributed) == sorted(local)
    for name in local:
        assert distributed[name] == local[name], name


def test_worker_killed_mid_run_is_retried_with_identical_output(
    project, connected, tmp_path, monkeypatch
):
    raw = project / "news" / "raw"
    expected = _check(str(raw))
    once = tmp_path / "killed-once"
    env = {"env_vars": {"PAGEVET_FAULT": "ray-task", "PAGEVET_FAULT_ONCE": str(once)}}
    monkeypatch.setenv("PAGEVET_RAY_RUNTIME_ENV", json.dumps(env))
    assert _check(str(raw), "--engine", "ray", "--ray-address", connected) == expected
    assert once.exists()  # a worker process was SIGKILLed in a task, and the task re-ran


def test_workers_write_the_shards_the_local_writer_writes(project, connected, tmp_path):
    """Shards written by the Ray workers from the distributed run (sorted by id, several per
    part) are byte-identical to `store/stream.py`'s from the local engine's batches."""
    from pagevet.config import Config
    from pagevet.engines.local import LocalEngine
    from pagevet.engines.ray import RayEngine
    from pagevet.pipeline import run_batches, run_distributed
    from pagevet.store.ray_shards import write_version_shards
    from pagevet.store.stream import write_version_files

    raw, splits, max_bytes = project / "news" / "raw", ["train", "validation", "test"], 150_000
    batches = run_batches([raw], Config(), engine=LocalEngine())
    local = write_version_files(batches, tmp_path / "local", splits, max_bytes, None)
    done = run_distributed([raw], Config(), engine=RayEngine(address=connected))
    parts = write_version_shards(done, tmp_path / "ray", splits, max_bytes, [])
    # rows and sizes per part (the sizes decide the number of shards) are equal: both are
    # functions of the rows alone, not of how each side laid its tables out in memory
    assert [(p.config, p.split, p.rows, p.nbytes) for p in parts] == [
        (p.config, p.split, p.rows, p.nbytes) for p in local.parts
    ]
    files = sorted(
        p.relative_to(tmp_path / "local") for p in (tmp_path / "local").rglob("*.parquet")
    )
    assert len([f for f in files if f.parts[0] == "raw"]) > 1  # several shards per part
    assert files == sorted(
        p.relative_to(tmp_path / "ray") for p in (tmp_path / "ray").rglob("*.parquet")
    )
    for name in files:
        assert (tmp_path / "ray" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), (
            name
        )
