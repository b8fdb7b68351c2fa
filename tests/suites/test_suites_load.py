"""Loading suite files: GX's own format, and loud refusal of everything GX would drop."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pagevet.errors import PagevetError
from pagevet.suites import describe_suite, find_suites, load_suite, new_suite
from pagevet.suites import load as load_module
from pagevet.suites._gx import gx

from .frames import PAGES_SUITE, RELEASE_SUITE

RULE_CAPS = {
    "title-slug-mismatch",
    "date-range-inconsistent",
    "nav-spam",
    "gambling-spam",
    "encoding-error",
    "exact-duplicate",
    "near-duplicate",
    "too-short",
    "missing-title",
    "date-implausible",
    "language-mismatch",
    "repetition",
    "unreadable-page",
}


def write_suite(tmp_path: Path, *entries: dict[str, Any], name: str = "bad") -> Path:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"name": name, "expectations": list(entries)}), "utf-8")
    return path


NOT_NULL_ID = {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "id"}}


@pytest.mark.parametrize("path", [PAGES_SUITE, RELEASE_SUITE], ids=lambda p: p.name)
def test_shipped_suites_load_and_cap_every_main_rule(path: Path) -> None:
    suite = load_suite(path)
    assert suite.name == path.stem
    capped = {
        c.removeprefix("flag__")
        for e in suite.expectations
        for c in e.columns
        if e.type == "expect_column_mean_to_be_between"
    }
    assert capped == RULE_CAPS
    assert {e.severity for e in suite.expectations} <= {"error", "warning"}


def test_shipped_suites_are_gx_own_format() -> None:
    """The files are what `ExpectationSuite(...).to_json_dict()` writes, so GX reads them back
    to the same document."""
    document = json.loads(PAGES_SUITE.read_text("utf-8"))
    suite = gx().ExpectationSuite(**document)
    assert suite.to_json_dict()["expectations"] == document["expectations"]


def test_release_is_stricter_than_pages() -> None:
    def caps(path: Path) -> dict[str, float]:
        return {
            e.columns[0]: e.kwargs["max_value"]
            for e in load_suite(path).expectations
            if e.type == "expect_column_mean_to_be_between"
        }

    pages, release = caps(PAGES_SUITE), caps(RELEASE_SUITE)
    assert all(release[col] <= pages[col] for col in pages)
    assert all(release[col] < pages[col] for col in pages if pages[col] > 0)


def test_gx_itself_drops_an_unknown_type_silently() -> None:
    """The GX 1.24 behaviour pagevet guards against; if GX starts raising, this tells us."""
    suite = gx().ExpectationSuite(
        name="x",
        expectations=[
            {"type": "expect_column_values_to_be_awesome", "kwargs": {"column": "id"}},
            NOT_NULL_ID,
        ],
    )
    assert len(suite.expectations) == 1


def test_unknown_type_is_refused_with_file_and_index(tmp_path: Path) -> None:
    path = write_suite(
        tmp_path,
        NOT_NULL_ID,
        {"type": "expect_column_values_to_be_uniqe", "kwargs": {"column": "id"}},
    )
    with pytest.raises(PagevetError) as err:
        load_suite(path)
    message = str(err.value)
    assert str(path) in message
    assert "expectations[1]" in message
    assert "'expect_column_values_to_be_uniqe'" in message
    assert "Did you mean expect_column_values_to_be_unique" in message


def test_camel_case_type_gets_the_snake_case_hint(tmp_path: Path) -> None:
    path = write_suite(
        tmp_path, {"type": "ExpectColumnValuesToBeUnique", "kwargs": {"column": "id"}}
    )
    with pytest.raises(PagevetError, match="Did you mean expect_column_values_to_be_unique"):
        load_suite(path)


def test_expectation_count_is_compared_after_gx_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even when the up-front type check misses, the count comparison refuses the drop."""
    monkeypatch.setattr(load_module, "_check_type_known", lambda at, etype: None)
    monkeypatch.setattr(load_module, "_build_each", lambda where, entries: None)
    path = write_suite(tmp_path, NOT_NULL_ID, {"type": "expect_nothing_known", "kwargs": {}})
    with pytest.raises(PagevetError, match=r"GX kept 1 of 2 expectations .*expect_nothing_known"):
        load_suite(path)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({**NOT_NULL_ID, "severity": "error"}, "'error' is called 'critical'"),
        ({**NOT_NULL_ID, "meta": {"severity": "warning"}}, "meta.severity"),
        (
            {
                "type": "expect_column_values_to_not_be_null",
                "kwargs": {"column": "id", "mostly": 2},
            },
            "mostly",
        ),
        (
            {"type": "expect_column_mean_to_be_between", "kwargs": {"column": "x", "max": 0.1}},
            "extra fields not permitted",
        ),
        (
            {
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": "published_at", "min_value": "1990-01-01"},
            },
            "'1990-01-01T00:00:00'",
        ),
        (
            {
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": "published_at", "max_value": {"$PARAMETER": "now"}},
            },
            "one of today, tomorrow",
        ),
        ({"expectation_type": "expect_column_values_to_not_be_null"}, "rename it to 'type'"),
    ],
    ids=[
        "severity-error",
        "meta-severity",
        "mostly-2",
        "kwarg-typo",
        "bare-date",
        "unknown-parameter",
        "gx0-key",
    ],
)
def test_entries_gx_would_drop_or_reject_are_refused(
    tmp_path: Path, entry: dict[str, Any], expected: str
) -> None:
    path = write_suite(tmp_path, NOT_NULL_ID, entry)
    with pytest.raises(PagevetError) as err:
        load_suite(path)
    assert str(path) in str(err.value)
    assert "expectations[1]" in str(err.value)
    assert expected in str(err.value)


def test_file_level_problems_say_where(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"name": "x", "expectations": [', "utf-8")
    with pytest.raises(PagevetError, match="not valid JSON at line 1"):
        load_suite(broken)
    with pytest.raises(PagevetError, match="not found.*pagevet suite new"):
        load_suite(tmp_path / "missing.json")
    with pytest.raises(PagevetError, match="non-empty list"):
        load_suite(write_suite(tmp_path))


def test_new_suite_writes_a_loadable_starter_and_refuses_to_overwrite(tmp_path: Path) -> None:
    path = new_suite("pages-strict", tmp_path / "checks" / "pages-strict.json")
    suite = load_suite(path)
    assert suite.name == "pages-strict"
    assert "every non-null id is unique" in describe_suite(suite)
    assert find_suites(tmp_path / "checks") == [path]
    with pytest.raises(PagevetError, match="already exists"):
        new_suite("pages-strict", path)
    with pytest.raises(PagevetError, match="kebab-case"):
        new_suite("Pages Strict", tmp_path / "x.json")


def test_describe_suite_in_words() -> None:
    words = describe_suite(load_suite(PAGES_SUITE))
    assert "at most 20% of pages have flag__nav-spam" in words
    assert "no page has flag__gambling-spam" in describe_suite(load_suite(RELEASE_SUITE))
    assert "at most 10% of pages have flag__title-slug-mismatch" in words
    assert "title is present on at least 95% of pages" in words
    assert "published_at is between 1990-01-01 and tomorrow" in words
    assert "the table has between 1 and 50,000,000 rows" in words
    assert "slug matches ^[a-z0-9]+(-[a-z0-9]+)*$ (nulls allowed) on at least 98% of pages" in words
