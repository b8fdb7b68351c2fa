"""A thin wrapper over `pagevet.analyses.spam_lines` (the same as `pagevet analyze` or
`python -m pagevet.analyses.spam_lines`); its docstring says what the analysis shows.

Example:

    python scripts/spam_lines.py datasets/sample-news --per-source 5
    python scripts/spam_lines.py datasets/sample-news/versions/v1.0.0 --roles nav --csv
"""

from pagevet.analyses.common import run
from pagevet.analyses.spam_lines import main

if __name__ == "__main__":
    run(main)
