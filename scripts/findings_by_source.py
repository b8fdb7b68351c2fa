"""Finding rates per source, rule and severity, optionally per publication month.

`pages` is the number of pages in the group (source, or source and month), `flagged` the pages
with at least one finding of that rule and severity, `rate` = flagged / pages, and `findings`
the number of findings. Reads the raw config (every page) of a built version, lazily.

Example:

    python scripts/findings_by_source.py datasets/sample-news
    python scripts/findings_by_source.py datasets/sample-news --by-month --rule nav-spam --csv
"""

from pagevet.analyses.common import run
from pagevet.analyses.findings_by_source import main

if __name__ == "__main__":
    run(main)
