"""missing-title: no headline line and no title in the metadata."""

from __future__ import annotations

import unicodedata

from helpers import EN_ARTICLE, VI_ARTICLE, VI_PARAGRAPHS, VI_TITLE, parsed, raw, run

from pagevet.rules.missing_title import RULE

BODY_ONLY = "\n\n".join(VI_PARAGRAPHS) + "\n"


def test_a_page_that_starts_with_its_first_paragraph() -> None:
    (f,) = run(RULE, parsed(raw("body", BODY_ONLY)))
    assert f["id"] == "body"
    assert f["line"] is None
    assert f["message"] == (
        "no title: no metadata title, and no line the title finder is confident is the headline"
    )
    assert f["evidence"] == {"first_line": VI_PARAGRAPHS[0][:120]}


def test_a_title_line_or_a_metadata_title_is_enough() -> None:
    frame = parsed(
        raw("vi", VI_ARTICLE),
        raw("en", EN_ARTICLE),
        raw("meta", BODY_ONLY, title=VI_TITLE),
    )
    assert run(RULE, frame) == []
    assert frame["title"].to_list() == [VI_TITLE, EN_ARTICLE.split("\n")[0], VI_TITLE]


def test_a_blank_metadata_title_is_no_title() -> None:
    (f,) = run(RULE, parsed(raw("blank", BODY_ONLY, title="  \u00a0 ")))
    assert f["id"] == "blank"


def test_a_menu_above_the_paragraphs_is_not_a_title() -> None:
    page = "Trang chủ\nThời sự\n" + BODY_ONLY
    (f,) = run(RULE, parsed(raw("menu", page)))
    assert f["evidence"] == {"first_line": "Trang chủ"}


def test_empty_page_has_no_title_and_an_unreadable_one_is_left_to_unreadable_page() -> None:
    frame = parsed(raw("empty", ""), raw("bad", "", error="pages/bad.txt: empty file"))
    (f,) = run(RULE, frame)
    assert f["id"] == "empty"
    assert f["evidence"] == {"first_line": ""}


def test_nfd_and_zero_width_titles_are_titles() -> None:
    frame = parsed(
        raw("nfd", unicodedata.normalize("NFD", VI_ARTICLE)),
        raw("zw", "\u200b" + VI_ARTICLE),
    )
    assert run(RULE, frame) == []


def test_a_very_long_first_line_is_cut_in_the_evidence() -> None:
    page = " ".join(VI_PARAGRAPHS * 10) + "\n"
    (f,) = run(RULE, parsed(raw("long", page)))
    assert len(f["evidence"]["first_line"]) == 120
