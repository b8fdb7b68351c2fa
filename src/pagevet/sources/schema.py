"""The contract between readers and the rest of the pipeline: one Arrow row per page read."""

from __future__ import annotations

import pyarrow as pa

# Every reader yields record batches with exactly these columns, in this order.
RAW_SCHEMA = pa.schema(
    [
        pa.field(
            "id", pa.string(), nullable=False
        ),  # stable page id (file hash, record id, sha256)
        pa.field("path", pa.string(), nullable=False),  # file the page came from
        pa.field(
            "record", pa.int64(), nullable=False
        ),  # index of the page inside its file (0 for one-page files)
        pa.field(
            "offset", pa.int64()
        ),  # byte offset of the record (WARC, JSONL line start), else null
        pa.field("format", pa.string(), nullable=False),  # text | html | warc | jsonl | parquet
        pa.field("sha256", pa.string(), nullable=False),  # of the page's own bytes
        pa.field("bytes", pa.int64(), nullable=False),  # size of the page's own bytes
        pa.field("encoding", pa.string()),  # encoding used to decode, null when unreadable
        pa.field("url", pa.string()),
        pa.field(
            "title", pa.string()
        ),  # title from metadata (HTML <title>/og, JSONL field), not parsed
        pa.field("author", pa.string()),
        pa.field("published_at", pa.string()),  # ISO date/datetime from metadata as given
        pa.field("crawled_at", pa.string()),  # ISO date/datetime from metadata (WARC-Date, field)
        pa.field("source", pa.string()),  # site from metadata
        pa.field(
            "text", pa.string(), nullable=False
        ),  # text to parse: the dump itself, or main text of HTML (NFC)
        pa.field(
            "raw", pa.string(), nullable=False
        ),  # the page as read, lossless (HTML kept as HTML)
        pa.field(
            "error", pa.string()
        ),  # why the page could not be read ("unreadable-page"), else null
        pa.field("notes", pa.list_(pa.string())),  # what the reader cut or changed (a finding each)
    ]
)
