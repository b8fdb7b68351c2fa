"""Opening input files (plain or gzip) and turning IO failures into readable reasons."""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pagevet.sources.limits import MAX_PAGE_BYTES

_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class FileBytes:
    data: bytes  # the (decompressed) bytes read, possibly partial when `error` is set
    error: str | None


def open_binary(path: Path) -> BinaryIO:
    """The file's bytes as a stream, gunzipped on the fly when the name ends in `.gz`."""
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def read_failure(error: BaseException) -> str:
    """Why reading stopped, in words a user can act on."""
    if isinstance(error, EOFError):
        return f"truncated gzip: {error}"
    if isinstance(error, gzip.BadGzipFile | zlib.error):
        return f"corrupt gzip: {error}"
    if isinstance(error, PermissionError):
        return "permission denied: make the file readable (chmod +r) or leave it out"
    if isinstance(error, IsADirectoryError):
        return "is a directory, not a page file"
    if isinstance(error, OSError):
        return f"cannot read: {error.strerror or error}"
    return f"{type(error).__name__}: {error}"


def read_file_bytes(path: Path) -> FileBytes:
    """All bytes of a single-page file, or what could be read and why it stopped."""
    data = bytearray()
    try:
        with open_binary(path) as stream:
            while chunk := stream.read(_CHUNK):
                data += chunk
                if len(data) > MAX_PAGE_BYTES:
                    return FileBytes(
                        bytes(data),
                        f"larger than {MAX_PAGE_BYTES // 2**20} MiB (after decompression), too "
                        f"big for one page: not read past the first {len(data):,} bytes; split "
                        "it, or export the crawl as JSONL/WARC",
                    )
    except (OSError, EOFError, zlib.error) as error:
        return FileBytes(bytes(data), read_failure(error))
    return FileBytes(bytes(data), None)
