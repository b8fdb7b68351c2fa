"""The HTML report in a real browser: headless Chromium with the network blocked loads the
file, a probe (added to a copy of the report only; the report carries no script) records
script errors, failed resource loads and the rendered size of every chart, and a screenshot is
saved to $PAGEVET_ARTIFACTS (or the test's temp folder). Skipped without a Chromium binary."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest

from pagevet.report.render import render_report

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH")

# Installed first in <head>: catches script errors, console.error and failed resource loads.
PROBE_HEAD = """<script>
window.__problems = [];
window.addEventListener("error", function (e) {
  var t = e.target;
  window.__problems.push(t && t !== window ? "resource " + (t.src || t.href) : "error " + e.message);
}, true);
var __ce = console.error;
console.error = function () { window.__problems.push("console " + [].join.call(arguments, " ")); };
</script>"""
# Appended at the end of <body>: on `load` (every resource loaded or failed) it measures the
# charts and writes the result into the DOM, which --dump-dom then prints.
PROBE_BODY = """<pre id="probe"></pre><script>
window.addEventListener("load", function () {
  var charts = Array.prototype.map.call(document.querySelectorAll(".chart"), function (c) {
    var svg = c.querySelector("svg"), r = svg ? svg.getBoundingClientRect() : null;
    return {svg: !!svg, width: r ? r.width : 0, height: r ? r.height : 0,
            texts: svg ? svg.querySelectorAll("text").length : 0};
  });
  document.getElementById("probe").textContent = JSON.stringify({
    problems: window.__problems, charts: charts,
    resources: performance.getEntriesByType("resource").map(function (e) { return e.name; }),
    width: document.documentElement.scrollWidth, viewport: window.innerWidth
  });
});
</script>"""


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--enable-logging=stderr",
        f"--user-data-dir={profile}",
        # every request goes to a closed port, so anything fetched from a network fails
        "--proxy-server=127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def report_file(sample_version: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "report.html"
    path.write_text(render_report(sample_version), "utf-8")
    return path


def probe(html: str, folder: Path) -> tuple[dict, str]:
    """Load `html` with the probe added: what the probe found, and Chromium's log."""
    probed = folder / "probed.html"
    with_probe = html.replace("<head>", "<head>" + PROBE_HEAD, 1)
    probed.write_text(with_probe.replace("</body>", PROBE_BODY + "</body>", 1), "utf-8")
    done = chromium(folder / "profile", "--window-size=1280,2400", "--dump-dom", probed.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert found, f"probe did not run:\n{done.stdout[:500]}\n{done.stderr[-2000:]}"
    return json.loads(unescape(found.group(1))), done.stderr


def test_the_probe_sees_network_use_and_script_errors(tmp_path: Path) -> None:
    html = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        '<img src="http://example.com/x.png"><script>undefinedFunction()</script></body></html>'
    )
    found, _ = probe(html, tmp_path)
    assert any(p.startswith("resource http://example.com/x.png") for p in found["problems"])
    assert any("undefinedFunction" in p for p in found["problems"])


def test_report_renders_offline_without_errors(report_file: Path, tmp_path: Path) -> None:
    html = report_file.read_text("utf-8")
    assert "<script" not in html
    found, log = probe(html, tmp_path)
    assert found["problems"] == []
    assert found["resources"] == []
    assert "net::ERR" not in log and "Uncaught" not in log
    assert len(found["charts"]) == 5
    for chart in found["charts"]:
        assert chart["svg"] and chart["width"] > 200 and chart["height"] > 100, chart
        assert chart["texts"] > 5  # axis labels and titles stay text
    assert found["width"] <= found["viewport"], "the page scrolls sideways"


def test_screenshot(report_file: Path, tmp_path: Path) -> None:
    out_dir = Path(os.environ.get("PAGEVET_ARTIFACTS") or tmp_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    shot = out_dir / "report.png"
    shot.unlink(missing_ok=True)
    done = chromium(
        tmp_path / "profile",
        "--window-size=1280,2400",
        f"--screenshot={shot}",
        report_file.as_uri(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    from PIL import Image

    with Image.open(shot) as image:
        assert image.size == (1280, 2400)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
        assert colours is None or len(colours) > 50, "the screenshot is blank"
