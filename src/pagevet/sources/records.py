"""One scraper record (a JSONL line or a Parquet row) -> one page row."""

from __future__ import annotations

from collections.abc import Mapping

from pagevet.sources.decode import clean_text
from pagevet.sources.html import html_row
from pagevet.sources.page import PageRow, iso_date, short_hash, source_of

# The record fields a reader looks at; all optional except `text` or `html`.
RECORD_FIELDS = (
    "id",
    "url",
    "title",
    "text",
    "html",
    "date",
    "published_at",
    "crawled_at",
    "source",
    "author",
)


def record_row(
    record: Mapping[str, object],
    *,
    page_format: str,
    path: str,
    index: int,
    offset: int | None,
    where: str,
    digest: str,
    size: int,
) -> PageRow:
    """`where` names the record in error messages ("line 7", "row 12"). The id is the record's
    `id`, else sha256(url)[:16], else sha256(text or html)[:16]. Given only `html`, the main text
    is extracted from it; given `text` too, `text` is used as is and `html` kept as `raw`.
    Record fields win over HTML metadata; the `source` field over the URL's host."""
    notes = [
        f"{where}: field {key!r} is a JSON {type(value).__name__}, not a string: ignored"
        for key in RECORD_FIELDS
        if isinstance(value := record.get(key), dict | list | tuple)
    ]
    url = _string(record.get("url"))
    given_id = _string(record.get("id"))
    text, html = _content(record.get("text")), _content(record.get("html"))
    content = text or html
    page_id = given_id or (
        short_hash(url) if url else short_hash(content) if content else digest[:16]
    )
    if content is None:
        row = PageRow(
            id=page_id,
            path=path,
            record=index,
            offset=offset,
            format=page_format,
            sha256=digest,
            bytes=size,
            error=f"{path}: {where}: record has neither 'text' nor 'html' (a non-empty string)",
        )
    elif text is None:
        row = html_row(
            content,
            page_id=page_id,
            path=path,
            record=index,
            offset=offset,
            page_format=page_format,
            digest=digest,
            size=size,
            encoding="utf-8",
            url=url,
        )
    else:
        row = PageRow(
            id=page_id,
            path=path,
            record=index,
            offset=offset,
            format=page_format,
            sha256=digest,
            bytes=size,
            encoding="utf-8",
            text=clean_text(text),
            raw=html or text,
        )
    row.url = url or row.url
    row.title = _clean(record.get("title")) or row.title
    row.author = _clean(record.get("author")) or row.author
    row.published_at = (
        iso_date(record.get("published_at") or record.get("date")) or row.published_at
    )
    row.crawled_at = iso_date(record.get("crawled_at"))
    row.source = _clean(record.get("source")) or source_of(url) or row.source
    if notes:
        row.notes = [*(row.notes or []), *notes]
    return row


def _string(value: object) -> str | None:
    """A scalar field as text; objects and arrays are no id, url or title (the caller notes
    that they were ignored)."""
    if value is None or isinstance(value, dict | list | tuple):
        return None
    text = str(value).strip()
    return text or None


def _content(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _clean(value: object) -> str | None:
    text = _string(value)
    return clean_text(text) if text else None
