"""language-mismatch: against the recipe's `languages` and against each site's own language."""

from __future__ import annotations

import unicodedata

import polars as pl
import pytest
from helpers import EN_ARTICLE, VI_PARAGRAPHS, VI_TITLE, article, parsed, raw, run

from pagevet.rules.language_mismatch import RULE

SITE = "tintuc.example"


def vi_pages(n: int, source: str | None = SITE) -> list[dict]:
    return [
        raw(
            f"vi{i:02d}",
            article(f"{VI_TITLE} (kỳ {i + 1})", *VI_PARAGRAPHS[i % 5 :], *VI_PARAGRAPHS[: i % 5]),
            source=source,
        )
        for i in range(n)
    ]


@pytest.fixture(scope="module")
def site() -> pl.DataFrame:
    """Ten Vietnamese pages and one English page of one site, and an English page elsewhere."""
    return parsed(
        *vi_pages(10),
        raw("en", EN_ARTICLE, source=SITE),
        raw("other", EN_ARTICLE, source="citynews.example"),
        raw("short", "Breaking\n\nThe mayor resigned on Friday night.\n", source=SITE),
    )


def test_an_english_page_on_a_vietnamese_site(site: pl.DataFrame) -> None:
    (f,) = run(RULE, site)
    assert f["id"] == "en"
    assert f["line"] is None
    assert f["message"] == (f"text is in 'en' (p=1.0) while 91.0% of {SITE}'s pages are in 'vi'")
    assert f["evidence"]["language"] == "en"
    assert f["evidence"]["score"] > 0.99
    assert f["evidence"]["site_language"] == "vi"
    assert f["evidence"]["site_share"] == pytest.approx(10 / 11)


def test_recipe_languages(site: pl.DataFrame) -> None:
    found = {f["id"]: f for f in run(RULE, site, {"languages": ["vi"]})}
    # The short page is too short to judge; the English pages are off the recipe.
    assert set(found) == {"en", "other"}
    assert found["other"]["message"] == "text is in 'en' (p=1.0), expected one of vi"
    assert found["other"]["evidence"]["site_language"] is None
    assert found["en"]["message"] == "text is in 'en' (p=1.0), expected one of vi"
    assert found["en"]["evidence"]["site_language"] == "vi"


def test_several_recipe_languages_still_check_each_site(site: pl.DataFrame) -> None:
    assert [f["id"] for f in run(RULE, site, {"languages": ["vi", "en"]})] == ["en"]


def test_a_recipe_in_english_flags_every_vietnamese_page(site: pl.DataFrame) -> None:
    found = {f["id"]: f["message"] for f in run(RULE, site, {"languages": ["en"]})}
    assert sorted(found) == ["en", *(f"vi{i:02d}" for i in range(10))]
    assert found["vi00"] == "text is in 'vi' (p=1.0), expected one of en"
    # The English page is in the recipe's language but not in its site's.
    assert found["en"].startswith("text is in 'en' (p=1.0) while 91.0%")


def test_a_small_site_has_no_language_of_its_own() -> None:
    frame = parsed(*vi_pages(5), raw("en", EN_ARTICLE, source=SITE))
    assert run(RULE, frame) == []
    assert [f["id"] for f in run(RULE, frame, {"min_site_pages": 5})] == ["en"]


def test_a_bilingual_site_is_not_flagged() -> None:
    frame = parsed(*vi_pages(7), *(raw(f"en{i}", EN_ARTICLE, source=SITE) for i in range(4)))
    assert run(RULE, frame) == []
    assert sorted(f["id"] for f in run(RULE, frame, {"site_share": 0.6})) == [
        f"en{i}" for i in range(4)
    ]


def test_pages_without_a_source_form_no_site() -> None:
    frame = parsed(*vi_pages(10, source=None), raw("en", EN_ARTICLE))
    assert run(RULE, frame) == []


def test_empty_and_short_pages_are_not_judged() -> None:
    frame = parsed(
        *vi_pages(10), raw("empty", "", source=SITE), raw("tiny", "Hello world\n", source=SITE)
    )
    assert frame.filter(pl.col("id") == "empty")["language"].item() == "und"
    assert run(RULE, frame, {"languages": ["vi"]}) == []


def test_nfd_vietnamese_is_vietnamese() -> None:
    rows = vi_pages(10)
    rows[3] = {**rows[3], "text": unicodedata.normalize("NFD", rows[3]["text"])}
    frame = parsed(*rows)
    assert frame.filter(pl.col("id") == "vi03")["language"].item() == "vi"
    assert run(RULE, frame, {"languages": ["vi"]}) == []


def test_one_very_long_english_line() -> None:
    page = article("A long read", " ".join([EN_ARTICLE.replace("\n", " ")] * 30))
    frame = parsed(*vi_pages(10), raw("long", page, source=SITE))
    (f,) = run(RULE, frame)
    assert f["id"] == "long"
    assert f["evidence"]["language"] == "en"
