"""The most frequent navigation, teaser, artifact and spam lines of each source, with the number
of pages holding them: what to add to a site's marker list.

Reads the raw config of a built version (page_text with line_roles), lazily. A line counts once
per page; lines on fewer than --min-pages pages are left out.

Example:

    python scripts/spam_lines.py datasets/sample-news --per-source 5
    python scripts/spam_lines.py datasets/sample-news/versions/v1.0.0 --roles nav --csv
"""

from pagevet.analyses.common import run
from pagevet.analyses.spam_lines import main

if __name__ == "__main__":
    run(main)
