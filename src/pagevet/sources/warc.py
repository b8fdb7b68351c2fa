"""WARC archives (`.warc`, `.warc.gz`): every HTML `response` record is one page."""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from pagevet.sources.decode import UndecodableError, decode_bytes, html_meta_charset
from pagevet.sources.files import read_failure
from pagevet.sources.html import html_row
from pagevet.sources.limits import MAX_PAGE_BYTES
from pagevet.sources.page import (
    PageRow,
    id_from_file_name,
    iso_date,
    sha256_hex,
    short_hash,
    source_of,
)

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_DRAIN_CHUNK = 64 * 1024


class _DamagedArchiveError(ValueError):
    """Damage warcio reads past without complaint (it stops quietly at a truncated record)."""


def read_warc_file(path: Path) -> Iterator[PageRow]:
    """Page rows in record order. `record` counts pages only, `offset` is the WARC record's
    offset in the (compressed) file, `sha256`/`bytes` are of the HTTP payload after transfer and
    content decoding, the id is sha256(WARC-Target-URI)[:16]. A damaged archive ends with one
    error row after the pages read before the damage."""
    name = str(path)
    pages = 0
    try:
        stream = path.open("rb")
        size = os.fstat(stream.fileno()).st_size
    except OSError as error:
        yield PageRow.failed(id_from_file_name(path), name, "warc", read_failure(error), b"")
        return
    if size == 0:
        stream.close()
        yield PageRow.failed(id_from_file_name(path), name, "warc", "empty file", b"")
        return
    with stream:
        archive = ArchiveIterator(stream)
        while True:
            try:
                found = _next_page(archive, size)
            # warcio has no error hierarchy for bad input: garbage surfaces as ArchiveLoadFailed,
            # header parser errors, gzip/zlib errors, or even AttributeError on a missing URI.
            except Exception as error:
                reason = f"corrupt WARC ({pages} pages read before the damage): {_failure(error)}"
                yield PageRow.failed(
                    id_from_file_name(path), name, "warc", reason, b"", record=pages
                )
                return
            if found is None:
                return
            record, payload, content_type, offset = found
            yield _page(record, payload, content_type, name, pages, offset)
            pages += 1


def _next_page(archive: ArchiveIterator, size: int) -> tuple[ArcWarcRecord, bytes, str, int] | None:
    """The next HTML response (record, payload, content type, offset), or None at a clean end."""
    while (record := next(archive, None)) is not None:
        if not record.format.startswith("warc"):
            raise _DamagedArchiveError(f"not a WARC record (read as {record.format.upper()})")
        if record.rec_type is None or record.length is None:
            # A header cut short still parses, as a record with no type or length.
            raise _DamagedArchiveError(f"incomplete record header at offset {archive.offset}")
        content_type = _html_content_type(record)
        payload = record.content_stream().read(MAX_PAGE_BYTES + 1) if content_type else b""
        while record.raw_stream.read(_DRAIN_CHUNK):
            pass
        missing = getattr(record.raw_stream, "limit", 0)
        offset = int(archive.get_record_offset())
        if missing:
            raise _DamagedArchiveError(
                f"the record at offset {offset} ends {missing} bytes short of its Content-Length"
            )
        if content_type:
            return record, payload, content_type, offset
    if archive.offset < size:
        raise _DamagedArchiveError(
            f"{size - archive.offset} bytes at offset {archive.offset} are not a complete record"
        )
    return None


def _failure(error: BaseException) -> str:
    if isinstance(
        error, _DamagedArchiveError | ArchiveLoadFailed | StatusAndHeadersParserException
    ):
        return str(error)
    if isinstance(error, OSError | EOFError | zlib.error):
        return read_failure(error)
    # warcio trips over a header cut short with AttributeError, TypeError and the like.
    return f"malformed record header ({type(error).__name__}: {error})"


def _html_content_type(record: ArcWarcRecord) -> str | None:
    """The HTTP Content-Type of an HTML response record, else None."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    mime = content_type.split(";", 1)[0].strip().lower()
    return content_type if mime in _HTML_TYPES else None


def _charset(content_type: str) -> str | None:
    for parameter in content_type.split(";")[1:]:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _page(
    record: ArcWarcRecord, payload: bytes, content_type: str, path: str, index: int, offset: int
) -> PageRow:
    url = record.rec_headers.get_header("WARC-Target-URI")
    page_id = short_hash(url) if url else sha256_hex(payload)[:16]
    crawled_at = iso_date(record.rec_headers.get_header("WARC-Date"))
    try:
        if len(payload) > MAX_PAGE_BYTES:
            raise UndecodableError(f"payload larger than {MAX_PAGE_BYTES // 2**20} MiB")
        decoded = decode_bytes(payload, _charset(content_type) or html_meta_charset(payload))
    except UndecodableError as error:
        reason = f"record {index} at offset {offset}: {error}"
        row = PageRow.failed(page_id, path, "warc", reason, payload, record=index, offset=offset)
        row.url, row.source = url, source_of(url)
    else:
        row = html_row(
            decoded.text,
            page_id=page_id,
            path=path,
            record=index,
            offset=offset,
            page_format="warc",
            digest=sha256_hex(payload),
            size=len(payload),
            encoding=decoded.encoding,
            url=url,
        )
        if decoded.note:
            row.note(decoded.note)
    row.crawled_at = crawled_at
    return row
