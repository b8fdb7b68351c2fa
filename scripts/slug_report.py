"""A thin wrapper over `pagevet.analyses.slug_report` (the same as `pagevet analyze` or
`python -m pagevet.analyses.slug_report`); its docstring says what the analysis shows.

Example:

    python scripts/slug_report.py datasets/sample-news --limit 10
    python scripts/slug_report.py datasets/sample-news --csv --table worst --limit 0
"""

from pagevet.analyses.common import run
from pagevet.analyses.slug_report import main

if __name__ == "__main__":
    run(main)
