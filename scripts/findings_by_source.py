"""A thin wrapper over `pagevet.analyses.findings_by_source` (the same as `pagevet analyze` or
`python -m pagevet.analyses.findings_by_source`); its docstring says what the analysis shows.

Example:

    python scripts/findings_by_source.py datasets/sample-news
    python scripts/findings_by_source.py datasets/sample-news --by-month --rule nav-spam --csv
"""

from pagevet.analyses.common import run
from pagevet.analyses.findings_by_source import main

if __name__ == "__main__":
    run(main)
