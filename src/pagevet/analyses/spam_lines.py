"""The most frequent navigation, teaser, artifact and spam lines of each source, with the number
of pages holding them: what to add to a site's marker list.

Reads the raw config of a built version (page_text with line_roles), lazily. A line counts once
per page; lines on fewer than --min-pages pages are left out.

Example:

    python scripts/spam_lines.py datasets/sample-news --per-source 5
    python scripts/spam_lines.py datasets/sample-news/versions/v1.0.0 --roles nav --csv
"""

from __future__ import annotations

from pagevet.analyses import common as _common
from pagevet.pages.roles import FURNITURE
from pagevet.report.analyses import scan_version, spam_lines


def main(argv: list[str] | None = None) -> None:
    p = _common.parser(__doc__, prog="pagevet analyze spam-lines")
    _common.add_version_args(p)
    p.add_argument(
        "--roles",
        default=",".join(FURNITURE),
        help=f"comma-separated line roles to count (default {','.join(FURNITURE)})",
    )
    p.add_argument("--source", help="only this source (as shown; '(unknown)' for none)")
    p.add_argument("--per-source", type=int, default=10, help="lines per source (default 10)")
    p.add_argument("--min-pages", type=int, default=2, help="minimum pages per line (default 2)")
    _common.add_output_args(p)
    args = p.parse_args(argv)
    lines = spam_lines(
        scan_version(_common.version_of(args)),
        roles=[r.strip() for r in args.roles.split(",") if r.strip()],
        min_pages=args.min_pages,
        per_source=args.per_source if args.per_source > 0 else None,
    )
    if args.source:
        lines = lines.filter(source=args.source)
    _common.emit(args, {"spam lines": lines.collect()})


if __name__ == "__main__":
    _common.run(main)
