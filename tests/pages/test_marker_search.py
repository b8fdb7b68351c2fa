"""The rule pass's shortcuts give the answers of the plain definitions: one fold for both folded
forms of a line, and one search for a list of marker patterns."""

import re
import sys

from pagevet.pages.markers import AnySearch, fold_forms, fold_line, fold_words, load_markers


def test_fold_forms_equal_fold_line_and_fold_words_for_every_code_point():
    lines = [f"Ab{chr(c)} c{chr(c)}" for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]
    lines += ["  “Xem thêm” – 50% ", "h%E1%BB%99i ngh%E1%BB%8B", "a\u200bb ’ ﹘ ", "Tin liên quan:"]
    assert [fold_forms(x) for x in lines] == [(fold_line(x), fold_words(x)) for x in lines]


def test_any_search_answers_like_each_pattern_in_turn():
    markers = load_markers()
    lines = [
        "xem them", "chia se facebook", "we use cookies on this site", "anh: reuters",
        "(anh: vnexpress)", "theo vnexpress", "pv/ttxvn", "nguoi dan dia phuong cho biet",
        "trang 2 / 10", "", "click here to read",
    ]  # fmt: skip
    for patterns in (markers.nav_patterns, markers.caption_patterns, markers.byline_patterns):
        search = AnySearch(patterns)
        assert search.joined is not None  # the built-in lists join into one pattern
        assert [search(x) for x in lines] == [any(p.search(x) for p in patterns) for x in lines]
    assert any(AnySearch(markers.nav_patterns)(x) for x in lines)


def test_any_search_keeps_patterns_with_group_numbers_apart():
    patterns = (re.compile(r"(ab)\1"), re.compile(r"^(x)y\1$"))
    search = AnySearch(patterns)
    assert search.joined is None
    assert [search(x) for x in ("abab", "xyx", "abx")] == [True, True, False]
