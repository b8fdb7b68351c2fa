"""Slug verdicts per source (match, truncated, edited, mismatch, unknown) and the pages with the
worst title/slug scores, title and slug side by side.

A verdict column counts pages; `mean_score` averages slug_score over pages with a slug. Reads
the raw config (every page) of a built version, lazily.

Example:

    python scripts/slug_report.py datasets/sample-news --limit 10
    python scripts/slug_report.py datasets/sample-news --csv --table worst --limit 0
"""

from __future__ import annotations

from pagevet.analyses import common as _common
from pagevet.report.analyses import scan_version, slug_verdicts_by_source, worst_slugs


def main(argv: list[str] | None = None) -> None:
    p = _common.parser(__doc__, prog="pagevet analyze slug-report")
    _common.add_version_args(p)
    p.add_argument(
        "--limit", type=int, default=15, help="worst pages to list (default 15; 0 for all)"
    )
    _common.add_output_args(p, tables=["verdicts", "worst"])
    args = p.parse_args(argv)
    pages = scan_version(_common.version_of(args))
    worst = worst_slugs(pages, limit=args.limit or None).collect()
    _common.emit(
        args,
        {"verdicts": slug_verdicts_by_source(pages), "worst": worst},
        limit=0,
    )


if __name__ == "__main__":
    _common.run(main)
