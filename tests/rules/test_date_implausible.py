"""date-implausible: published after crawled, in the future, or before `earliest`."""

from __future__ import annotations

import datetime as dt
import unicodedata

import polars as pl
import pytest
from helpers import VI_ARTICLE, VI_PARAGRAPHS, VI_TITLE, article, parsed, raw, run

from pagevet.rules.date_implausible import RULE

TODAY = {"today": "2025-06-01"}


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return parsed(
        raw("after", VI_ARTICLE, published_at="2024-05-20", crawled_at="2024-05-14T08:00:00Z"),
        raw("future", VI_ARTICLE, published_at="2031-01-02"),
        raw("old", VI_ARTICLE, published_at="1987-03-01"),
        raw("ok", VI_ARTICLE, published_at="2024-05-14", crawled_at="2024-05-15"),
        raw("same_day", VI_ARTICLE, published_at="2024-05-14T07:00", crawled_at="2024-05-14"),
        raw("undated", VI_ARTICLE),
        raw("empty", ""),
        raw(
            "dateline",
            article(VI_TITLE, "Hà Nội, ngày 14/5/2024 - " + VI_PARAGRAPHS[0], *VI_PARAGRAPHS[1:]),
            crawled_at="2024-05-10",
        ),
    )


def test_findings(frame: pl.DataFrame) -> None:
    found = {f["id"]: f for f in run(RULE, frame, TODAY)}
    assert set(found) == {"after", "future", "old", "dateline"}
    assert all(f["line"] is None for f in found.values())
    assert found["after"]["message"] == "published 2024-05-20 after it was crawled (2024-05-14)"
    assert found["after"]["evidence"] == {
        "published_at": "2024-05-20",
        "published_from": "metadata",
        "crawled_at": "2024-05-14",
    }
    assert (
        found["future"]["message"] == "published 2031-01-02 is in the future (today is 2025-06-01)"
    )
    assert found["future"]["evidence"]["crawled_at"] is None
    assert found["old"]["message"] == "published 1987-03-01 is before 1990-01-01"


def test_a_dateline_after_the_crawl(frame: pl.DataFrame) -> None:
    (f,) = [f for f in run(RULE, frame, TODAY) if f["id"] == "dateline"]
    assert f["message"] == "published 2024-05-14 after it was crawled (2024-05-10)"
    assert f["evidence"]["published_from"] == "dateline"


def test_today_and_earliest_are_parameters(frame: pl.DataFrame) -> None:
    ids = {f["id"] for f in run(RULE, frame, {"today": "2031-01-02", "earliest": "1980-01-01"})}
    # The boundaries themselves are plausible.
    assert ids == {"after", "dateline"}
    ids = {f["id"] for f in run(RULE, frame, {"today": "2024-05-13"})}
    assert ids == {"after", "future", "old", "ok", "same_day", "dateline"}


def test_today_defaults_to_the_real_date(frame: pl.DataFrame) -> None:
    found = {f["id"]: f["message"] for f in run(RULE, frame)}
    assert found["future"].endswith(f"(today is {dt.date.today().isoformat()})")


def test_the_earliest_day_itself_is_plausible() -> None:
    edge = parsed(raw("edge", VI_ARTICLE, published_at="1990-01-01"))
    assert run(RULE, edge, TODAY) == []


def test_pages_without_dates_and_empty_pages(frame: pl.DataFrame) -> None:
    ids = {f["id"] for f in run(RULE, frame, TODAY)}
    assert not ids & {"undated", "empty", "ok", "same_day"}


def test_nfd_and_long_pages_with_a_future_dateline() -> None:
    page = article(VI_TITLE, "Hà Nội, ngày 3/2/2031 - " + " ".join(VI_PARAGRAPHS * 20))
    frame = parsed(raw("nfd", unicodedata.normalize("NFD", page)))
    (f,) = run(RULE, frame, TODAY)
    assert f["message"] == "published 2031-02-03 is in the future (today is 2025-06-01)"
    assert f["evidence"]["published_from"] == "dateline"
