"""Text-page dumps (`.txt`, `.txt.gz`): the whole file is one page."""

from __future__ import annotations

from pathlib import Path

from pagevet.sources.decode import UndecodableError, clean_text, decode_bytes
from pagevet.sources.files import read_file_bytes
from pagevet.sources.page import PageRow, id_from_file_name, sha256_hex


def read_text_file(path: Path) -> PageRow:
    """One page row; `sha256`/`bytes` are of the file's (decompressed) bytes."""
    name = str(path)
    page_id = id_from_file_name(path)
    read = read_file_bytes(path)
    if read.error is not None:
        return PageRow.failed(page_id, name, "text", read.error, read.data)
    try:
        decoded = decode_bytes(read.data)
    except UndecodableError as error:
        return PageRow.failed(page_id, name, "text", str(error), read.data)
    return PageRow(
        id=page_id,
        path=name,
        record=0,
        offset=None,
        format="text",
        sha256=sha256_hex(read.data),
        bytes=len(read.data),
        encoding=decoded.encoding,
        text=clean_text(decoded.text),
        raw=decoded.text,
        notes=[decoded.note] if decoded.note else None,
    )
