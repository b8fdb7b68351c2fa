"""The Ray Data engine gives exactly the local engine's pages (the design's contract)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pagevet.config import Config
from pagevet.pipeline import run
from samplegen import write_sample

ray = pytest.importorskip("ray", reason="the distributed extra is not installed")

PAGEVET = str(Path(sys.executable).with_name("pagevet"))


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ray") / "ds"
    write_sample(folder, pages=60, seed=11)
    broken = folder / "raw" / "tinsongnam" / "999_0000000000000000.txt.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00garbage")
    return folder / "raw"


def test_ray_engine_equals_local_engine(crawl):
    from pagevet.engines.ray import RayEngine

    names = {str(crawl / "tinsongnam"): "tinsongnam.vn"}
    try:
        local = run([crawl], Config(), source_names=names).pages
        distributed = run(
            [crawl],
            Config(),
            engine=RayEngine(files_per_batch=8, num_cpus=2),
            source_names=names,
        ).pages
    finally:
        ray.shutdown()
    assert distributed.height == local.height == 61  # 60 pages + the unreadable file
    assert distributed.equals(local)
    assert distributed.filter(distributed["read_error"].is_not_null()).height == 1


def test_cli_check_with_ray_prints_what_local_prints(crawl):
    env = {**os.environ, "PAGEVET_WORKERS": "1"}
    runs = {
        engine: subprocess.run(
            [PAGEVET, "check", str(crawl), "--engine", engine, "--format", "json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )  # fmt: skip
        for engine in ("local", "ray")
    }
    assert runs["local"].returncode == runs["ray"].returncode == 1  # the unreadable file
    assert json.loads(runs["ray"].stdout) == json.loads(runs["local"].stdout)
