"""nav-spam: the share of furniture characters sets the severity; evidence lists the lines."""

from __future__ import annotations

import unicodedata

from helpers import EN_ARTICLE, VI_ARTICLE, VI_PARAGRAPHS, VI_TITLE, findings, pages, roles, run

from pagevet.rules.nav_spam import RULE

MENU = "Trang chủ\nThời sự\nThế giới\nKinh tế\n"
RELATED = (
    "\nTin liên quan\n\nGiá xăng giảm nhẹ từ chiều nay\n\nHọc sinh Hà Nội bước vào kỳ thi lớp 10\n"
)
# Menu lines 1-4, title 5, article 7-15, "Tin liên quan" 17, teasers 19 and 21.
WITH_MENU = MENU + VI_ARTICLE + RELATED
# Eleven menu/section lines and two more short words: no line the title finder trusts as a
# headline, all furniture.
ALL_MENU = MENU + "Thể thao\nGiải trí\nPháp luật\nGiáo dục\nSức khỏe\nĐời sống\nDu lịch\nMưa lớn\n"


def test_menu_and_related_block_on_an_article_is_info() -> None:
    (f,) = findings(RULE, page=WITH_MENU)
    assert f["id"] == "page"
    assert f["severity"] == "info"
    assert f["line"] == 1
    assert f["message"] == "7 navigation/teaser/spam lines hold 10.5% of the page's characters"
    assert f["evidence"] == {
        "lines": [1, 2, 3, 4, 17, 19, 21],
        "share": 0.1052,
        "furniture_chars": 112,
        "total_chars": 1065,
    }


def test_a_page_of_menus_is_an_error() -> None:
    (f,) = findings(RULE, menus=ALL_MENU)
    assert f["severity"] == "error"
    assert f["evidence"]["lines"] == list(range(1, 13))
    assert f["evidence"]["share"] >= 0.9
    assert f["message"].startswith("12 navigation/teaser/spam lines hold 100.0%")


SECTIONS = (
    "Thể thao\nGiải trí\nPháp luật\nGiáo dục\nSức khỏe\nĐời sống\nDu lịch\nXe\nSố hóa\n"
    "Bất động sản\nKhoa học\nÝ kiến\nTâm sự\nThư giãn\nCộng đồng\nVideo\nPodcast\nẢnh\n"
    "Infographic\nTuyển sinh\nThời trang\nẨm thực\nCông nghệ\nÔ tô\nChứng khoán\nNgân hàng\n"
    "Quốc phòng\nMôi trường\nNông nghiệp\nTruyền hình\n"
)
FOOTER = (
    "Liên hệ quảng cáo\nĐiều khoản sử dụng\nChính sách bảo mật\nTải ứng dụng\nVề đầu trang\n"
    "Đường dây nóng\n"
)


def test_half_furniture_is_a_warning() -> None:
    """A short article (headline, one paragraph) inside a long menu and a footer: more than
    half of the characters, not nine tenths, are furniture."""
    page = MENU + SECTIONS + VI_TITLE + "\n\n" + VI_PARAGRAPHS[0] + "\n" + FOOTER
    (f,) = findings(RULE, half=page)
    assert 0.5 <= f["evidence"]["share"] < 0.9
    assert f["severity"] == "warning"
    lines = page.splitlines()
    headline = lines.index(VI_TITLE) + 1
    assert headline not in f["evidence"]["lines"] and headline + 2 not in f["evidence"]["lines"]


def test_thresholds_are_parameters() -> None:
    frame = pages(page=WITH_MENU, menus=ALL_MENU)
    found = {f["id"]: f["severity"] for f in run(RULE, frame, {"warning_share": 0.1})}
    assert found == {"page": "warning", "menus": "error"}
    found = {
        f["id"]: f["severity"]
        for f in run(RULE, frame, {"warning_share": 0.05, "error_share": 0.1})
    }
    assert found == {"page": "error", "menus": "error"}
    found = {f["id"]: f["severity"] for f in run(RULE, frame, {"warning_share": 0.99})}
    assert found == {"page": "info", "menus": "error"}


def test_clean_articles_have_no_finding() -> None:
    assert findings(RULE, vi=VI_ARTICLE, en=EN_ARTICLE) == []


def test_empty_and_blank_pages() -> None:
    assert findings(RULE, empty="", blank="\n\n   \n") == []


def test_nfd_text_finds_the_same_lines() -> None:
    (f,) = findings(RULE, nfd=unicodedata.normalize("NFD", WITH_MENU))
    assert f["evidence"]["lines"] == [1, 2, 3, 4, 17, 19, 21]
    assert f["severity"] == "info"


def test_zero_width_spaces_inside_the_article_change_nothing() -> None:
    page = MENU + VI_ARTICLE.replace("Hà Nội", "Hà\u200bNội").replace(", ", ",\u200b ")
    (f,) = findings(RULE, zw=page)
    assert f["evidence"]["lines"] == [1, 2, 3, 4]


def test_a_menu_line_ending_in_a_zero_width_space_is_still_navigation() -> None:
    frame = pages(zw="Trang chủ\u200b\nThời sự\n" + VI_ARTICLE)
    assert roles(frame, "zw")[1] == "nav"
    (f,) = run(RULE, frame)
    assert f["evidence"]["lines"] == [1, 2]


def test_very_long_article_line_dilutes_the_share() -> None:
    page = MENU + VI_TITLE + "\n\n" + " ".join(VI_PARAGRAPHS * 40) + "\n"
    (f,) = findings(RULE, long=page)
    assert f["severity"] == "info"
    assert f["evidence"]["lines"] == [1, 2, 3, 4]
    assert f["evidence"]["total_chars"] > 35_000
    assert f["evidence"]["share"] < 0.01
