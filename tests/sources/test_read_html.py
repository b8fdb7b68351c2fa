"""HTML files: main text and metadata through trafilatura, charsets, and unusable HTML."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

from .helpers import cp1258_bytes, html_page, rows_of

TITLE = "Làng gốm Bát Tràng đón khách quốc tế"
PARAGRAPHS = [
    "Những ngày cuối năm, làng gốm Bát Tràng tấp nập du khách đến tham quan và tự tay nặn gốm.",
    "Nhiều lò nung đã chuyển sang dùng khí ga để giảm khói bụi, giữ màu men ổn định hơn trước.",
    "Chị Trần Thị Hoa, chủ một xưởng nhỏ, nói đơn hàng xuất khẩu năm nay tăng khá so với năm ngoái.",
]
HEAD = (
    '<meta name="author" content="Phạm Minh Khôi">'
    '<meta property="og:site_name" content="Tin Làng Nghề">'
    '<meta property="article:published_time" content="2024-01-15T07:30:00+07:00">'
)


def test_main_text_is_one_paragraph_per_line_with_metadata(tmp_path: Path) -> None:
    html = html_page(TITLE, PARAGRAPHS, extra_head=HEAD)
    page = tmp_path / "012_0a1b2c3d4e5f6a7b.html"
    page.write_text(html, encoding="utf-8")

    [row] = rows_of([page])

    assert row["error"] is None
    assert (row["id"], row["format"], row["encoding"]) == ("0a1b2c3d4e5f6a7b", "html", "utf-8")
    lines = row["text"].split("\n")
    assert lines[-3:] == PARAGRAPHS
    assert "Trang chủ" not in row["text"] and "Bản quyền" not in row["text"]
    assert row["title"] == TITLE
    assert row["author"] == "Phạm Minh Khôi"
    assert row["published_at"] == "2024-01-15"
    # No URL in the page: the site comes from trafilatura's site name.
    assert row["source"] == "Tin Làng Nghề"
    assert row["raw"] == html
    assert row["sha256"] == hashlib.sha256(html.encode("utf-8")).hexdigest()


def test_the_canonical_url_gives_url_and_source(tmp_path: Path) -> None:
    head = (
        HEAD
        + '<link rel="canonical" href="https://www.TinLangNghe.vn/gom/bat-trang-don-khach.html">'
    )
    page = tmp_path / "canonical.htm.gz"
    page.write_bytes(gzip.compress(html_page(TITLE, PARAGRAPHS, extra_head=head).encode("utf-8")))

    [row] = rows_of([page])

    assert row["id"] == "canonical"
    # trafilatura normalises the canonical URL's host to lower case.
    assert row["url"] == "https://www.tinlangnghe.vn/gom/bat-trang-don-khach.html"
    assert row["source"] == "tinlangnghe.vn"


def test_the_meta_charset_decodes_a_legacy_page(tmp_path: Path) -> None:
    html = html_page(TITLE, PARAGRAPHS, charset="windows-1258")
    page = tmp_path / "legacy.html"
    page.write_bytes(cp1258_bytes(html))

    [row] = rows_of([page])

    assert row["encoding"] == "windows-1258"
    assert row["text"].split("\n")[-3:] == PARAGRAPHS
    assert row["title"] == TITLE


def test_no_main_text_keeps_the_row_without_error(tmp_path: Path) -> None:
    page = tmp_path / "empty-article.html"
    page.write_text(
        f"<html><head><title>{TITLE}</title></head><body><div></div><div></div></body></html>",
        encoding="utf-8",
    )

    [row] = rows_of([page])

    assert (row["text"], row["error"]) == ("", None)
    assert row["title"] == TITLE


def test_a_file_that_is_not_html_is_an_error_row(tmp_path: Path) -> None:
    page = tmp_path / "not-really.html"
    page.write_text("chỉ là một dòng chữ, không có thẻ nào", encoding="utf-8")
    good = tmp_path / "page.html"
    good.write_text(html_page(TITLE, PARAGRAPHS), encoding="utf-8")

    rows = rows_of([tmp_path])

    assert [row["path"] for row in rows] == [str(page), str(good)]
    assert rows[0]["error"] == f"{page}: no HTML document found"
    assert rows[1]["error"] is None
