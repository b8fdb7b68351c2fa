"""too-short: clean text (lead + body) under `min_chars`, except pages that could not be read."""

from __future__ import annotations

import unicodedata

from helpers import EN_ARTICLE, VI_ARTICLE, VI_PARAGRAPHS, article, findings, parsed, raw, run

from pagevet.rules.too_short import RULE

BRIEF = article(
    "Giá vàng hôm nay tăng nhẹ",
    "Giá vàng miếng trong nước sáng nay tăng 200.000 đồng mỗi lượng so với cuối tuần trước, theo "
    "bảng giá của các doanh nghiệp lớn.",
)


def test_a_news_brief_is_too_short() -> None:
    (f,) = findings(RULE, brief=BRIEF)
    assert f["id"] == "brief"
    assert f["line"] is None
    assert f["message"] == "clean text has 126 characters, fewer than 200"
    assert f["evidence"] == {"text_chars": 126, "min_chars": 200}


def test_furniture_does_not_count_as_text() -> None:
    # A long menu and a teaser block around the brief: still only its one paragraph of text.
    menu = "Trang chủ\nThời sự\nThế giới\nKinh tế\nThể thao\nGiải trí\n"
    teasers = "\nTin liên quan\n\n" + "\n\n".join(f"Tin vắn số {i} trong ngày" for i in range(20))
    (f,) = findings(RULE, page=menu + BRIEF + teasers)
    assert f["evidence"]["text_chars"] == 126


def test_articles_are_long_enough() -> None:
    assert findings(RULE, vi=VI_ARTICLE, en=EN_ARTICLE) == []


def test_min_chars_is_a_parameter() -> None:
    frame = parsed(raw("brief", BRIEF), raw("vi", VI_ARTICLE))
    assert run(RULE, frame, {"min_chars": 100}) == []
    found = run(RULE, frame, {"min_chars": 2000})
    assert [f["id"] for f in found] == ["brief", "vi"]
    assert found[1]["message"] == "clean text has 893 characters, fewer than 2000"


def test_the_limit_itself_is_enough() -> None:
    assert findings(RULE, {"min_chars": 126}, brief=BRIEF) == []
    assert len(findings(RULE, {"min_chars": 127}, brief=BRIEF)) == 1


def test_empty_page_is_too_short_and_an_unreadable_one_is_not() -> None:
    frame = parsed(raw("empty", ""), raw("bad", "", error="pages/bad.txt: empty file"))
    (f,) = run(RULE, frame)
    assert f["id"] == "empty"
    assert f["evidence"] == {"text_chars": 0, "min_chars": 200}


def test_zero_width_characters_are_counted_as_they_are() -> None:
    padded = BRIEF.replace(" ", "\u200b ")
    chars = len(padded.split("\n")[2])
    (f,) = findings(RULE, padded=padded)
    assert f["evidence"]["text_chars"] == chars
    assert f["message"] == f"clean text has {chars} characters, fewer than 200"


def test_nfd_text_counts_code_points() -> None:
    nfd = unicodedata.normalize("NFD", BRIEF)
    (f,) = findings(RULE, nfd=nfd)
    assert f["evidence"]["text_chars"] == len(unicodedata.normalize("NFD", BRIEF.split("\n")[2]))


def test_one_very_long_line_is_long_enough() -> None:
    assert findings(RULE, long=article("Tổng hợp", " ".join(VI_PARAGRAPHS * 20))) == []
