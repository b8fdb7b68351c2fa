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

from pagevet.analyses.common import run
from pagevet.analyses.date_ranges import main

if __name__ == "__main__":
    run(main)
