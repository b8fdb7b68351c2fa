"""Benchmark the Ray engine against the local engine: the driver's peak RSS at 1x and 4x the
input, wall time of both engines, and Ray Data's per-stage statistics. Prints figures; it is
not a test.

    python benchmarks/bench_ray.py --pages 60 --scales 1 4

A corpus of N generated pages (the sample generator's sites, defects and duplicates) is
written for each scale; a Ray cluster of a head and two worker nodes (one CPU each, as in
tests/engines/test_ray_cluster.py) is started in this process; then, for each scale:

- `pagevet check --engine local` (one worker) as a child process,
- `pagevet check --engine ray --ray-address <the cluster>` as a child process: the driver.

Peak RSS is the child's own ru_maxrss (os.wait4): the driver process alone. The Ray workers,
raylets and object stores belong to the cluster, not to the driver. Wall time includes
Python start-up and, for Ray, connecting to the cluster. The machine is shared: the figures
say what this box did at the time, not what a cluster does.
"""

from __future__ import annotations

import argparse
import os
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
            common = ["check", str(raw), "--format", "jsonl"]
            local_wall, local_rss, _ = child([*common, "--engine", "local"], env)
            ray_args = [*common, "--engine", "ray", "--ray-address", cluster.address]
            ray_wall, ray_rss, stderr = child(ray_args, env)
            rows.append((scale, n, local_wall, local_rss, ray_wall, ray_rss))
            stages = [line for line in stderr.splitlines() if not _ray_log(line)]
            print(f"\n== {n} pages (x{scale}): Ray stages (wall seconds per stage) ==")
            print("\n".join(stages))
    finally:
        ray.shutdown()
        cluster.shutdown()

    print("\nscale  pages  local s  local RSS MiB  ray s  ray driver RSS MiB  ray/local")
    for scale, n, lw, lr, rw, rr in rows:
        print(f"x{scale:<5}{n:>6}{lw:>9.1f}{lr:>15}{rw:>7.1f}{rr:>20}{rw / lw:>11.1f}")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(
            f"\ndriver peak RSS x{last[0]} / x{first[0]}: {last[5] / first[5]:.2f} "
            f"(local engine: {last[3] / first[3]:.2f})"
        )


def _ray_log(line: str) -> bool:
    return any(k in line for k in (" INFO ", " WARNING ", "Token authentication", "DEBUG"))


if __name__ == "__main__":
    main()
