"""read_pages and iter_input_files: which files, in which order, in bounded batches."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pagevet.errors import PagevetError
from pagevet.sources import RAW_SCHEMA, iter_input_files, read_pages
from pagevet.sources.page import iso_date, source_of

from .helpers import EN_TEXT, VI_TEXT, html_page, rows_of, warc_bytes


def make_folder(root: Path) -> None:
    (root / "b").mkdir(parents=True)
    (root / "a").mkdir()
    (root / ".cache").mkdir()
    (root / "b" / "002_00000000000000b2.txt").write_text(VI_TEXT, encoding="utf-8")
    (root / "a" / "page.HTML").write_text(html_page("Tiêu đề", [VI_TEXT]), encoding="utf-8")
    (root / "a" / "z.txt.gz").write_bytes(gzip.compress(EN_TEXT.encode()))
    (root / "001_00000000000000a1.txt").write_text(EN_TEXT, encoding="utf-8")
    (root / "pages.jsonl").write_text(
        "\n".join(json.dumps({"text": text}) for text in [VI_TEXT, EN_TEXT]), encoding="utf-8"
    )
    # Not pages: hidden files and folders, sidecars, documentation and recipes.
    (root / ".cache" / "003_00000000000000c3.txt").write_text(EN_TEXT, encoding="utf-8")
    (root / ".draft.txt").write_text(EN_TEXT, encoding="utf-8")
    (root / "labels.jsonl").write_text('{"id": "x", "label": "ok"}\n', encoding="utf-8")
    (root / "README.md").write_text("# Thư mục thử\n", encoding="utf-8")
    (root / "dataset.toml").write_text('name = "thu"\n', encoding="utf-8")
    (root / "notes.json").write_text("{}", encoding="utf-8")


def test_folders_are_walked_in_name_order_keeping_page_files_only(tmp_path: Path) -> None:
    make_folder(tmp_path)

    files = [path.relative_to(tmp_path).as_posix() for path in iter_input_files([tmp_path])]

    assert files == [
        "001_00000000000000a1.txt",
        "a/page.HTML",
        "a/z.txt.gz",
        "b/002_00000000000000b2.txt",
        "pages.jsonl",
    ]


def test_files_given_explicitly_are_taken_as_given(tmp_path: Path) -> None:
    make_folder(tmp_path)
    given = [tmp_path / "README.md", tmp_path / "b", tmp_path / ".draft.txt"]

    assert list(iter_input_files(given)) == [
        tmp_path / "README.md",
        tmp_path / "b" / "002_00000000000000b2.txt",
        tmp_path / ".draft.txt",
    ]
    # An unknown suffix given explicitly is read as a text page.
    [row] = rows_of([tmp_path / "README.md"])
    assert (row["format"], row["text"], row["error"]) == ("text", "# Thư mục thử\n", None)


def test_n_pages_in_any_format_give_n_rows(tmp_path: Path) -> None:
    make_folder(tmp_path)
    html = html_page("Tin ngắn", [VI_TEXT]).encode("utf-8")
    (tmp_path / "crawl.warc.gz").write_bytes(
        warc_bytes([("https://tin.example.vn/1", html, "text/html")], gzip=True)
    )
    pq.write_table(pa.table({"text": [EN_TEXT]}), tmp_path / "rows.parquet")

    rows = rows_of([tmp_path])

    formats = [row["format"] for row in rows]
    assert formats == ["text", "html", "text", "text", "warc", "jsonl", "jsonl", "parquet"]
    assert all(row["error"] is None for row in rows)


def test_batches_are_bounded_and_have_the_schema(tmp_path: Path) -> None:
    for index in range(5):
        (tmp_path / f"{index:03d}_{index:016x}.txt").write_text(VI_TEXT, encoding="utf-8")

    batches = list(read_pages([tmp_path], batch_size=2))

    assert [batch.num_rows for batch in batches] == [2, 2, 1]
    assert all(batch.schema.equals(RAW_SCHEMA) for batch in batches)
    assert [row["id"] for batch in batches for row in batch.to_pylist()] == [
        f"{index:016x}" for index in range(5)
    ]


def test_a_missing_path_or_a_bad_batch_size_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co"
    with pytest.raises(PagevetError, match="khong-co: no such file or folder"):
        read_pages([missing])
    with pytest.raises(PagevetError, match="batch_size=0: must be at least 1"):
        read_pages([tmp_path], batch_size=0)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("20210427", "2021-04-27"),
        ("2021-04-27", "2021-04-27"),
        ("2021/4/7", "2021-04-07"),
        ("2021-04-27T10:00:00Z", "2021-04-27T10:00:00+00:00"),
        ("2021-04-27 10:00:00+07:00", "2021-04-27T10:00:00+07:00"),
        ("Tue, 27 Apr 2021 10:00:00 GMT", "2021-04-27T10:00:00+00:00"),
        ("27/04/2021", "27/04/2021"),
        ("hôm qua", "hôm qua"),
        ("20211345", "20211345"),
        ("", None),
        (None, None),
    ],
)
def test_metadata_dates_are_normalised_only_when_unambiguous(
    given: str | None, expected: str | None
) -> None:
    assert iso_date(given) == expected


def test_the_source_is_the_host_without_www_else_the_site_name() -> None:
    assert source_of("https://WWW.Baothu.VN:8080/a?b=1") == "baothu.vn"
    assert source_of("https://m.baothu.vn/a", "Báo Thử") == "m.baothu.vn"
    assert source_of(None, "Báo Thử") == "Báo Thử"
    assert source_of("không phải url", None) is None
