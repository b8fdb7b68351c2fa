"""Raw page batches -> parsed page rows (one Arrow row per page, the data model's columns)."""

from __future__ import annotations

import json

import pyarrow as pa

from pagevet.pages.markers import Markers, load_markers
from pagevet.pages.parse import PageInput, ParsedPage, ParseParams, parse_pages
from pagevet.text.lang import detect_language

LINE_ROLE = pa.struct([pa.field("n", pa.int32()), pa.field("role", pa.string())])
FINDING = pa.struct(
    [
        pa.field("rule", pa.string()),
        pa.field("severity", pa.string()),
        pa.field("line", pa.int32()),
        pa.field("message", pa.string()),
        pa.field("evidence", pa.string()),  # JSON: its shape differs per rule
    ]
)

PAGE_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string()),
        pa.field("source", pa.string()),
        pa.field("url", pa.string()),
        pa.field("slug", pa.string()),
        pa.field("slug_from", pa.string()),
        pa.field("title", pa.string()),
        pa.field("title_line", pa.int32()),
        pa.field("title_from", pa.string()),  # "metadata" or "page"
        pa.field("title_confidence", pa.float64()),  # 0..1, null when there is no title
        pa.field("lead", pa.string()),
        pa.field("text", pa.string()),
        pa.field("byline", pa.string()),
        pa.field("published_at", pa.date32()),
        pa.field("published_from", pa.string()),
        pa.field("crawled_at", pa.date32()),
        pa.field("crawled_from", pa.string()),
        pa.field("language", pa.string()),
        pa.field("language_score", pa.float64()),
        pa.field("text_chars", pa.int64()),
        pa.field("line_roles", pa.list_(LINE_ROLE)),
        pa.field("findings", pa.list_(FINDING)),
        pa.field("raw", pa.string()),
        pa.field("page_text", pa.string()),  # the text the roles number (HTML: extracted text)
        pa.field("path", pa.string()),
        pa.field("record", pa.int64()),
        pa.field("format", pa.string()),
        pa.field("sha256", pa.string()),
        pa.field("bytes", pa.int64()),
        pa.field("encoding", pa.string()),
        pa.field("read_error", pa.string()),  # why the reader failed (rule unreadable-page)
    ]
)


def _page_input(row: dict) -> PageInput:
    return PageInput(
        row["text"] or "",
        title=row.get("title"),
        url=row.get("url"),
        source=row.get("source"),
        published_at=row.get("published_at"),
        crawled_at=row.get("crawled_at"),
        path=row.get("path"),
    )


def page_row(row: dict, page: ParsedPage) -> dict:
    """One raw page (a RAW_SCHEMA row as a dict) and its parse -> one PAGE_SCHEMA row."""
    text = row["text"] or ""
    language, score = detect_language(page.text or text)
    return {
        "id": row["id"],
        "source": page.source,
        "url": row.get("url"),
        "slug": page.slug,
        "slug_from": page.slug_from,
        "title": page.title,
        "title_line": page.title_line,
        "title_from": page.title_from,
        "title_confidence": page.title_confidence,
        "lead": page.lead,
        "text": page.text,
        "byline": page.byline,
        "published_at": page.published_at,
        "published_from": page.published_from,
        "crawled_at": page.crawled_at,
        "crawled_from": page.crawled_from,
        "language": language,
        "language_score": score,
        "text_chars": len(page.text),
        "line_roles": [{"n": n, "role": r} for n, r in enumerate(page.roles, start=1)],
        "findings": reader_findings(row),
        "raw": row["raw"],
        "page_text": text,
        "path": row["path"],
        "record": row["record"],
        "format": row["format"],
        "sha256": row["sha256"],
        "bytes": row["bytes"],
        "encoding": row.get("encoding"),
        "read_error": row.get("error"),
    }


def reader_findings(row: dict) -> list[dict]:
    """What the reader cut or changed in a page it could read (RAW_SCHEMA `notes`): warnings of
    the unreadable-page rule, so a page read only in part is never silently incomplete."""
    return [
        {
            "rule": "unreadable-page",
            "severity": "warning",
            "line": None,
            "message": f"{row['path']}: {note}",
            "evidence": json.dumps({"path": row["path"], "note": note}, ensure_ascii=False),
        }
        for note in row.get("notes") or []
    ]


def parse_batch(
    batch: pa.RecordBatch | pa.Table,
    markers: Markers | None = None,
    params: ParseParams | None = None,
) -> pa.Table:
    """Parse every raw page of a batch (line features over the whole batch at once); the
    result has PAGE_SCHEMA."""
    params = params or ParseParams(markers=markers or load_markers())
    rows = batch.to_pylist()
    parsed = parse_pages([_page_input(r) for r in rows], params)
    out = [page_row(row, page) for row, page in zip(rows, parsed, strict=True)]
    return pa.Table.from_pylist(out, schema=PAGE_SCHEMA)
