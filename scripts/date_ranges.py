"""A thin wrapper over `pagevet.analyses.date_ranges` (the same as `pagevet analyze` or
`python -m pagevet.analyses.date_ranges`); its docstring says what the analysis shows.

Example:

    python scripts/date_ranges.py datasets/sample-news --problems
    python scripts/date_ranges.py datasets/sample-news --json > ranges.json
"""

from pagevet.analyses.common import run
from pagevet.analyses.date_ranges import main

if __name__ == "__main__":
    run(main)
