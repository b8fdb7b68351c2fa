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


# --- many lines at once (the batch's marker verdicts, searched by polars) -----------------

_LINES = [
    "xem them", "chia se facebook", "we use cookies on this site", "anh: reuters",
    "(anh: vnexpress)", "theo vnexpress", "pv/ttxvn", "nguoi dan dia phuong cho biet",
    "trang 2 / 10", "", "click here to read", "photo: ap", "by jane doe", "share_this",
    "read more…", "đọc thêm", "xem thêm\u00a0tin", "tin\tlien quan", "bai viet 10:05",
    "ảnh: ttxvn", "   ", "a" * 300, "related: 5 stories", "copyright 2026",
]  # fmt: skip


def _many_lines() -> list[str]:
    # enough lines for the polars path, with every kind of line several times over
    return [f"{x} {k}" if k % 3 else x for k in range(12) for x in _LINES]


def test_many_answers_like_one_line_at_a_time_for_every_marker_kind():
    markers = load_markers()
    lines = _many_lines()
    one = {"nav": markers.is_nav, "related": markers.related, "caption": markers.caption,
           "byline": markers.byline}  # fmt: skip
    for kind, single in one.items():
        got = markers.many(kind, lines)
        assert got == [single(x) for x in lines], kind
    assert any(markers.many("nav", lines)) and any(markers.many("caption", lines))


def test_many_searches_plain_ascii_with_polars_and_the_rest_in_python():
    search = AnySearch((re.compile(r"\bxem them\b"), re.compile(r"^anh:")))
    assert search._polars is not None
    calls: list[str] = []
    real = search.__call__

    class Spy(AnySearch):
        def __call__(self, text: str) -> bool:
            calls.append(text)
            return real(text)

    spy = Spy(search.patterns)
    lines = _many_lines()
    assert spy.many(lines) == [real(x) for x in lines]
    # only lines outside printable ASCII were searched one by one
    assert calls and all(any(ord(c) > 126 or ord(c) < 32 for c in x) for x in calls)


def test_many_falls_back_to_python_where_polars_cannot_search_the_same():
    lines = _many_lines()
    lookahead = AnySearch((re.compile(r"xem(?= them)"), re.compile(r"^anh")))  # no lookaround
    ignore_case = AnySearch((re.compile(r"XEM THEM", re.IGNORECASE), re.compile(r"ANH", re.I)))
    by_number = AnySearch((re.compile(r"(o)\1"), re.compile(r"(x)y\1")))
    for search in (lookahead, ignore_case, by_number):
        assert search.many(lines) == [search(x) for x in lines]
        assert any(search.many(lines))
    assert ignore_case._polars is None and by_number._polars is None
    assert lookahead._polars is None  # polars refused it once; Python searches from then on
