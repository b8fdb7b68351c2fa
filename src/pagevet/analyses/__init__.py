"""Polars analyses over a built version, runnable without a checkout:
`pagevet analyze NAME DATASET` or `python -m pagevet.analyses.NAME DATASET`.
`scripts/NAME.py` are thin wrappers over the same `main` functions."""

ANALYSES = ("spam_lines", "findings_by_source", "date_ranges", "slug_report", "compare_versions")
