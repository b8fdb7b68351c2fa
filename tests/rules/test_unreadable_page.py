"""unreadable-page: a raw row whose reader set `error`."""

from __future__ import annotations

from helpers import VI_ARTICLE, parsed, raw, run

from pagevet.config import Config
from pagevet.rules.engine import apply_rules
from pagevet.rules.unreadable_page import RULE

REASON = "crawl/vnexpress/0042.txt.gz: corrupt gzip: Not a gzipped file (b'<h')"


def broken() -> dict:
    return raw("0042", "", path="crawl/vnexpress/0042.txt.gz", encoding=None, error=REASON)


def test_a_page_the_reader_could_not_read() -> None:
    (f,) = run(RULE, parsed(broken(), raw("ok", VI_ARTICLE)))
    assert f["id"] == "0042"
    assert f["line"] is None
    assert f["message"] == f"crawl/vnexpress/0042.txt.gz: could not be read: {REASON}"
    assert f["evidence"] == {"path": "crawl/vnexpress/0042.txt.gz", "reason": REASON}


def test_it_is_the_only_finding_of_an_unreadable_page() -> None:
    pages = apply_rules(parsed(broken()), Config(ignore=["language-mismatch"]))
    (row,) = pages.to_dicts()
    assert [(f["rule"], f["severity"]) for f in row["findings"]] == [("unreadable-page", "error")]
    assert row["flag__unreadable-page"] is True


def test_readable_pages_even_empty_ones() -> None:
    frame = parsed(raw("ok", VI_ARTICLE), raw("empty", ""), raw("nfd", "Ha\u0300 No\u0323i\n"))
    assert run(RULE, frame) == []


def test_odd_characters_in_the_reason_are_kept() -> None:
    reason = "tin-tức/bài\u200b 1.html: invalid utf-8 at byte 7 (invalid start byte)"
    row = raw("x", "", path="tin-tức/bài\u200b 1.html", format="html", error=reason)
    (f,) = run(RULE, parsed(row))
    assert f["evidence"]["reason"] == reason
    assert f["evidence"]["path"] == "tin-tức/bài\u200b 1.html"
