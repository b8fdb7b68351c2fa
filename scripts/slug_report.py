"""Slug verdicts per source (match, truncated, edited, mismatch, unknown) and the pages with the
worst title/slug scores, title and slug side by side.

A verdict column counts pages; `mean_score` averages slug_score over pages with a slug. Reads
the raw config (every page) of a built version, lazily.

Example:

    python scripts/slug_report.py datasets/sample-news --limit 10
    python scripts/slug_report.py datasets/sample-news --csv --table worst --limit 0
"""

from pagevet.analyses.common import run
from pagevet.analyses.slug_report import main

if __name__ == "__main__":
    run(main)
