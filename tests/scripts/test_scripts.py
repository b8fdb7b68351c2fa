"""The analysis scripts, run as subprocesses on a built sample version. Expected numbers are
recomputed here from the Parquet rows in plain Python, not with the code the scripts use."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from pagevet.text.years import year_ranges

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
FURNITURE = {"nav", "related", "artifact", "spam"}
UNKNOWN = "(unknown)"


def run(script: str, *args: object, expect: int = 0) -> str:
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / script), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == expect, done.stderr
    return done.stdout if expect == 0 else done.stderr


def run_json(script: str, *args: object) -> Any:
    return json.loads(run(script, *args, "--json"))


def rows(version: Path, config: str = "raw") -> list[dict[str, Any]]:
    folder = version / ("raw" if config == "raw" else "data")
    out = []
    for path in sorted(folder.glob("*.parquet")):
        out += pq.read_table(path).to_pylist()
    return out


def source(row: dict[str, Any]) -> str:
    return row["source"] or UNKNOWN


@pytest.mark.parametrize(
    "script",
    [
        "spam_lines.py",
        "findings_by_source.py",
        "date_ranges.py",
        "slug_report.py",
        "compare_versions.py",
    ],
)
def test_help_shows_an_example(script: str) -> None:
    out = run(script, "--help")
    assert "Example:" in out and f"python scripts/{script}" in out


def test_a_folder_that_is_not_a_dataset_is_an_error(tmp_path: Path) -> None:
    err = run("spam_lines.py", tmp_path, expect=2)
    assert err.startswith("Error: ") and "neither a version folder" in err


def test_dataset_folder_means_its_latest_version(
    sample_dataset: Path, sample_version: Path
) -> None:
    assert run_json("slug_report.py", sample_dataset) == run_json("slug_report.py", sample_version)


def test_spam_lines_counts_pages_per_source_and_line(sample_version: Path) -> None:
    pages_per_source: Counter[str] = Counter()
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows(sample_version):
        pages_per_source[source(row)] += 1
        lines = (row["page_text"] or "").split("\n")
        if len(lines) != len(row["line_roles"]):
            continue
        for text, role in zip(lines, row["line_roles"], strict=True):
            if role["role"] in FURNITURE and text.strip():
                holders[(source(row), text.strip())].add(row["id"])
    got = run_json("spam_lines.py", sample_version, "--per-source", 5)
    assert got, "the sample has template lines"
    for item in got:
        key = (item["source"], item["line"])
        assert item["pages"] == len(holders[key])
        assert item["share"] == pytest.approx(
            item["pages"] / pages_per_source[item["source"]], abs=1e-4
        )
    for src in {s for s, _ in holders}:
        mine = sorted((len(ids) for (s, _), ids in holders.items() if s == src), reverse=True)
        listed = [i["pages"] for i in got if i["source"] == src]
        assert listed == [n for n in mine[:5] if n >= 2]
    # the text table and CSV carry the same top line
    top = max(got, key=lambda i: i["pages"])
    assert top["line"] in run("spam_lines.py", sample_version, "--per-source", 5)
    table = list(csv.DictReader(io.StringIO(run("spam_lines.py", sample_version, "--csv"))))
    assert {"source", "pages", "share", "roles", "line"} <= set(table[0])


def test_spam_lines_role_and_source_filters(sample_version: Path) -> None:
    got = run_json(
        "spam_lines.py", sample_version, "--roles", "nav", "--source", "dailyexample.com"
    )
    assert got and all(i["roles"] == "nav" and i["source"] == "dailyexample.com" for i in got)


def _finding_counts(version: Path, by_month: bool) -> dict[tuple, tuple[int, int, int]]:
    pages: Counter[tuple] = Counter()
    flagged: dict[tuple, set[str]] = defaultdict(set)
    findings: Counter[tuple] = Counter()
    for row in rows(version):
        month = row["published_at"].strftime("%Y-%m") if row["published_at"] else "(no date)"
        group = (source(row), month) if by_month else (source(row),)
        pages[group] += 1
        for f in row["findings"]:
            key = (*group, f["rule"], f["severity"])
            flagged[key].add(row["id"])
            findings[key] += 1
    return {k: (pages[k[:-2]], len(ids), findings[k]) for k, ids in flagged.items()}


@pytest.mark.parametrize("by_month", [False, True])
def test_findings_by_source_matches_the_findings_column(
    sample_version: Path, by_month: bool
) -> None:
    expected = _finding_counts(sample_version, by_month)
    got = run_json("findings_by_source.py", sample_version, *(["--by-month"] if by_month else []))
    keys = ["source", "month"] if by_month else ["source"]
    table = {tuple(i[k] for k in [*keys, "rule", "severity"]): i for i in got}
    assert set(table) == set(expected)
    for key, (pages, flagged, findings) in expected.items():
        item = table[key]
        assert (item["pages"], item["flagged"], item["findings"]) == (pages, flagged, findings)
        assert item["rate"] == pytest.approx(flagged / pages, abs=1e-4)


def test_findings_by_source_filters(sample_version: Path) -> None:
    got = run_json(
        "findings_by_source.py", sample_version, "--rule", "nav-spam", "--severity", "info"
    )
    assert got and {(i["rule"], i["severity"]) for i in got} == {("nav-spam", "info")}


def test_date_ranges_lists_every_range_with_its_verdict(sample_version: Path) -> None:
    expected = []
    flagged: dict[tuple[str, int, str], str] = {}
    for row in rows(sample_version):
        lines = (row["page_text"] or "").split("\n")
        for n, (text, role) in enumerate(zip(lines, row["line_roles"], strict=False), start=1):
            if role["role"] in ("title", "lead", "body"):
                expected += [(row["id"], n, r.label, r.phrase) for r in year_ranges(text)]
        for f in row["findings"]:
            if f["rule"] == "date-range-inconsistent":
                ev = json.loads(f["evidence"])
                flagged.setdefault((row["id"], f["line"], ev["range"]), ev["kind"])
    got = run_json("date_ranges.py", sample_version)
    assert sorted((i["id"], i["line"], i["range"], i["phrase"]) for i in got["ranges"]) == sorted(
        expected
    )
    verdicts = {(i["id"], i["line"], i["range"]): i["verdict"] for i in got["ranges"]}
    assert flagged, "the sample has inconsistent ranges"
    for key, kind in flagged.items():
        assert verdicts[key] == kind
    assert sum(v != "ok" for v in verdicts.values()) == len(flagged)
    # problems first in the table; --problems keeps only them
    problems = run_json("date_ranges.py", sample_version, "--problems")["ranges"]
    assert all(i["verdict"] != "ok" or i["corpus"] for i in problems)
    assert len(problems) >= len(flagged)


def test_date_range_outliers_are_rare_overlapping_ranges(sample_version: Path) -> None:
    got = run_json("date_ranges.py", sample_version)
    usage: dict[tuple[str, str], set[str]] = defaultdict(set)
    for i in got["ranges"]:
        if i["keyword"]:
            usage[(i["keyword"], i["range"])].add(i["id"])
    assert got["outliers"], "the sample writes a plan period with a rare range"
    for o in got["outliers"]:
        assert o["pages"] == len(usage[(o["keyword"], o["range"])])
        assert o["common_pages"] == len(usage[(o["keyword"], o["common_range"])])
        assert o["common_pages"] >= 2 and o["pages"] <= o["common_pages"] / 2
        s, e = map(int, o["range"].split("-"))
        cs, ce = map(int, o["common_range"].split("-"))
        assert min(e, ce) - max(s, cs) >= 1
    noted = {(i["keyword"], i["range"]) for i in got["ranges"] if i["corpus"]}
    assert noted == {(o["keyword"], o["range"]) for o in got["outliers"]}


def test_slug_report_counts_verdicts_and_lists_the_worst(sample_version: Path) -> None:
    all_rows = rows(sample_version)
    counts: Counter[tuple[str, str]] = Counter((source(r), r["slug_verdict"]) for r in all_rows)
    got = run_json("slug_report.py", sample_version, "--limit", 4)
    for item in got["verdicts"]:
        assert item["pages"] == sum(n for (s, _), n in counts.items() if s == item["source"])
        for verdict in ("match", "truncated", "edited", "mismatch", "unknown"):
            assert item.get(verdict, 0) == counts[(item["source"], verdict)]
    scored = sorted((r["slug_score"], r["id"]) for r in all_rows if r["slug_score"] is not None)
    assert [(i["slug_score"], i["id"]) for i in got["worst"]] == scored[:4]
    worst = {r["id"]: r for r in all_rows}[got["worst"][0]["id"]]
    assert (got["worst"][0]["title"], got["worst"][0]["slug"]) == (worst["title"], worst["slug"])
    table = list(
        csv.DictReader(
            io.StringIO(run("slug_report.py", sample_version, "--csv", "--table", "worst"))
        )
    )
    assert [r["id"] for r in table][:4] == [i for _, i in scored[:4]]


def test_compare_versions_side_by_side(two_versions: Path) -> None:
    a, b = two_versions / "versions/v1.0.0", two_versions / "versions/v1.1.0"
    ra, rb = rows(a), rows(b)
    got = run_json("compare_versions.py", two_versions, "v1.0.0", "v1.1.0")
    by_metric = {i["metric"]: i for i in got["rows"]}
    assert (by_metric["pages"]["a"], by_metric["pages"]["b"]) == (len(ra), len(rb))
    assert by_metric["pages"]["change"] == len(rb) - len(ra) < 0
    assert by_metric["readable"]["b"] == len(rows(b, "default"))
    sa, sb = Counter(map(source, ra)), Counter(map(source, rb))
    for item in got["sources"]:
        assert (item["a"], item["b"]) == (sa[item["source"]], sb[item["source"]])
    assert sum(i["change"] for i in got["sources"]) == len(rb) - len(ra)
    flags = [c.removeprefix("flag__") for c in ra[0] if c.startswith("flag__")]
    rates = {i["rule"]: i for i in got["rules"]}
    for rule in flags:
        assert rates[rule]["a"] == pytest.approx(
            sum(r[f"flag__{rule}"] for r in ra) / len(ra), abs=1e-4
        )
        assert rates[rule]["b"] == pytest.approx(
            sum(r[f"flag__{rule}"] for r in rb) / len(rb), abs=1e-4
        )
    lengths = {i["metric"]: i for i in got["lengths"]}
    assert lengths["chars_max"]["a"] == max(r["text_chars"] for r in ra)
    # DATASET A compares A with the latest; the text output names both folders
    assert run_json("compare_versions.py", two_versions, "v1.0.0") == got
    text = run("compare_versions.py", a, b)
    assert f"A = {a}" in text and "## rules" in text
