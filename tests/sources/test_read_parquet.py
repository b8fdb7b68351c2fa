"""Parquet exports: streamed rows, canonical-JSON provenance, typed dates, and corrupt files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .helpers import EN_TEXT, VI_TEXT, rows_of


def test_rows_become_pages_across_row_groups(tmp_path: Path) -> None:
    table = pa.table(
        {
            "id": [f"row-{index}" for index in range(5)],
            "url": [f"https://www.tin.example.vn/bai-{index}" for index in range(5)],
            "text": [VI_TEXT, EN_TEXT, VI_TEXT, EN_TEXT, VI_TEXT],
            "published_at": [dt.date(2023, 5, index + 1) for index in range(5)],
            "crawled_at": [dt.datetime(2023, 6, 1, 9, index) for index in range(5)],
            "ignored": list(range(5)),
        }
    )
    export = tmp_path / "pages.parquet"
    pq.write_table(table, export, row_group_size=2)

    rows = rows_of([export])

    assert [row["id"] for row in rows] == [f"row-{index}" for index in range(5)]
    assert [row["record"] for row in rows] == list(range(5))
    assert {row["format"] for row in rows} == {"parquet"}
    assert {row["offset"] for row in rows} == {None}
    assert rows[0]["published_at"] == "2023-05-01"
    assert rows[2]["crawled_at"] == "2023-06-01T09:02:00"
    assert rows[1]["source"] == "tin.example.vn"
    assert rows[1]["text"] == EN_TEXT
    # A Parquet row has no bytes of its own: its known fields are hashed as canonical JSON.
    first = {
        key: value for key, value in table.slice(0, 1).to_pylist()[0].items() if key != "ignored"
    }
    canonical = json.dumps(
        first, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode("utf-8")
    assert rows[0]["sha256"] == hashlib.sha256(canonical).hexdigest()
    assert rows[0]["bytes"] == len(canonical)


def test_html_rows_and_rows_without_content(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Giá lúa tăng nhẹ</title></head><body><article>"
        "<p>Giá lúa tại các tỉnh đồng bằng tăng nhẹ trong tuần qua nhờ nhu cầu xuất khẩu ổn định.</p>"
        "<p>Thương lái cho biết lượng hàng về chợ đầu mối đều, chất lượng hạt tốt hơn vụ trước.</p>"
        "</article></body></html>"
    )
    export = tmp_path / "mixed.parquet"
    pq.write_table(pa.table({"html": [html, None], "title": [None, "Trống"]}), export)

    rows = rows_of([export])

    assert rows[0]["error"] is None and rows[0]["raw"] == html
    assert rows[0]["title"] == "Giá lúa tăng nhẹ"
    assert rows[0]["text"].endswith("chất lượng hạt tốt hơn vụ trước.")
    assert rows[1]["error"] == (
        f"{export}: row 1: record has neither 'text' nor 'html' (a non-empty string)"
    )


def test_a_corrupt_parquet_is_one_error_row_and_the_others_are_read(tmp_path: Path) -> None:
    good = tmp_path / "a.parquet"
    pq.write_table(pa.table({"text": [VI_TEXT, EN_TEXT]}), good)
    corrupt = tmp_path / "b.parquet"
    corrupt.write_bytes(b"PAR1" + b"\x00\x13not really parquet" * 4)
    cut = tmp_path / "c.parquet"
    cut.write_bytes(good.read_bytes()[:-20])

    rows = rows_of([tmp_path])

    assert [row["path"] for row in rows] == [str(good), str(good), str(corrupt), str(cut)]
    assert [row["error"] is None for row in rows] == [True, True, False, False]
    assert rows[2]["error"].startswith(f"{corrupt}: corrupt parquet: ")
    assert rows[3]["error"].startswith(f"{cut}: corrupt parquet: ")
    assert (rows[2]["id"], rows[2]["text"], rows[2]["encoding"]) == ("b", "", None)
