"""Generate the bundled synthetic sample dataset (or a larger one for benchmarks).

    python scripts/make_sample_pages.py datasets/sample-news --pages 200 --seed 7
    python scripts/make_sample_pages.py --pages 20000 --out /tmp/sample-20k

Writes raw/ (text dumps and a JSONL export), labels.jsonl, dataset.toml and README.md into the
folder; the same --pages and --seed always give byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pagevet.errors import PagevetError

# The generator is a development tool beside the package, in tools/samplegen/.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from samplegen import SAMPLE_PAGES, SAMPLE_SEED, summarize, write_sample  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, help="dataset folder to write")
    parser.add_argument("--out", type=Path, help="dataset folder to write (same as FOLDER)")
    parser.add_argument(
        "--pages",
        type=int,
        default=SAMPLE_PAGES,
        help=f"pages to generate (default {SAMPLE_PAGES})",
    )
    parser.add_argument(
        "--seed", type=int, default=SAMPLE_SEED, help=f"random seed (default {SAMPLE_SEED})"
    )
    args = parser.parse_args(argv)
    if (args.folder is None) == (args.out is None):
        parser.error("give the dataset folder once: as FOLDER or as --out")
    folder = args.folder or args.out
    try:
        pages = write_sample(folder, pages=args.pages, seed=args.seed)
    except PagevetError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {len(pages)} pages to {folder}")
    print(json.dumps(summarize(pages), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
