"""The resident memory of one parse worker as it parses more and more pages.

    python benchmarks/bench_worker_memory.py --pages 16000 [--every 2000] [--batch 256]

A parse worker (`pipeline.ParseStep` in a local engine's worker process) parses batch after
batch for the whole crawl, so anything it keeps from one page to the next grows with the
crawl. This script does what a worker does, in one process: the crawl's site-line counts
first, then `ParseStep` on each batch of generated pages (the sample generator's sites,
written as text dumps to a temporary folder), and prints the process's resident size
(/proc/self/statm) every `--every` pages, with the growth per 1,000 pages after the first
`--every` (when caches are full). Beside it, in the same run, the same loop re-reading the
first batch over and over: a worker that keeps nothing grows in neither.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=16000)
    parser.add_argument("--every", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tools")]
    import polars as pl

    from pagevet.pages.sitelines import merge_site_lines, summarise_page_lines
    from pagevet.pipeline import ParseStep, SiteLinesStep
    from pagevet.sources import read_pages
    from samplegen import generate_pages

    with tempfile.TemporaryDirectory(prefix="pagevet-worker-memory-") as work:
        for page in generate_pages(args.pages, args.seed):
            path = Path(work) / page.site / f"{page.id}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(page.text.encode("utf-8"))
        files = sorted(str(p) for p in Path(work).rglob("*.txt"))
        counts = merge_site_lines(
            summarise_page_lines(pl.from_arrow(SiteLinesStep()(b)))
            for b in read_pages(files, batch_size=args.batch)
        )
        step = ParseStep((), counts)  # type: ignore[arg-type]
        first = next(read_pages(files, batch_size=args.batch))

        def run(label: str, batches) -> list[tuple[int, float]]:
            marks: list[tuple[int, float]] = []
            done, next_mark, start = 0, args.every, time.process_time()
            for batch in batches:
                step(batch)
                done += batch.num_rows
                if done >= next_mark:
                    gc.collect()
                    marks.append((done, rss_mb()))
                    next_mark += args.every
            took = time.process_time() - start
            print(f"{label}: {done} pages, {took:.1f} CPU s")
            for n, mb in marks:
                print(f"  after {n:>7} pages  RSS {mb:7.1f} MB")
            if len(marks) > 1:
                (n0, mb0), (n1, mb1) = marks[0], marks[-1]
                print(
                    f"  growth after the first {n0} pages: {(mb1 - mb0) / (n1 - n0) * 1000:.1f} MB per 1,000 pages"
                )
            return marks

        run("new pages (a crawl)", read_pages(files, batch_size=args.batch))
        repeats = max(1, len(files) // max(1, first.num_rows))
        run("the first batch again and again", (first for _ in range(repeats)))


if __name__ == "__main__":
    main()
