"""The report is safe to open: page titles, text, URLs and file names that carry markup are
escaped in HTML and Markdown, and nothing in them runs in headless Chromium (no script, no
dialog, no console error, no resource load)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_report_browser import CHROMIUM, probe

from pagevet.report.render import render_report
from pagevet.store.build import build_version

PAYLOADS = [
    "<script>window.__pwned=1;alert(1)</script>",
    '"><img src=x onerror="window.__pwned=2;alert(2)">',
    "'><svg onload=window.__pwned=3>",
    "</title></style></textarea><script>window.__pwned=4</script>",
    "[click](javascript:window.__pwned=5) <iframe src=javascript:alert(5)>",
]
SPAM = "XSMB hôm nay: kết quả xổ số miền Bắc, soi cầu lô đề, dự đoán XSMT XSMN chính xác"
SMOKE = '{"name": "smoke", "expectations": [{"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "id"}, "meta": {}, "severity": "critical"}], "meta": {}}'


@pytest.fixture(scope="module")
def hostile_version(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("xss")
    (root / "checks").mkdir()
    (root / "checks/smoke.json").write_text(SMOKE, "utf-8")
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n", "utf-8")
    ds = root / "news"
    raw = ds / "raw"
    raw.mkdir(parents=True)
    records = [
        {
            "id": f"xss-{i}",
            "url": f'https://tin.example.vn/{i}/"><script>window.__pwned={10 + i}</script>',
            "title": payload,
            "text": f"{payload}\n\n{SPAM}\n\n{payload} {SPAM}\n\n<b>{payload}</b>",
        }
        for i, payload in enumerate(PAYLOADS)
    ]
    (raw / "pages.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", "utf-8")
    (raw / '<img src=x onerror="window.__pwned=9">.txt').write_text(
        f"{PAYLOADS[0]}\n\n{SPAM}\n", "utf-8"
    )
    (raw / "001_00000000000000aa.txt").write_bytes(b"\xff\xfe<script>window.__pwned=8</script>")
    (ds / "dataset.toml").write_text(
        'name = "xss"\nlicense = "cc-by-4.0"\nlanguages = ["vi"]\nsuites = ["checks/smoke.json"]\n'
        'release_suite = ""\n\n[[sources]]\npath = "raw"\n',
        "utf-8",
    )
    return build_version(ds).folder


def test_markup_from_pages_is_escaped_in_html_and_markdown(hostile_version: Path) -> None:
    html = render_report(hostile_version)
    for raw in ("<script", "<img", "<svg onload", "<iframe", 'onerror="window', "<b>"):
        assert raw not in html, raw  # (the charts are inline <svg>, without handlers)
    # the payloads are shown, as text
    assert "&lt;script&gt;window.__pwned=1" in html
    assert "&lt;img src=x onerror=" in html
    md = render_report(hostile_version, "md")
    for raw in ("<script", "<img", "<svg", "<iframe"):
        assert raw not in md, raw


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH")
def test_nothing_from_pages_runs_in_chromium(hostile_version: Path, tmp_path: Path) -> None:
    html = render_report(hostile_version)
    # every payload calls a dialog or sets window.__pwned: both are recorded as problems
    guard = (
        "<script>window.alert = window.confirm = window.prompt = function (m) {"
        ' window.__problems.push("dialog " + m); };'
        ' Object.defineProperty(window, "__pwned", {set: function (v) {'
        ' window.__problems.push("pwned " + v); }});</script>'
    )
    found, log = probe(html.replace("<head>", "<head>" + guard, 1), tmp_path)
    assert found["problems"] == [], found["problems"]
    assert found["resources"] == []
    assert "Uncaught" not in log
