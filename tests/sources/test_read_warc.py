"""WARC archives: HTML responses become pages with URL, date and offset; damage ends the file."""

from __future__ import annotations

import gzip
import hashlib
import io
import unicodedata
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from .helpers import cp1258_bytes, html_page, rows_of, warc_bytes

FIRST = html_page(
    "Phà Cát Lái tăng chuyến dịp cuối tuần",
    [
        "Từ thứ bảy này, bến phà Cát Lái chạy thêm bốn chuyến vào giờ cao điểm buổi sáng.",
        "Ban quản lý khuyến cáo người đi xe máy nên mua vé điện tử để tránh ùn tắc ở cổng soát vé.",
    ],
)
SECOND = html_page(
    "Market stalls reopen after the storm",
    [
        "Traders on the riverside returned on Monday, sweeping mud from the walkways before opening.",
        "The district promised new drainage before the next rainy season, officials said at noon.",
    ],
    charset="windows-1258",
)
RESPONSES = [
    ("https://www.phaxanh.vn/tin/pha-cat-lai", FIRST.encode("utf-8"), "text/html; charset=utf-8"),
    ("https://example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),
    ("http://Harbour.Example.com/market", cp1258_bytes(SECOND), "text/html; charset=windows-1258"),
]


@pytest.mark.parametrize("gzipped", [False, True], ids=["warc", "warc.gz"])
def test_html_responses_become_pages_with_provenance(tmp_path: Path, gzipped: bool) -> None:
    data = warc_bytes(RESPONSES, gzip=gzipped)
    archive = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    archive.write_bytes(data)

    rows = rows_of([archive])

    assert [row["url"] for row in rows] == [RESPONSES[0][0], RESPONSES[2][0]]
    assert [row["record"] for row in rows] == [0, 1]
    assert [row["format"] for row in rows] == ["warc", "warc"]
    assert [row["error"] for row in rows] == [None, None]
    for row, (url, body, _) in zip(rows, [RESPONSES[0], RESPONSES[2]], strict=True):
        assert row["id"] == hashlib.sha256(url.encode()).hexdigest()[:16]
        assert row["sha256"] == hashlib.sha256(body).hexdigest()
        assert row["bytes"] == len(body)
        # The offset points at the record's start in the file as stored.
        start = data[row["offset"] :]
        assert start.startswith(b"\x1f\x8b" if gzipped else b"WARC/1.")
    assert [row["crawled_at"] for row in rows] == [
        "2024-03-01T08:30:00+00:00",
        "2024-03-03T08:30:00+00:00",
    ]
    assert [row["source"] for row in rows] == ["phaxanh.vn", "harbour.example.com"]
    assert rows[0]["text"].endswith("tránh ùn tắc ở cổng soát vé.")
    assert rows[1]["encoding"] == "windows-1258"
    assert rows[1]["title"] == "Market stalls reopen after the storm"
    # raw is as decoded: windows-1258 keeps tone marks as combining characters.
    assert rows[1]["raw"] != SECOND
    assert unicodedata.normalize("NFC", rows[1]["raw"]) == SECOND


def test_a_truncated_warc_gz_keeps_the_pages_before_the_break(tmp_path: Path) -> None:
    whole = warc_bytes(RESPONSES, gzip=True, extra_records=False)
    archive = tmp_path / "cut.warc.gz"
    archive.write_bytes(whole)
    second_record = rows_of([archive])[0]["offset"] + _record_length(whole)
    archive.write_bytes(whole[: second_record + 40])

    rows = rows_of([archive])

    assert len(rows) == 2
    assert rows[0]["error"] is None and rows[0]["url"] == RESPONSES[0][0]
    assert rows[1]["error"] == (
        f"{archive}: corrupt WARC (1 pages read before the damage): "
        f"40 bytes at offset {second_record} are not a complete record"
    )
    assert (rows[1]["record"], rows[1]["text"], rows[1]["id"]) == (1, "", "cut")


def _record_length(data: bytes) -> int:
    archive = ArchiveIterator(io.BytesIO(data))
    next(archive)
    return int(archive.get_record_length())


def test_a_file_that_is_not_a_warc_is_one_error_row(tmp_path: Path) -> None:
    archive = tmp_path / "notes.warc"
    archive.write_text("Đây không phải là tệp WARC.\n", encoding="utf-8")
    packed = tmp_path / "packed.warc.gz"
    packed.write_bytes(gzip.compress(b"still not a warc\n"))
    # Five words on the first line is what warcio takes for an ARC header.

    rows = rows_of([archive, packed])

    assert len(rows) == 2
    for row, path in zip(rows, [archive, packed], strict=True):
        assert row["error"].startswith(f"{path}: corrupt WARC (0 pages read before the damage): ")
        assert (row["text"], row["raw"], row["bytes"]) == ("", "", 0)


def test_a_record_cut_short_is_reported_with_its_offset(tmp_path: Path) -> None:
    whole = warc_bytes(RESPONSES, gzip=False, extra_records=False)
    archive = tmp_path / "short.warc"
    archive.write_bytes(whole[:-30])

    rows = rows_of([archive])

    assert [row["error"] is None for row in rows] == [True, False]
    assert "ends" in rows[1]["error"] and "short of its Content-Length" in rows[1]["error"]
