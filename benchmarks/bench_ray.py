"""Benchmark the Ray engine against the local engine: the driver's peak RSS at 1x and 4x the
input, wall time of both engines, and Ray Data's per-stage statistics. Prints figures; it is
not a test.

    python benchmarks/bench_ray.py --pages 60 --scales 1 4 [--commands check build]

A corpus of N generated pages (the sample generator's sites, defects and duplicates) is
written for each scale; a Ray cluster of a head and two worker nodes (one CPU each, as in
tests/engines/test_ray_cluster.py) is started in this process; then, for each scale:

- `pagevet check --engine local` (one worker) as a child process,
- `pagevet check --engine ray --ray-address <the cluster>` as a child process: the driver;
- with `build` in `--commands`: `pagevet build` of a copy of the dataset with each engine (the
  Ray workers write the version's files; the driver assembles card, manifest and Croissant).

Peak RSS is the child's own ru_maxrss (os.wait4): the driver process alone. The Ray workers,
raylets and object stores belong to the cluster, not to the driver. Wall time includes
Python start-up and, for Ray, connecting to the cluster. The machine is shared: the figures
say what this box did at the time, not what a cluster does.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGEVET = str(Path(sys.executable).with_name("pagevet"))


def child(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MiB) and stderr of `pagevet ARGS` run as a child process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [PAGEVET, *args], stdout=subprocess.DEVNULL, stderr=err, env=env
        )  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"pagevet {' '.join(args)} failed:\n{text}")
    return wall, usage.ru_maxrss // 1024, text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--commands", nargs="+", choices=["check", "build"], default=["check"])
    options = parser.parse_args()

    sys.path.insert(0, str(REPO / "tools"))
    import ray
    from ray.cluster_utils import Cluster

    from samplegen import write_sample

    work = options.work or Path(tempfile.mkdtemp(prefix="bench-ray-"))
    corpora = {}
    for scale in options.scales:
        folder = work / f"x{scale}"
        if not folder.exists():
            write_sample(folder, pages=options.pages * scale, seed=7)
        corpora[scale] = folder / "raw"

    store = 100 * 1024 * 1024
    cluster = Cluster(
        initialize_head=True,
        head_node_args={"num_cpus": 1, "object_store_memory": store, "include_dashboard": False},
    )
    for _ in range(2):
        cluster.add_node(num_cpus=1, object_store_memory=store)
    cluster.wait_for_nodes()
    env = {**os.environ, "PAGEVET_WORKERS": "1", "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    rows = []
    try:
        for scale, raw in corpora.items():
            n = options.pages * scale
            for command in options.commands:
                local_wall, local_rss, _ = child(_args(command, raw, work, scale, "local"), env)
                ray_args = [*_args(command, raw, work, scale, "ray"), "--ray-address"]
                ray_wall, ray_rss, stderr = child([*ray_args, cluster.address], env)
                rows.append((command, scale, n, local_wall, local_rss, ray_wall, ray_rss))
                stages = [line for line in stderr.splitlines() if not _ray_log(line)]
                print(f"\n== {command}, {n} pages (x{scale}): Ray stages (wall s per stage) ==")
                print("\n".join(stages))
    finally:
        ray.shutdown()
        cluster.shutdown()

    print("\ncommand  scale  pages  local s  local RSS MiB  ray s  ray driver RSS MiB  ray/local")
    for command, scale, n, lw, lr, rw, rr in rows:
        print(f"{command:<9}x{scale:<5}{n:>6}{lw:>9.1f}{lr:>15}{rw:>7.1f}{rr:>20}{rw / lw:>11.1f}")
    for command in options.commands:
        mine = [r for r in rows if r[0] == command]
        if len(mine) > 1:
            first, last = mine[0], mine[-1]
            print(
                f"{command}: driver peak RSS x{last[1]} / x{first[1]}: {last[6] / first[6]:.2f} "
                f"(local engine: {last[4] / first[4]:.2f})"
            )


def _args(command: str, raw: Path, work: Path, scale: int, engine: str) -> list[str]:
    """`check RAW`, or `build` of a fresh copy of RAW's dataset folder (no versions yet)."""
    if command == "check":
        return ["check", str(raw), "--format", "jsonl", "--engine", engine]
    dataset = work / f"build-{engine}-x{scale}"
    shutil.rmtree(dataset, ignore_errors=True)
    shutil.copytree(raw.parent, dataset, ignore=shutil.ignore_patterns("versions"))
    return ["build", str(dataset), "--engine", engine]


def _ray_log(line: str) -> bool:
    return any(k in line for k in (" INFO ", " WARNING ", "Token authentication", "DEBUG"))


if __name__ == "__main__":
    main()
