"""JSONL exports (`.jsonl`, `.jsonl.gz`): one page per non-blank line, streamed."""

from __future__ import annotations

import codecs
import json
import zlib
from collections.abc import Iterator
from pathlib import Path

from pagevet.sources.files import open_binary, read_failure
from pagevet.sources.limits import MAX_LINE_BYTES
from pagevet.sources.page import PageRow, id_from_file_name, sha256_hex
from pagevet.sources.records import record_row


def read_jsonl_file(
    path: Path,
    start: int = 0,
    stop: int | None = None,
    line_number: int = 0,
    index: int = 0,
) -> Iterator[PageRow]:
    """Page rows in line order. `offset` is the byte offset of the line (in the decompressed
    stream for `.gz`); `sha256`/`bytes` are of the line's bytes without its line ending, so
    `sha256(file[offset:offset + bytes])` verifies a row. A bad line gives an error row and reading
    goes on; a file that breaks off (truncated gzip) ends with one error row.

    A range of an uncompressed file (`jsonl_ranges`): the lines that start in [start, stop),
    numbered after the `line_number` lines and `index` records before `start`
    (`count_jsonl_range`), so the ranges' rows are the whole file's rows."""
    name = str(path)
    offset = start
    try:
        stream = open_binary(path)
        if start:
            stream.seek(start)
    except OSError as error:
        yield PageRow.failed(id_from_file_name(path), name, "jsonl", read_failure(error), b"")
        return
    with stream:
        while stop is None or offset < stop:
            try:
                line = stream.readline(MAX_LINE_BYTES + 1) or None
                if line is not None and len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                    # A line this long is not a page: skip to its end without holding it.
                    size = len(line) + _skip_line(stream)
                    line_number += 1
                    reason = (
                        f"line {line_number} is {size:,} bytes, over the "
                        f"{MAX_LINE_BYTES // 2**20} MiB cap for one record: not read"
                    )
                    yield PageRow.failed(
                        sha256_hex(line[:4096])[:16], name, "jsonl", reason, b"",
                        record=index, offset=offset,
                    )  # fmt: skip
                    index += 1
                    offset += size
                    continue
            except (OSError, EOFError, zlib.error) as error:
                reason = f"after line {line_number}: {read_failure(error)}"
                yield PageRow.failed(
                    id_from_file_name(path), name, "jsonl", reason, b"", record=index, offset=offset
                )
                return
            if line is None:
                break
            line_number += 1
            body = line.rstrip(b"\r\n")
            if line_number == 1 and body.startswith(codecs.BOM_UTF8):
                # A BOM is no part of the record; it stays counted in the offsets.
                body = body[len(codecs.BOM_UTF8) :]
                offset += len(codecs.BOM_UTF8)
                line = line[len(codecs.BOM_UTF8) :]
            if body.strip():
                yield _line_row(body, name, index, offset, line_number)
                index += 1
            offset += len(line)
    if line_number == 0:
        yield PageRow.failed(id_from_file_name(path), name, "jsonl", "empty file", b"")


def jsonl_ranges(path: Path, range_bytes: int) -> list[tuple[int, int]]:
    """[start, stop) byte ranges of about `range_bytes` covering an uncompressed JSONL file,
    each starting at the start of a line (a line belongs to the range it starts in)."""
    size = path.stat().st_size
    cuts = [0]
    with path.open("rb") as stream:
        while cuts[-1] + range_bytes < size:
            stream.seek(cuts[-1] + range_bytes - 1)
            _skip_line(stream)  # to the start of the next line
            if stream.tell() >= size:
                break
            cuts.append(stream.tell())
    return list(zip(cuts, [*cuts[1:], size], strict=True))


def count_jsonl_range(path: Path, start: int, stop: int) -> tuple[int, int]:
    """(lines, records) that start in [start, stop) of an uncompressed JSONL file, counted as
    `read_jsonl_file` numbers them (a blank line is a line but no record; an over-long line is
    both; the first line's BOM is no part of it)."""
    lines = records = 0
    offset = start
    with path.open("rb") as stream:
        stream.seek(start)
        while offset < stop:
            line = stream.readline(MAX_LINE_BYTES + 1)
            if not line:
                break
            lines += 1
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                records += 1
                offset += len(line) + _skip_line(stream)
                continue
            body = line.rstrip(b"\r\n")
            if start == 0 and lines == 1 and body.startswith(codecs.BOM_UTF8):
                body = body[len(codecs.BOM_UTF8) :]
            records += bool(body.strip())
            offset += len(line)
    return lines, records


def record_lines(path: Path) -> list[int]:
    """The 1-based line number of each record of a JSONL file, by record index (the numbering
    `path#record` uses: blank lines hold no record). Empty when the file cannot be read."""
    lines: list[int] = []
    try:
        with open_binary(path) as stream:
            for number, line in enumerate(stream, start=1):
                if line.strip(b" \t\r\n\xef\xbb\xbf" if number == 1 else b" \t\r\n"):
                    lines.append(number)
    except (OSError, EOFError, zlib.error):
        return lines
    return lines


def _skip_line(stream) -> int:
    """Read past the rest of the current line in bounded chunks; the bytes skipped."""
    skipped = 0
    while chunk := stream.readline(1024 * 1024):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _line_row(body: bytes, path: str, index: int, offset: int, line_number: int) -> PageRow:
    where = f"line {line_number}"
    digest = sha256_hex(body)
    try:
        record = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as error:
        reason = (
            f"{where}: invalid UTF-8 at byte {error.start} ({error.reason}): JSONL must be UTF-8"
        )
        return PageRow.failed(digest[:16], path, "jsonl", reason, body, record=index, offset=offset)
    except ValueError as error:  # JSONDecodeError, or an integer too long to convert
        reason = f"{where}: invalid JSON: {error}"
        return PageRow.failed(digest[:16], path, "jsonl", reason, body, record=index, offset=offset)
    except RecursionError:
        reason = f"{where}: JSON nested too deeply to read"
        return PageRow.failed(digest[:16], path, "jsonl", reason, body, record=index, offset=offset)
    if not isinstance(record, dict):
        reason = f"{where}: expected a JSON object, got {type(record).__name__}"
        return PageRow.failed(digest[:16], path, "jsonl", reason, body, record=index, offset=offset)
    return record_row(
        record,
        page_format="jsonl",
        path=path,
        index=index,
        offset=offset,
        where=where,
        digest=digest,
        size=len(body),
    )
