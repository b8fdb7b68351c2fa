"""Finding rates per source, rule and severity, optionally per publication month.

`pages` is the number of pages in the group (source, or source and month), `flagged` the pages
with at least one finding of that rule and severity, `rate` = flagged / pages, and `findings`
the number of findings. Reads the raw config (every page) of a built version, lazily.

Example:

    python scripts/findings_by_source.py datasets/sample-news
    python scripts/findings_by_source.py datasets/sample-news --by-month --rule nav-spam --csv
"""

from __future__ import annotations

import polars as pl

from pagevet.analyses import common as _common
from pagevet.report.analyses import findings_by_source, scan_version


def main(argv: list[str] | None = None) -> None:
    p = _common.parser(__doc__, prog="pagevet analyze findings-by-source")
    _common.add_version_args(p)
    p.add_argument("--by-month", action="store_true", help="also group by publication month")
    p.add_argument("--rule", action="append", help="only this rule (repeatable)")
    p.add_argument("--severity", choices=["error", "warning", "info"], help="only this severity")
    _common.add_output_args(p, limit=0)
    args = p.parse_args(argv)
    rates = findings_by_source(scan_version(_common.version_of(args)), by_month=args.by_month)
    if args.rule:
        rates = rates.filter(pl.col("rule").is_in(args.rule))
    if args.severity:
        rates = rates.filter(severity=args.severity)
    _common.emit(args, {"finding rates": rates.collect()})


if __name__ == "__main__":
    _common.run(main)
