"""Parse time of one long page: is the parser linear in the number of lines?

    python benchmarks/bench_long_page.py                 # 1k, 10k and 100k lines
    python benchmarks/bench_long_page.py --lines 5000 50000 200000

The page is generated (no real text): a menu, then paragraphs of prose with short lines,
teaser links, captions and a repeated widget between them, so every pass of the parser (rules,
line features, model, title, dates) has work on every line. Prints CPU seconds of
`parse_page` (rules to fields, with the shipped model) and microseconds per line for each size:
for a linear parser the last column stays flat as the page grows.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src")]

WORDS = [
    "the",
    "council",
    "said",
    "on",
    "monday",
    "that",
    "new",
    "rules",
    "for",
    "river",
    "transport",
    "would",
    "take",
    "effect",
    "next",
    "year",
    "after",
    "months",
    "of",
    "talks",
    "with",
    "operators",
    "and",
    "local",
    "residents",
    "about",
    "safety",
    "and",
    "noise",
]
SHORT = ["Home", "World", "Business", "Sport", "Share", "Comments (3)", "Read more", "Photo: AP"]


def long_page(lines: int, seed: int = 1) -> str:
    """A page of about `lines` short lines (the issue's case: 100k lines of a few words)."""
    rng = random.Random(seed)
    out = ["Home | World | Business", "Council sets new river transport rules", ""]
    while len(out) < lines:
        kind = rng.random()
        if kind < 0.45:
            n = rng.randint(8, 30)
            out.append(" ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + ".")
        elif kind < 0.8:
            out.append(rng.choice(SHORT))
        elif kind < 0.9:
            out.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 9))).title())
        else:
            out.append("")
    return "\n".join(out[:lines])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = ap.parse_args()
    from pagevet.pages.parse import parse_page

    parse_page("Warm up.\nThe parser and its model are loaded before timing.")
    print("| lines | CPU s | µs per line | content lines |")
    print("|---|---|---|---|")
    for n in args.lines:
        text = long_page(n)
        start = time.process_time()
        page = parse_page(text, url="https://example.com/news/council-sets-river-rules")
        cpu = time.process_time() - start
        content = sum(r in ("lead", "body") for r in page.roles)
        print(f"| {n} | {cpu:.2f} | {cpu / n * 1e6:.0f} | {content} |", flush=True)


if __name__ == "__main__":
    main()
