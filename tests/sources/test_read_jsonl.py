"""JSONL exports: one row per line, id rules, dates, offsets, and bad lines that do not stop reading."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

from .helpers import EN_TEXT, VI_TEXT, html_page, rows_of

RECORDS = [
    {
        "id": "vn-0001",
        "url": "https://www.Baothu.vn/kinh-te/che-tan-cuong.html",
        "title": "Chè Tân Cương",
        "text": VI_TEXT,
        "date": "20210427",
        "crawled_at": "2021-04-28T10:00:00Z",
        "author": "Nguyễn Văn Đức",
    },
    {"url": "https://harbour.example.com/ferry", "text": EN_TEXT, "published_at": "27/04/2021"},
    {"text": "Chỉ có nội dung, không có địa chỉ.", "source": "Bản tin nội bộ"},
]


def write_jsonl(path: Path, lines: list[str]) -> list[bytes]:
    encoded = [line.encode("utf-8") for line in lines]
    path.write_bytes(b"".join(line + b"\n" for line in encoded))
    return encoded


def test_each_line_is_a_page_with_ids_dates_and_provenance(tmp_path: Path) -> None:
    export = tmp_path / "pages.jsonl"
    lines = write_jsonl(export, [json.dumps(record, ensure_ascii=False) for record in RECORDS])
    data = export.read_bytes()

    rows = rows_of([export])

    assert len(rows) == 3
    assert [row["error"] for row in rows] == [None, None, None]
    assert [row["format"] for row in rows] == ["jsonl"] * 3
    assert [row["record"] for row in rows] == [0, 1, 2]
    assert [row["id"] for row in rows] == [
        "vn-0001",
        hashlib.sha256(b"https://harbour.example.com/ferry").hexdigest()[:16],
        hashlib.sha256("Chỉ có nội dung, không có địa chỉ.".encode()).hexdigest()[:16],
    ]
    for row, line in zip(rows, lines, strict=True):
        assert row["sha256"] == hashlib.sha256(line).hexdigest()
        assert data[row["offset"] : row["offset"] + row["bytes"]] == line
    assert rows[0]["published_at"] == "2021-04-27"
    assert rows[0]["crawled_at"] == "2021-04-28T10:00:00+00:00"
    # Day-first or month-first cannot be told apart: passed through as given.
    assert rows[1]["published_at"] == "27/04/2021"
    assert [row["source"] for row in rows] == ["baothu.vn", "harbour.example.com", "Bản tin nội bộ"]
    assert (rows[0]["title"], rows[0]["author"]) == ("Chè Tân Cương", "Nguyễn Văn Đức")
    assert rows[0]["text"] == rows[0]["raw"] == VI_TEXT


def test_an_html_field_is_extracted_and_kept_as_raw(tmp_path: Path) -> None:
    html = html_page(
        "Thư viện mở cửa đến khuya",
        [
            "Thư viện tỉnh kéo dài giờ mở cửa đến mười giờ đêm trong mùa thi để học sinh ôn bài.",
            "Ban giám đốc cho biết sẽ bố trí thêm chỗ ngồi và ổ cắm điện ở tầng hai của tòa nhà.",
        ],
    )
    export = tmp_path / "html.jsonl"
    write_jsonl(export, [json.dumps({"url": "https://thuvien.example.vn/a", "html": html})])

    [row] = rows_of([export])

    assert row["raw"] == html
    assert row["text"].split("\n")[-1].startswith("Ban giám đốc cho biết")
    assert row["title"] == "Thư viện mở cửa đến khuya"
    assert row["url"] == "https://thuvien.example.vn/a"


def test_a_bad_line_is_one_error_row_and_the_others_are_read(tmp_path: Path) -> None:
    export = tmp_path / "mixed.jsonl"
    good = [json.dumps(record, ensure_ascii=False) for record in RECORDS]
    write_jsonl(
        export,
        [
            good[0],
            '{"text": "thiếu dấu ngoặc"',
            good[1],
            json.dumps({"title": "Không có nội dung"}),
            "",
        ],
    )

    rows = rows_of([export])

    assert len(rows) == 4  # the blank last line is no record
    assert [row["error"] is None for row in rows] == [True, False, True, False]
    assert rows[1]["error"].startswith(f"{export}: line 2: invalid JSON: ")
    assert (rows[1]["text"], rows[1]["record"]) == ("", 1)
    assert rows[3]["error"] == (
        f"{export}: line 4: record has neither 'text' nor 'html' (a non-empty string)"
    )
    assert rows[3]["title"] == "Không có nội dung"


def test_invalid_utf8_in_a_line_is_an_error_row(tmp_path: Path) -> None:
    export = tmp_path / "latin.jsonl"
    export.write_bytes(b'{"text": "caf\xe9"}\n' + json.dumps({"text": EN_TEXT}).encode() + b"\n")

    rows = rows_of([export])

    assert rows[0]["error"].startswith(f"{export}: line 1: invalid UTF-8")
    assert rows[1]["text"] == EN_TEXT


def test_a_truncated_gzip_keeps_the_lines_before_the_break(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"p{index}", "text": VI_TEXT * 20}) for index in range(40)]
    packed = gzip.compress("\n".join(lines).encode("utf-8"))
    export = tmp_path / "cut.jsonl.gz"
    export.write_bytes(packed[: len(packed) // 2])

    rows = rows_of([export])

    good, [broken] = rows[:-1], rows[-1:]
    assert good and all(row["error"] is None for row in good)
    assert [row["id"] for row in good] == [f"p{index}" for index in range(len(good))]
    assert broken["error"] == (
        f"{export}: after line {len(good)}: truncated gzip: "
        "Compressed file ended before the end-of-stream marker was reached"
    )
    assert (broken["id"], broken["record"]) == ("cut", len(good))


def test_an_empty_file_is_an_error_row(tmp_path: Path) -> None:
    export = tmp_path / "nothing.jsonl"
    export.write_bytes(b"")

    [row] = rows_of([export])

    assert row["error"] == f"{export}: empty file"


def test_a_given_text_wins_over_extraction_and_the_html_stays_raw(tmp_path: Path) -> None:
    html = html_page("Bản tin", ["Một đoạn văn trong trang gốc, dài vừa đủ để được trích ra."])
    export = tmp_path / "both.jsonl"
    write_jsonl(
        export, [json.dumps({"id": "b1", "text": "Văn bản\r\ndo bộ cào ghi.", "html": html})]
    )

    [row] = rows_of([export])

    assert (row["text"], row["raw"], row["error"]) == ("Văn bản\ndo bộ cào ghi.", html, None)
