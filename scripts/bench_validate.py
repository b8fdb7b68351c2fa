"""Benchmark: the default suite on synthetic pages, GX handed the whole frame vs only the
columns the suite reads.

    .venv/bin/python scripts/bench_validate.py [--rows 100000 1000000] [--suite checks/pages.json]

Each (rows, mode) runs in a fresh process, so peak RSS belongs to that configuration alone.
Seconds cover `run_suite` (polars -> Arrow -> pandas, GX validation, example ids), after GX is
imported and warmed up; "RSS before" is the process after building the table.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

MODES = ("whole", "needed")


def measure(rows: int, mode: str, suite_path: str) -> dict[str, float | int | str | bool]:
    import pagevet.suites.run as run
    from pagevet.suites import load_suite, run_suite
    from pagevet.suites.synthetic import synthetic_pages

    suite = load_suite(suite_path)
    run_suite(synthetic_pages(100), suite)  # import and warm GX up outside the timing
    frame = synthetic_pages(rows)
    if mode == "whole":
        # What a naive integration does: hand GX every column (text, findings lists, ...).
        run._gx_columns = lambda frame, suite: list(frame.columns)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    result = run_suite(frame, suite)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "rows": rows,
        "mode": mode,
        "columns": len(result.columns),
        "seconds": round(seconds, 2),
        "rss_before_mb": round(before),
        "peak_rss_mb": round(peak),
        "success": result.success,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--suite", default="checks/pages.json")
    parser.add_argument("--one", nargs=2, metavar=("ROWS", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(int(args.one[0]), args.one[1], args.suite)))
        return
    header = f"{'rows':>9}  {'mode':<6}  {'columns':>7}  {'seconds':>7}  {'RSS before MB':>13}  {'peak RSS MB':>11}"
    print(header)
    for rows in args.rows:
        for mode in MODES:
            out = subprocess.run(
                [
                    sys.executable,
                    str(Path(__file__)),
                    "--suite",
                    args.suite,
                    "--one",
                    str(rows),
                    mode,
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            r = json.loads(out.strip().splitlines()[-1])
            print(
                f"{r['rows']:>9,}  {r['mode']:<6}  {r['columns']:>7}  {r['seconds']:>7.2f}  "
                f"{r['rss_before_mb']:>13,}  {r['peak_rss_mb']:>11,}",
                flush=True,
            )


if __name__ == "__main__":
    main()
