"""Benchmark pagevet's page reader against Hugging Face `datasets` on one folder of pages.

Each contender runs in its own Python subprocess, so its peak RSS (getrusage ru_maxrss) is its
own and neither benefits from the other's imports. The folder is read once beforehand so both
read from the OS page cache.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONTENDERS = ("pagevet", "hf-text")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "Example:\n"
            "  .venv/bin/python scripts/bench_read.py /tmp/pages --batch-size 256\n\n"
            "pagevet = pagevet.sources.read_pages over the folder;\n"
            'hf-text = datasets.load_dataset("text", data_dir=FOLDER, sample_by="document"),\n'
            "offline, with a fresh temporary cache. MB/s counts the folder's page-file bytes."
        ),
    )
    parser.add_argument("folder", type=Path, help="folder of page files (e.g. NNN_<hash>.txt)")
    parser.add_argument("--batch-size", type=int, default=256, help="read_pages batch size")
    parser.add_argument("--only", choices=CONTENDERS, action="append", help="run only these")
    parser.add_argument("--run-one", choices=CONTENDERS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.folder.is_dir():
        parser.error(f"{args.folder}: not a folder")

    if args.run_one:
        print(json.dumps(_run_one(args.run_one, args.folder, args.batch_size)))
        return

    total_bytes = _warm_cache(args.folder)
    print(f"folder: {args.folder}  ({total_bytes / 1e6:.1f} MB of page files)")
    print(
        f"{'reader':<10} {'pages':>8} {'seconds':>8} {'pages/s':>9} {'MB/s':>7} {'peak RSS MB':>12} {'after import MB':>16}"
    )
    for contender in args.only or CONTENDERS:
        result = _in_subprocess(contender, args.folder, args.batch_size)
        seconds = result["seconds"]
        print(
            f"{contender:<10} {result['pages']:>8} {seconds:>8.2f} {result['pages'] / seconds:>9.0f} "
            f"{total_bytes / 1e6 / seconds:>7.1f} {result['peak_rss_mb']:>12.0f} "
            f"{result['import_rss_mb']:>16.0f}"
        )


def _warm_cache(folder: Path) -> int:
    from pagevet.sources import iter_input_files

    total = 0
    for path in iter_input_files([folder]):
        total += len(path.read_bytes())
    return total


def _in_subprocess(contender: str, folder: Path, batch_size: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-read-") as cache:
        env = {
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "HF_UPDATE_DOWNLOAD_COUNTS": "0",
            "HF_HUB_DISABLE_TELEMETRY": "1",
            "HF_DATASETS_CACHE": cache,
            "HF_HOME": cache,
        }
        command = [sys.executable, __file__, str(folder), "--batch-size", str(batch_size)]
        done = subprocess.run(
            [*command, "--run-one", contender], env=env, capture_output=True, text=True, check=False
        )
    if done.returncode != 0:
        sys.exit(f"{contender} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _run_one(contender: str, folder: Path, batch_size: int) -> dict[str, float]:
    if contender == "pagevet":
        from pagevet.sources import read_pages

        import_rss = _max_rss_mb()
        start = time.perf_counter()
        pages = sum(batch.num_rows for batch in read_pages([folder], batch_size=batch_size))
    else:
        import datasets

        datasets.disable_progress_bars()
        import_rss = _max_rss_mb()
        start = time.perf_counter()
        loaded = datasets.load_dataset("text", data_dir=str(folder), sample_by="document")
        pages = sum(len(split) for split in loaded.values())
    seconds = time.perf_counter() - start
    return {
        "pages": pages,
        "seconds": seconds,
        "peak_rss_mb": _max_rss_mb(),
        "import_rss_mb": import_rss,
    }


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


if __name__ == "__main__":
    main()
