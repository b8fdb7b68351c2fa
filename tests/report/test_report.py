"""The version report: data, HTML (self-contained, escaped), Markdown summary, CLI."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from clirun import run_cli
from pagevet.errors import PagevetError
from pagevet.report.html import render_html
from pagevet.report.markdown import markdown_summary
from pagevet.report.render import render_report, report_path
from pagevet.report.version import Example, collect_report

PAGEVET = str(Path(sys.executable).with_name("pagevet"))


def raw_rows(version: Path) -> list[dict]:
    return [
        r for p in sorted((version / "raw").glob("*.parquet")) for r in pq.read_table(p).to_pylist()
    ]


def test_report_data_matches_the_manifest_and_the_rows(sample_version: Path) -> None:
    manifest = json.loads((sample_version / "manifest.json").read_text("utf-8"))
    rows = raw_rows(sample_version)
    report = collect_report(sample_version)
    assert (report.pages, report.readable) == (
        manifest["counts"]["pages"],
        manifest["counts"]["readable"],
    )
    assert report.sources == len({r["source"] for r in rows})
    assert {n: s["success"] for n, s in report.suites.items()} == {
        n: s["success"] for n, s in manifest["suites"].items()
    }
    for row in report.rules:
        assert row["findings"] == manifest["counts"]["findings"][row["rule"]][row["severity"]]
    assert sum(report.nav_share["counts"]) == sum(r["nav_char_share"] is not None for r in rows)
    assert sum(report.text_chars["counts"]) + report.text_chars["empty"] == len(rows)
    t = report.timeline
    assert sum(t["counts"]) + t["undated"] + t["implausible"] == len(rows)
    scored = sum(sum(c) for c in report.slug_scores["series"].values())
    assert scored + report.slug_scores["unknown"] == len(rows)
    failed = [p for s in report.suites.values() for p in s["problems"] if p["status"] == "failed"]
    assert len(failed) == sum(s["failed"] for s in manifest["suites"].values())
    json.dumps(report.to_dict(), default=str)  # plain data


def test_examples_show_the_worst_pages_per_rule_with_their_lines(sample_version: Path) -> None:
    report = collect_report(sample_version, examples_per_rule=2)
    rows = {r["id"]: r for r in raw_rows(sample_version)}
    rules = {f["rule"] for r in rows.values() for f in r["findings"]}
    assert {e.rule for e in report.examples} == rules
    for ex in report.examples:
        row = rows[ex.id]
        assert [x["text"] for x in ex.lines] == row["page_text"].split("\n")
        assert all(f["rule"] == ex.rule for f in ex.findings) and ex.findings
    # nav-spam: the most severe first, then the largest navigation share
    rank = {"info": 0, "warning": 1, "error": 2}
    worst = {
        i: max(rank[f["severity"]] for f in r["findings"] if f["rule"] == "nav-spam")
        for i, r in rows.items()
        if any(f["rule"] == "nav-spam" for f in r["findings"])
    }
    expected = sorted(worst, key=lambda i: (-worst[i], -rows[i]["nav_char_share"], i))
    assert [e.id for e in report.examples if e.rule == "nav-spam"] == expected[:2]


def test_html_is_self_contained(sample_version: Path) -> None:
    html = render_report(sample_version)
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    for section in ("summary", "rules", "charts", "spam", "examples"):
        assert f'<section id="{section}">' in html
    assert html.count('<figure class="chart') == 5
    assert html.count("<svg") == 5
    # nothing to fetch: no script, stylesheet link, image, frame or remote URL in an attribute
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", html)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "@import" not in html and "url(http" not in html
    assert render_report(sample_version) == html  # no timestamps, stable SVG ids


def test_every_piece_of_page_text_is_escaped(sample_version: Path) -> None:
    report = collect_report(sample_version, examples_per_rule=1)
    evil = "<script>alert(1)</script> & <b>bold</b>"
    example = Example(
        rule="date-range-inconsistent",
        id='x"><script>',
        source="<i>site</i>",
        title=evil,
        url="javascript:alert(1)",
        path="raw/<a>.txt",
        findings=[
            {
                "rule": "date-range-inconsistent",
                "severity": "warning",
                "line": 2,
                "message": evil,
                "evidence": {"phrase": "giai đoạn <5 năm> 2021-2026"},
            }
        ],
        lines=[
            {"n": 1, "role": "title", "text": evil},
            {"n": 2, "role": "body", "text": "Trong giai đoạn <5 năm> 2021-2026 & sau đó"},
        ],
    )
    line = {"source": "<u>s</u>", "pages": 3, "share": 0.5, "roles": "nav", "line": evil}
    html = render_html(replace(report, examples=[example], spam_lines=[line]))
    assert "<script" not in html and "<b>bold" not in html and "<i>site" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<mark>giai đoạn &lt;5 năm&gt; 2021-2026</mark> &amp; sau đó" in html
    assert '<li class="hl"><span class="ln">2</span>' in html


def test_markdown_summary_is_the_manifest_in_a_table(sample_version: Path) -> None:
    manifest = json.loads((sample_version / "manifest.json").read_text("utf-8"))
    md = markdown_summary(sample_version)
    assert md.startswith("### sample-news v1.0.0: quality summary")
    for name, suite in manifest["suites"].items():
        assert f"suite `{name}`: {'✅ passed' if suite['success'] else '❌ FAILED'}" in md
    pages = manifest["counts"]["pages"]
    for rule, n in manifest["counts"]["flags"].items():
        per = manifest["counts"]["findings"].get(rule, {})
        if n or per:  # a rule with info findings only flags no page but has its row
            cells = " | ".join(str(per.get(s, "")) for s in ("error", "warning", "info"))
            assert f"| `{rule}` | {n} | {n / pages:.1%} | {cells} |" in md
        else:
            assert f"`{rule}`" in md.split("No findings for:")[1]
    assert render_report(sample_version, "md") == md


def test_unknown_format_is_refused(sample_version: Path) -> None:
    with pytest.raises(PagevetError, match="unknown report format 'pdf'; known: html, md"):
        render_report(sample_version, "pdf")


def test_report_command(sample_dataset: Path, tmp_path: Path) -> None:
    done = run_cli("report", str(sample_dataset))
    assert done.code == 0, done.err
    written = report_path(sample_dataset / "versions/v1.0.0")
    assert written == sample_dataset / "versions/v1.0.0.report.html"
    assert done.out.strip() == f"wrote {written}" and written.read_text("utf-8").startswith(
        "<!DOCTYPE html>"
    )
    md = run_cli("report", str(sample_dataset), "--version", "1.0.0", "--format", "md")
    assert md.code == 0 and md.out == markdown_summary(sample_dataset / "versions/v1.0.0")
    out = tmp_path / "r.html"
    to_file = run_cli("report", str(sample_dataset / "versions/v1.0.0"), "-o", str(out))
    assert to_file.code == 0 and out.read_text("utf-8") == written.read_text("utf-8")
    missing = run_cli("report", str(sample_dataset), "--version", "9.9.9")
    assert missing.code == 2 and "built versions: v1.0.0" in missing.err


def test_build_report_writes_beside_the_immutable_version(two_versions: Path) -> None:
    version = two_versions / "versions/v1.1.0"
    beside = two_versions / "versions/v1.1.0.report.html"
    assert beside.is_file() and "sample-news v1.1.0: quality report" in beside.read_text("utf-8")
    assert not list(version.rglob("*.html"))
    done = run_cli("verify", str(two_versions))
    assert done.code == 0, done.err
