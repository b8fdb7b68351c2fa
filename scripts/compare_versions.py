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

from pagevet.analyses.common import run
from pagevet.analyses.compare_versions import main

if __name__ == "__main__":
    run(main)
