"""Readers: text-page folders, HTML, WARC, JSONL, Parquet -> Arrow batches of raw pages."""

from pagevet.sources.reader import iter_input_files, read_pages, require_page_files
from pagevet.sources.schema import RAW_SCHEMA

__all__ = ["RAW_SCHEMA", "iter_input_files", "read_pages", "require_page_files"]
