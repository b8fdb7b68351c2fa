"""Two versions side by side: rows, sources, rule rates and length distributions.

Each table row is one metric with its value in A and in B and the change (B - A). Rows count pages
(raw config: every page read; `readable` and the splits come from the default config), rule
rates are the share of pages flagged, lengths are quantiles of text_chars and nav_char_share
over readable pages. Reads both versions lazily.

Example:

    python scripts/compare_versions.py datasets/sample-news v1.0.0 v1.1.0
    python scripts/compare_versions.py datasets/sample-news v1.0.0        # against the latest
    python scripts/compare_versions.py path/to/versions/v1.0.0 other/versions/v2.0.0 --csv
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pagevet.analyses import common as _common
from pagevet.errors import PagevetError
from pagevet.report.analyses import compare_versions, resolve_version


def versions_of(args: argparse.Namespace) -> tuple[Path, Path]:
    """DATASET A B (version names), DATASET A (A against the latest) or A_FOLDER B_FOLDER
    (version or dataset folders)."""
    if len(args.paths) == 3:
        dataset, a, b = args.paths
        return resolve_version(dataset, a), resolve_version(dataset, b)
    if len(args.paths) == 2 and not Path(args.paths[1]).exists():
        dataset, a = args.paths
        return resolve_version(dataset, a), resolve_version(dataset)
    if len(args.paths) == 2:
        return resolve_version(args.paths[0]), resolve_version(args.paths[1])
    raise PagevetError(
        "give DATASET A B (e.g. datasets/sample-news v1.0.0 v1.1.0) or two version folders"
    )


def main(argv: list[str] | None = None) -> None:
    p = _common.parser(__doc__, prog="pagevet analyze compare-versions")
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="DATASET A B, DATASET A (against the latest), or two version folders (a dataset "
        "folder means its latest version)",
    )
    _common.add_output_args(p, tables=["rows", "sources", "rules", "lengths"])
    args = p.parse_args(argv)
    a, b = versions_of(args)
    if not (args.csv or args.json):
        print(f"A = {a}\nB = {b}\n")
    _common.emit(args, compare_versions(a, b))


if __name__ == "__main__":
    _common.run(main)
