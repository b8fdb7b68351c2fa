"""exact-duplicate and near-duplicate: corpus passes; the later id names the first one."""

from __future__ import annotations

import unicodedata

from helpers import EN_ARTICLE, VI_ARTICLE, VI_PARAGRAPHS, VI_TITLE, article, parsed, raw, run

from pagevet.config import Config
from pagevet.rules.duplicates import EXACT, NEAR
from pagevet.rules.engine import select_rules

# The same story republished by another site: upper case, spaces before commas, no title.
SYNDICATED = "\n\n".join(VI_PARAGRAPHS).upper().replace(",", " ,") + "\n"
UPDATED = article(VI_TITLE, *VI_PARAGRAPHS, "Dự kiến các tuyến mới sẽ vận hành từ đầu tháng sau.")


def test_corpus_scope() -> None:
    assert EXACT.scope == NEAR.scope == "corpus"
    assert {r.id for r in select_rules(Config(), "corpus")} >= {EXACT.id, NEAR.id}


def test_a_syndicated_copy_is_an_exact_duplicate_of_the_first_id() -> None:
    frame = parsed(raw("b_copy", SYNDICATED), raw("a_first", VI_ARTICLE), raw("c_en", EN_ARTICLE))
    (f,) = run(EXACT, frame)
    assert f["id"] == "b_copy"
    assert f["line"] is None
    assert f["message"] == "same text as page a_first (2 copies in the corpus)"
    assert f["evidence"] == {"duplicate_of": "a_first", "copies": 2}


def test_every_later_copy_names_the_first() -> None:
    frame = parsed(*(raw(f"p{i}", VI_ARTICLE) for i in (3, 1, 2)))
    found = run(EXACT, frame)
    assert sorted((f["id"], f["evidence"]["duplicate_of"]) for f in found) == [
        ("p2", "p1"),
        ("p3", "p1"),
    ]
    assert all(f["evidence"]["copies"] == 3 for f in found)


def test_an_updated_story_is_a_near_duplicate() -> None:
    frame = parsed(raw("b_update", UPDATED), raw("a_first", VI_ARTICLE), raw("c_en", EN_ARTICLE))
    assert run(EXACT, frame) == []
    (f,) = run(NEAR, frame)
    assert f["id"] == "b_update"
    assert f["evidence"]["near_duplicate_of"] == "a_first"
    assert 0.8 <= f["evidence"]["jaccard"] < 1.0
    assert f["message"] == (
        f"near copy of page a_first (estimated Jaccard {f['evidence']['jaccard']} over "
        "5-word shingles)"
    )


def test_exact_copies_are_left_to_exact_duplicate() -> None:
    frame = parsed(raw("a", VI_ARTICLE), raw("b", VI_ARTICLE))
    assert run(NEAR, frame) == []
    assert [f["id"] for f in run(EXACT, frame)] == ["b"]


def test_near_duplicate_parameters() -> None:
    frame = parsed(raw("a", VI_ARTICLE), raw("b", UPDATED))
    assert run(NEAR, frame, {"min_chars": 5000}) == []
    assert [f["id"] for f in run(NEAR, frame, {"threshold": 0.5, "shingle_words": 3})] == ["b"]


def test_different_articles_are_not_duplicates() -> None:
    frame = parsed(raw("vi", VI_ARTICLE), raw("en", EN_ARTICLE))
    assert run(EXACT, frame) == run(NEAR, frame) == []


def test_short_and_empty_pages_are_not_duplicates() -> None:
    brief = "Tin nhanh\n\nHà Nội mưa lớn, nhiều phố ngập sâu chiều nay.\n"
    frame = parsed(
        raw("e1", ""),
        raw("e2", ""),
        raw("s1", brief),
        raw("s2", brief),
        raw("bad1", "", error="pages/bad1.txt: empty file"),
        raw("bad2", "", error="pages/bad2.txt: empty file"),
    )
    assert run(EXACT, frame) == run(NEAR, frame) == []
    assert [f["id"] for f in run(EXACT, frame, {"min_chars": 10})] == ["s2"]


def test_zero_width_spaces_make_a_near_duplicate() -> None:
    zw = VI_ARTICLE.replace("Hà Nội", "Hà\u200b Nội")
    frame = parsed(raw("a", VI_ARTICLE), raw("b", zw))
    assert run(EXACT, frame) == []
    assert [f["evidence"]["near_duplicate_of"] for f in run(NEAR, frame)] == ["a"]


def test_nfd_copies_of_an_nfd_page() -> None:
    nfd = unicodedata.normalize("NFD", VI_ARTICLE)
    frame = parsed(raw("a", nfd), raw("b", nfd.upper()))
    assert [f["evidence"]["duplicate_of"] for f in run(EXACT, frame)] == ["a"]


def test_one_very_long_line() -> None:
    body = " ".join(VI_PARAGRAPHS * 40)
    edited = body.replace("Sở Giao thông vận tải", "Sở GTVT", 1)
    frame = parsed(raw("a", article(VI_TITLE, body)), raw("b", article(VI_TITLE, edited)))
    (f,) = run(NEAR, frame)
    assert f["id"] == "b"
    assert f["evidence"]["jaccard"] > 0.9
