"""Fit the content/furniture model and the title finder, and write the weights the parser ships.

Labelled lines come from ../shared/eval (cleaning/ line labels; aeb/ and readability/ gold
text) and the generated sample's labels.jsonl. Deterministic: the same inputs give the same
file. Needs the `train` extra (scikit-learn); the parser only reads the exported weights.

Example:

    python scripts/train_roles.py --eval ../shared/eval --sample datasets/sample-news \
        --out src/pagevet/data/content_model.json --cache /tmp/pagevet-lines.parquet

With --smoother, only the smoother (the second stage over the content model's p,
`pagevet.pages.smoothing`) is fitted — on out-of-fold p of two inner site folds, with a
content model of --kind — and written to src/pagevet/data/smoother_model.json; the content
model file is left alone:

    python scripts/train_roles.py --kind hgb --smoother --cache /tmp/pagevet-lines.parquet
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import polars as pl

from pagevet.pages.training import (
    eval_pages,
    labelled_lines,
    sample_pages,
    train,
    train_smoother,
    train_title,
)


def _rounded(x):
    if isinstance(x, float):
        return round(x, 6)
    if isinstance(x, list):
        return [_rounded(v) for v in x]
    if isinstance(x, dict):
        return {k: _rounded(v) for k, v in x.items()}
    return x


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--eval", type=Path, default=Path("../shared/eval"))
    parser.add_argument("--sample", type=Path, default=Path("datasets/sample-news"))
    parser.add_argument("--out", type=Path, default=Path("src/pagevet/data/content_model.json"))
    parser.add_argument("--kind", choices=["logistic", "hgb"], default="hgb",
                        help="content model: gradient-boosted trees (hgb, what ships) or logistic")
    parser.add_argument("--cache", type=Path, help="reuse/write the labelled line features here")
    parser.add_argument(
        "--title-only",
        action="store_true",
        help="keep the content model of --out and refit only the title finder over it",
    )
    parser.add_argument(
        "--smoother",
        action="store_true",
        help="fit only the smoother and write it to --smoother-out",
    )
    parser.add_argument(
        "--smoother-out", type=Path, default=Path("src/pagevet/data/smoother_model.json")
    )
    parser.add_argument("--smoother-kind", choices=["logistic", "hgb"], default="hgb")
    args = parser.parse_args(argv)

    start = time.time()
    pages = eval_pages(args.eval) + sample_pages(args.sample)
    if args.cache and args.cache.is_file():
        frame = pl.read_parquet(args.cache)
    else:
        frame = labelled_lines(pages)
        if args.cache:
            frame.write_parquet(args.cache)
    print(f"{len(pages)} pages, {frame.height} labelled lines ({time.time() - start:.0f} s)")
    if args.smoother:
        weights = _rounded(train_smoother(frame, args.smoother_kind, args.kind))
        out = args.smoother_out
        out.write_text(json.dumps(weights, separators=(",", ":")) + "\n", "utf-8")
        print(f"wrote {out} ({out.stat().st_size} bytes, {time.time() - start:.0f} s)")
        return 0
    if args.title_only:
        weights = json.loads(args.out.read_text("utf-8"))
        weights["title"] = _rounded(train_title(pages, frame, weights))
    else:
        weights = _rounded(train(pages, frame, args.kind))
    args.out.write_text(json.dumps(weights, separators=(",", ":")) + "\n", "utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes, {time.time() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
