"""Running suites on build-contract tables: verdicts, counts, example ids, errors, no network."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import polars as pl
import pytest

from pagevet.errors import PagevetError
from pagevet.suites import Suite, SuiteResult, load_suite, run_suite, save_results, validate_path

from .frames import AS_OF, PAGES_SUITE, RELEASE_SUITE, ROWS, Defects, clean_pages

FAILING = {
    "expect_column_values_to_be_unique(id)",
    "expect_column_mean_to_be_between(flag__title-slug-mismatch)",
    "expect_column_values_to_be_between(published_at)",
}


def by_label(result: SuiteResult, label: str):
    return next(e for e in result.expectations if e.label == label)


def test_clean_pages_pass_every_expectation(clean_result: SuiteResult) -> None:
    assert clean_result.success
    assert [e.label for e in clean_result.expectations if not e.success] == []
    assert clean_result.statistics() == {"evaluated": 25, "passed": 25, "failed": 0, "warned": 0}
    assert clean_result.rows == ROWS


def test_clean_pages_pass_the_release_suite_too() -> None:
    result = run_suite(clean_pages(), RELEASE_SUITE, as_of=AS_OF)
    assert [e.message for e in result.expectations if not e.success] == []


def test_defects_fail_exactly_the_expectations_they_break(defect_result: SuiteResult) -> None:
    assert not defect_result.success
    assert {e.label for e in defect_result.failed} == FAILING
    assert defect_result.warned == []


def test_duplicate_id_counts_both_rows_and_names_the_id(
    defect_result: SuiteResult, defects: Defects
) -> None:
    unique = by_label(defect_result, "expect_column_values_to_be_unique(id)")
    assert unique.unexpected_count == 2
    assert unique.unexpected_percent == pytest.approx(100 * 2 / ROWS)
    assert unique.example_ids == [defects.duplicate_id]


def test_rate_cap_reports_the_rate_and_flagged_pages(
    defect_result: SuiteResult, defects: Defects
) -> None:
    cap = by_label(defect_result, "expect_column_mean_to_be_between(flag__title-slug-mismatch)")
    assert cap.severity == "error"
    assert cap.observed_value == pytest.approx(defects.mismatch_count / ROWS)
    assert cap.observed_value > 0.10
    assert cap.unexpected_count == defects.mismatch_count
    assert cap.example_ids == defects.mismatch_ids


def test_page_from_the_future_is_named(defect_result: SuiteResult, defects: Defects) -> None:
    dates = by_label(defect_result, "expect_column_values_to_be_between(published_at)")
    assert dates.unexpected_count == 1
    assert dates.example_ids == [defects.future_id]
    assert defect_result.parameters == {
        "today": "2026-01-01T00:00:00",
        "tomorrow": "2026-01-02T00:00:00",
    }


def test_future_bound_follows_the_validation_date(pages_suite: Suite, defects: Defects) -> None:
    later = run_suite(defects.frame, pages_suite, as_of=AS_OF + dt.timedelta(days=60))
    assert by_label(later, "expect_column_values_to_be_between(published_at)").success


def test_dates_beyond_pandas_range_still_fail_the_bounds(pages_suite: Suite) -> None:
    """pandas datetime64[ns] ends in 2262: such dates are clipped for GX, never nulled."""
    frame = clean_pages(20).with_columns(
        pl.when(pl.int_range(pl.len()) == 3)
        .then(pl.lit(dt.date(3000, 1, 1)))
        .when(pl.int_range(pl.len()) == 4)
        .then(pl.lit(dt.date(1, 1, 1)))
        .otherwise("published_at")
        .alias("published_at")
    )
    dates = by_label(
        run_suite(frame, pages_suite, as_of=AS_OF),
        "expect_column_values_to_be_between(published_at)",
    )
    assert dates.unexpected_count == 2
    assert dates.example_ids == frame.get_column("id").gather([3, 4]).to_list()


def test_gx_is_handed_only_the_columns_the_suite_reads(
    clean_result: SuiteResult, pages_suite: Suite
) -> None:
    assert clean_result.columns == list(pages_suite.columns)
    assert "text" not in clean_result.columns and "findings" not in clean_result.columns


def test_failed_warning_is_reported_but_does_not_fail(pages_suite: Suite) -> None:
    frame = clean_pages().with_columns(
        pl.when(pl.int_range(pl.len()) < 20)
        .then(pl.lit("fr"))
        .otherwise("language")
        .alias("language")
    )
    result = run_suite(frame, pages_suite, as_of=AS_OF)
    assert result.success
    assert [e.label for e in result.warned] == ["expect_column_values_to_be_in_set(language)"]
    assert result.warned[0].unexpected_count == 20


def test_missing_column_names_the_column_and_the_suite(pages_suite: Suite) -> None:
    with pytest.raises(PagevetError) as err:
        run_suite(clean_pages(20).drop("flag__nav-spam"), pages_suite, as_of=AS_OF)
    message = str(err.value)
    assert "flag__nav-spam" in message
    assert str(PAGES_SUITE) in message
    assert "expectations[6] (expect_column_mean_to_be_between)" in message


def test_expectation_gx_cannot_evaluate_is_a_clear_error(tmp_path: Path) -> None:
    suite = tmp_path / "s.json"
    suite.write_text(
        json.dumps(
            {
                "name": "s",
                "expectations": [
                    {
                        "type": "expect_column_mean_to_be_between",
                        "kwargs": {"column": "title", "max_value": 1},
                    }
                ],
            }
        )
    )
    with pytest.raises(PagevetError, match=r"expectations\[0\].*could not be evaluated by GX"):
        run_suite(clean_pages(20), suite, as_of=AS_OF)


def test_regex_polars_cannot_run_still_gets_gx_verdict(tmp_path: Path) -> None:
    suite = tmp_path / "s.json"
    regex = {"column": "slug", "regex": "^(?!ha-noi)"}  # look-ahead: Python re only
    entry = {"type": "expect_column_values_to_match_regex", "kwargs": regex}
    suite.write_text(json.dumps({"name": "s", "expectations": [entry]}))
    [result] = run_suite(clean_pages(50), suite, as_of=AS_OF).expectations
    assert not result.success
    assert result.unexpected_count and result.unexpected_count > 0
    assert result.example_ids == []


def test_result_data_is_json_and_saved_beside_the_version(
    defect_result: SuiteResult, tmp_path: Path
) -> None:
    written = save_results([defect_result], tmp_path, docs=True)
    assert written == [
        tmp_path / "validation" / "pages.json",
        tmp_path / "validation" / "docs" / "pages.html",
    ]
    assert json.loads(written[0].read_text("utf-8")) == defect_result.to_dict()
    html = written[1].read_text("utf-8")
    assert "values must be unique" in html and "flag__title-slug-mismatch" in html


def test_validate_path_reads_a_version_folder(tmp_path: Path, defects: Defects) -> None:
    data = tmp_path / "v1.0.0" / "data"
    data.mkdir(parents=True)
    defects.frame.head(100).write_parquet(data / "train-00000-of-00002.parquet")
    defects.frame.tail(100).write_parquet(data / "train-00001-of-00002.parquet")
    [result] = validate_path(tmp_path / "v1.0.0", [PAGES_SUITE], as_of=AS_OF)
    assert result.rows == ROWS
    assert {e.label for e in result.failed} == FAILING


def test_validate_path_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    with pytest.raises(PagevetError, match="no \\*.parquet files"):
        validate_path(tmp_path, [PAGES_SUITE])
    with pytest.raises(PagevetError, match="does not exist"):
        validate_path(tmp_path / "nope.parquet", [PAGES_SUITE])


_connections: list[tuple[str, tuple]] = []
_watching = False


def _audit(event: str, args: tuple) -> None:
    if _watching and event in {"socket.connect", "socket.getaddrinfo", "socket.sendto"}:
        _connections.append((event, args))


def test_validation_makes_no_network_connection(pages_suite: Suite) -> None:
    global _watching
    sys.addaudithook(_audit)  # audit hooks cannot be removed: the flag scopes it to this test
    _watching = True
    try:
        result = run_suite(clean_pages(50, seed=3), load_suite(PAGES_SUITE), as_of=AS_OF)
    finally:
        _watching = False
    assert result.success
    assert _connections == []
    assert os.environ["GX_ANALYTICS_ENABLED"] == "false"


STRICT_MOSTLY = {
    "name": "strict",
    "expectations": [
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "title", "mostly": 0.999}},
        {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "slug", "regex": "^[a-z0-9-]+$", "mostly": 0.999}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "text_chars", "min_value": 300, "mostly": 0.999}},
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "language", "value_set": ["vi"], "mostly": 0.5}},
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}},
    ],
}  # fmt: skip


@pytest.mark.parametrize("suite_path", [PAGES_SUITE, RELEASE_SUITE, "strict"])
def test_a_table_validated_in_batches_gives_the_one_run_results(
    defects: Defects, suite_path: Path | str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above BATCH_ROWS rows, row-by-row expectations run batch by batch (counts summed, GX's
    verdict arithmetic on the totals, examples in row order) and the others once on their own
    columns: the results are those of one GX run on the whole table, from a frame or from
    Parquet files read a batch at a time."""
    import pagevet.suites.run as run_module

    frame = defects.frame
    if suite_path == "strict":
        suite_path = tmp_path / "strict.json"
        suite_path.write_text(json.dumps(STRICT_MOSTLY), "utf-8")
        row = pl.int_range(pl.len())
        frame = frame.with_columns(  # a few nulls, in some batches only
            pl.when(row % 37 == 5).then(None).otherwise(pl.col("title")).alias("title"),
            pl.when(row % 3 == 0)
            .then(pl.lit("en"))
            .otherwise(pl.col("language"))
            .alias("language"),
        )
    suite = load_suite(suite_path)
    whole = run_suite(frame, suite, as_of=AS_OF).to_dict()
    files = []
    for n, start in enumerate(range(0, ROWS, 70)):
        files.append(tmp_path / f"part-{n}.parquet")
        frame.slice(start, 70).write_parquet(files[-1], row_group_size=13)
    monkeypatch.setattr(run_module, "BATCH_ROWS", 29)
    from_frame = run_suite(frame, suite, as_of=AS_OF)
    assert from_frame.to_dict() == whole
    table = run_module.ParquetTable(files, str(tmp_path))
    assert run_suite(table, suite, as_of=AS_OF).to_dict() == whole
    if suite.name == "strict":  # `mostly` verdicts decided on the totals, not per batch
        assert any(not e["success"] and e["kwargs"].get("mostly") for e in whole["expectations"])
    assert any(e["example_ids"] for e in whole["expectations"])
    # one GX suite result for Data Docs, in the suite's order, with the summed counts
    gx = from_frame.gx_result
    assert [r.expectation_config.meta["pagevet_index"] for r in gx.results] == list(
        range(len(suite.expectations))
    )
    nulls = next(r for r in gx.results if r.expectation_config.type.endswith("not_be_null"))
    assert nulls.result["element_count"] == ROWS


def test_validating_a_version_in_batches_gives_todays_results(
    sample_version: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundled sample's saved validation results are what `validate` finds on its data
    files, read whole or a few rows at a time."""
    import pagevet.suites.run as run_module

    saved = json.loads((sample_version / "validation" / "pages.json").read_text("utf-8"))
    as_of = dt.date.fromisoformat(saved["parameters"]["today"][:10])
    whole = validate_path(sample_version, [PAGES_SUITE], as_of=as_of)[0].to_dict()
    monkeypatch.setattr(run_module, "BATCH_ROWS", 23)
    batched = validate_path(sample_version, [PAGES_SUITE], as_of=as_of)[0].to_dict()
    assert batched == whole
    # the build validated the default config sorted by id, `validate` reads it file by file:
    # only which pages come first as examples may differ
    for mine, built in zip(batched["expectations"], saved["expectations"], strict=True):
        assert bool(mine.pop("example_ids")) == bool(built.pop("example_ids"))
    saved.pop("path"), batched.pop("path")
    assert batched == saved
