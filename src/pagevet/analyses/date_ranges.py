"""Every year range in the article text of a version with its context phrase and verdict, and
the corpus-level outliers: a named period written with a range few pages use.

`verdict` is "ok" or the kind of date-range-inconsistent finding at that range (order, length,
off-grid, conflict). `corpus` marks a rare range: "rare: 2021-2025 on 12 pages" means the same
keyword names mostly the same years as 2021-2025 on 12 pages. Ranges come from
`pagevet.text.years.year_ranges` over title, lead and body lines (as the rule reads them);
pages are parsed in batches, so the version may be larger than memory.

Example:

    python scripts/date_ranges.py datasets/sample-news --problems
    python scripts/date_ranges.py datasets/sample-news --json > ranges.json
"""

from __future__ import annotations

import polars as pl

from pagevet.analyses import common as _common
from pagevet.report.analyses import scan_version, with_outliers, year_range_rows
from pagevet.rules.date_range_outlier import range_outliers


def main(argv: list[str] | None = None) -> None:
    p = _common.parser(__doc__, prog="pagevet analyze date-ranges")
    _common.add_version_args(p)
    p.add_argument(
        "--problems",
        action="store_true",
        help="only ranges with a finding or a corpus outlier note",
    )
    p.add_argument(
        "--min-common-pages",
        type=int,
        default=2,
        help="pages the common range needs for an outlier (default 2)",
    )
    p.add_argument(
        "--max-ratio",
        type=float,
        default=0.5,
        help="a range is rare at most this share of the common range's pages (default 0.5)",
    )
    _common.add_output_args(p, limit=40, tables=["ranges", "outliers"])
    args = p.parse_args(argv)
    ranges = year_range_rows(scan_version(_common.version_of(args)))
    outliers = range_outliers(
        ranges, min_common_pages=args.min_common_pages, max_ratio=args.max_ratio
    )
    rows = with_outliers(ranges, outliers)
    if args.problems:
        rows = rows.filter((pl.col("verdict") != "ok") | pl.col("corpus").is_not_null())
    problems_first = (pl.col("verdict") == "ok") & pl.col("corpus").is_null()
    rows = rows.sort(problems_first, "source", "id", "n", "pos").select(
        "source",
        "id",
        pl.col("n").alias("line"),
        "range",
        "phrase",
        "keyword",
        "stated_years",
        "verdict",
        "corpus",
    )
    _common.emit(args, {"ranges": rows, "outliers": outliers})


if __name__ == "__main__":
    _common.run(main)
