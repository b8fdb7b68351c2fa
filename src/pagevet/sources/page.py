"""One page row (the RAW_SCHEMA columns) and the rules for its id, source and dates."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

from pagevet.sources.decode import clean_text

# Compression and format suffixes removed from a file name to get its id ("x.html.gz" -> "x").
_ID_SUFFIXES = (".gz", ".txt", ".html", ".htm", ".warc", ".jsonl", ".parquet")
# Dump files are named "<index>_<hash>.txt"; the hash alone is the stable id.
_DUMP_NAME = re.compile(r"^\d+_([0-9a-fA-F]{8,64})$")
_SLASHED_DATE = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")


@dataclass(slots=True)
class PageRow:
    """The columns of RAW_SCHEMA, in order; readers fill what they know."""

    id: str
    path: str
    record: int
    offset: int | None
    format: str
    sha256: str
    bytes: int
    encoding: str | None = None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published_at: str | None = None
    crawled_at: str | None = None
    source: str | None = None
    text: str = ""
    raw: str = ""
    error: str | None = None
    notes: list[str] | None = None  # what the reader cut or changed, each becomes a finding

    def note(self, message: str) -> None:
        self.notes = [*(self.notes or []), message]

    @classmethod
    def failed(
        cls,
        page_id: str,
        path: str,
        page_format: str,
        reason: str,
        data: bytes,
        *,
        record: int = 0,
        offset: int | None = None,
    ) -> PageRow:
        """The row of a page that could not be read: empty text, the reason, and what was read."""
        return cls(
            id=page_id,
            path=path,
            record=record,
            offset=offset,
            format=page_format,
            sha256=sha256_hex(data),
            bytes=len(data),
            error=f"{path}: {reason}",
        )


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def short_hash(value: str) -> str:
    """The id of a page known only by its URL or content: the first 16 hex chars of sha256."""
    return sha256_hex(value.encode("utf-8"))[:16]


def id_from_file_name(path: Path) -> str:
    """`000_7c163b9f9ddf6534.txt` -> `7c163b9f9ddf6534`; any other name -> its stem."""
    stem = path.name
    while stem.lower().endswith(_ID_SUFFIXES):
        stem = stem[: stem.rfind(".")]
    match = _DUMP_NAME.match(stem)
    return match.group(1) if match else stem


def source_of(url: str | None, sitename: str | None = None) -> str | None:
    """The site of a page: the URL's host lowercased without "www.", else the site name."""
    if url:
        try:
            host = urlsplit(url.strip()).hostname
        except ValueError:
            host = None
        if host:
            return host.removeprefix("www.")
    return (clean_text(sitename).strip() or None) if sitename else None


def iso_date(value: object) -> str | None:
    """A metadata date as an ISO string. Unambiguous forms ("20210427", "2021/04/27",
    "2021-04-27T10:00:00Z", RFC 2822) are normalised; anything else is passed through as given,
    because day-first and month-first dates cannot be told apart here."""
    if value is None or isinstance(value, dict | list | tuple):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    if match := _SLASHED_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return text
    # date first: datetime.fromisoformat would turn "2021-04-27" into a midnight datetime.
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(text).isoformat()
        except ValueError:
            pass
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        return text
