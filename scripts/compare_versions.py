"""A thin wrapper over `pagevet.analyses.compare_versions` (the same as `pagevet analyze` or
`python -m pagevet.analyses.compare_versions`); its docstring says what the analysis shows.

Example:

    python scripts/compare_versions.py datasets/sample-news v1.0.0 v1.1.0
    python scripts/compare_versions.py datasets/sample-news v1.0.0        # against the latest
    python scripts/compare_versions.py path/to/versions/v1.0.0 other/versions/v2.0.0 --csv
"""

from pagevet.analyses.common import run
from pagevet.analyses.compare_versions import main

if __name__ == "__main__":
    run(main)
