"""The HTML quality report: one self-contained page (inline CSS, inline SVG charts, no script,
no external resource) rendered from a `VersionReport`. Every piece of page text is escaped."""

from __future__ import annotations

import json
from datetime import date
from html import escape
from typing import Any

from pagevet import __version__
from pagevet.report import charts
from pagevet.report.version import Example, VersionReport

ROLE_ORDER = ("title", "lead", "body", "caption", "byline", "related", "nav", "artifact", "spam")
_CONTEXT = 2  # lines shown around each highlighted line
_HEAD_LINES = 8  # non-blank lines shown when a finding names no line
_MAX_LINE = 320  # characters of an unmarked line before it is cut

_CSS = """
:root { --fg:#1f2d3a; --muted:#5d6d7e; --line:#e5e8ec; --bg:#fff; --soft:#f6f8fa;
  --error:#c0392b; --warning:#b9770e; --info:#2e86c1; --ok:#1e8449; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",
  "DejaVu Sans",sans-serif; color:var(--fg); background:var(--bg); }
main { max-width:1180px; margin:0 auto; padding:24px 28px 60px; }
h1 { font-size:24px; margin:0 0 4px; }
h2 { font-size:19px; margin:36px 0 12px; padding-bottom:6px; border-bottom:2px solid var(--line); }
h3 { font-size:16px; margin:24px 0 8px; }
code, .mono { font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace; font-size:12.5px; }
.sub { color:var(--muted); margin:0; }
nav.toc { margin:14px 0 0; display:flex; flex-wrap:wrap; gap:6px 16px; font-size:13px; }
nav.toc a { color:var(--info); text-decoration:none; }
.cards { display:grid; grid-template-columns:repeat(auto-fit,minmax(150px,1fr)); gap:12px; margin-top:18px; }
.card { border:1px solid var(--line); border-radius:8px; padding:10px 14px; background:var(--soft); }
.card .n { font-size:22px; font-weight:650; }
.card .l { color:var(--muted); font-size:12.5px; }
.suite { border:1px solid var(--line); border-left-width:5px; border-radius:6px; padding:10px 14px;
  margin:10px 0; }
.suite.pass { border-left-color:var(--ok); } .suite.fail { border-left-color:var(--error); }
.suite ul { margin:6px 0 0; padding-left:20px; }
.verdict { font-weight:700; } .pass .verdict { color:var(--ok); } .fail .verdict { color:var(--error); }
table { border-collapse:collapse; width:100%; font-size:13px; }
th, td { text-align:left; padding:5px 9px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:var(--soft); font-weight:600; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
.bar { display:inline-block; height:9px; background:var(--info); border-radius:2px;
  vertical-align:middle; margin-right:6px; opacity:.75; }
.sev { display:inline-block; padding:0 7px; border-radius:9px; font-size:11.5px; font-weight:600;
  color:#fff; }
.sev-error { background:var(--error); } .sev-warning { background:var(--warning); }
.sev-info { background:var(--info); }
.charts { display:grid; grid-template-columns:repeat(auto-fit,minmax(470px,1fr)); gap:18px; }
.chart { margin:0; border:1px solid var(--line); border-radius:8px; padding:10px; background:#fff; }
.chart.wide { grid-column:1 / -1; }
.chart svg { display:block; max-width:100%; height:auto; margin:0 auto; }
.chart figcaption { color:var(--muted); font-size:12.5px; margin-top:4px; }
.example { border:1px solid var(--line); border-radius:8px; margin:14px 0; overflow:hidden; }
.example header { background:var(--soft); padding:8px 12px; border-bottom:1px solid var(--line); }
.example header .t { font-weight:600; }
.example header .meta { color:var(--muted); font-size:12.5px; overflow-wrap:anywhere; }
.finding { padding:6px 12px; border-bottom:1px solid var(--line); }
.finding details { margin-top:3px; }
.finding summary { cursor:pointer; color:var(--muted); font-size:12.5px; }
.finding pre { margin:4px 0 0; white-space:pre-wrap; word-break:break-word; background:var(--soft);
  padding:6px 8px; border-radius:4px; }
ol.lines { list-style:none; margin:0; padding:4px 0; }
ol.lines li { display:grid; grid-template-columns:42px 78px 1fr; gap:8px; padding:1px 12px;
  align-items:baseline; }
ol.lines li.hl { background:#fff4d6; box-shadow:inset 4px 0 0 #e0a800; }
ol.lines li.gap { display:block; color:var(--muted); font-style:italic; font-size:12.5px;
  padding:2px 12px 2px 62px; }
.ln { color:var(--muted); text-align:right; font-size:12px; font-variant-numeric:tabular-nums; }
.txt { white-space:pre-wrap; word-break:break-word; }
.role { display:inline-block; font-size:11px; padding:0 6px; border-radius:4px; text-align:center;
  border:1px solid transparent; }
.role-title { background:#d6eaf8; color:#1b4f72; } .role-lead { background:#d4efdf; color:#145a32; }
.role-body { background:#eaf2e3; color:#3b5323; } .role-caption { background:#e8daef; color:#4a235a; }
.role-byline { background:#fdebd0; color:#7e5109; } .role-related { background:#fadbd8; color:#78281f; }
.role-nav { background:#f5cba7; color:#6e2c00; } .role-artifact { background:#d5d8dc; color:#273746; }
.role-spam { background:#c0392b; color:#fff; } .role-blank { color:#aab7b8; border-color:#e5e8ec; }
mark { background:#ffd54f; padding:0 1px; border-radius:2px; }
.legend { display:flex; flex-wrap:wrap; gap:6px; margin:6px 0 0; }
.muted { color:var(--muted); }
footer { margin-top:40px; color:var(--muted); font-size:12px; }
"""


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _pct(value: float) -> str:
    return f"{value:.1%}" if value else "0%"


def _pages(n: int) -> str:
    return f"{n:,} page" if n == 1 else f"{n:,} pages"


def _sev(severity: str) -> str:
    return f'<span class="sev sev-{_e(severity)}">{_e(severity)}</span>'


def _role(role: str) -> str:
    return f'<span class="role role-{_e(role)}">{_e(role)}</span>'


def _summary(r: VersionReport) -> str:
    cards = [
        (f"{r.pages:,}", "pages"),
        (f"{r.readable:,}", "readable pages"),
        (f"{r.sources:,}", "sources"),
        *[(f"{n:,}", f"{split} split") for split, n in r.splits.items()],
    ]
    out = ['<div class="cards">']
    out += [
        f'<div class="card"><div class="n">{n}</div><div class="l">{_e(label)}</div></div>'
        for n, label in cards
    ]
    out.append("</div>")
    if not r.suites:
        out.append('<p class="muted">No Great Expectations suite was run on this version.</p>')
    for name, s in r.suites.items():
        ok = bool(s.get("success"))
        counts = (
            f"{s.get('passed', 0)}/{s.get('evaluated', 0)} expectations passed, "
            f"{s.get('failed', 0)} failed, {s.get('warned', 0)} warned"
        )
        out.append(
            f'<div class="suite {"pass" if ok else "fail"}"><span class="verdict">'
            f"{'PASSED' if ok else 'FAILED'}</span> suite <code>{_e(name)}</code>: {counts}"
        )
        if s.get("problems"):
            out.append("<ul>")
            for p in s["problems"]:
                observed = p.get("observed")
                detail = []
                if observed is not None:
                    detail.append(f"observed {_e(_short(observed))}")
                if p.get("unexpected"):
                    detail.append(f"{_e(p['unexpected'])} unexpected rows")
                tail = f' <span class="muted">({"; ".join(detail)})</span>' if detail else ""
                out.append(
                    f"<li>{_sev('error' if p.get('status') == 'failed' else 'warning')} "
                    f"{_e(p.get('description'))}{tail}</li>"
                )
            out.append("</ul>")
        out.append("</div>")
    return "\n".join(out)


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, float):
        text = f"{value:.4g}"
    return text if len(text) <= 120 else text[:117] + "…"


def _rules_table(r: VersionReport) -> str:
    if not r.rules:
        return '<p class="muted">No findings.</p>'
    top = max(row["rate"] for row in r.rules) or 1.0
    rows = []
    for row in r.rules:
        width = round(90 * row["rate"] / top)
        rows.append(
            f"<tr><td><code>{_e(row['rule'])}</code></td><td>{_sev(row['severity'])}</td>"
            f'<td class="num">{row["findings"]:,}</td><td class="num">{row["pages"]:,}</td>'
            f'<td class="num"><span class="bar" style="width:{width}px"></span>'
            f"{_pct(row['rate'])}</td></tr>"
        )
    return (
        '<table><thead><tr><th>rule</th><th>severity</th><th class="num">findings</th>'
        '<th class="num">pages</th><th class="num">share of pages</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table>"
    )


def _figure(svg: str, caption: str, wide: bool = False) -> str:
    return (
        f'<figure class="chart{" wide" if wide else ""}">{svg}'
        f"<figcaption>{_e(caption)}</figcaption></figure>"
    )


def _charts(r: VersionReport) -> str:
    figures = []
    rates = r.rates
    if rates["rules"] and rates["sources"]:
        labels = [f"{s} · {n:,}" for s, n in zip(rates["sources"], rates["pages"], strict=True)]
        figures.append(
            _figure(
                charts.rate_heatmap(labels, rates["rules"], rates["values"]),
                "Share of each source's pages with at least one finding of the rule (any "
                "severity); each source's page count after its name.",
                wide=True,
            )
        )
    figures.append(
        _figure(
            charts.histogram(
                r.nav_share["edges"],
                {"pages": r.nav_share["counts"]},
                name="nav",
                title="Navigation-character share",
                xlabel="share of a page's characters in nav, teaser, artifact and spam lines",
                percent_x=True,
            ),
            "nav_char_share per page: pages to the right are mostly site furniture.",
        )
    )
    empty = r.text_chars.get("empty", 0)
    figures.append(
        _figure(
            charts.histogram(
                r.text_chars["edges"],
                {"pages": r.text_chars["counts"]},
                name="length",
                title="Clean text length",
                xlabel="characters of clean text (log scale)",
                log_x=True,
            ),
            "text_chars per page"
            + (f"; not shown: {_pages(empty)} with no clean text." if empty else "."),
        )
    )
    t = r.timeline
    if t["starts"]:
        left_out = [
            f"{_pages(t['undated'])} without a date" if t["undated"] else "",
            f"{t['implausible']:,} flagged date-implausible" if t["implausible"] else "",
        ]
        note = "; ".join(x for x in left_out if x)
        figures.append(
            _figure(
                charts.timeline(
                    [date.fromisoformat(d) for d in t["starts"]],
                    t["counts"],
                    period=t["period"],
                    days=t["days"],
                ),
                f"published_at per {t['period']}" + (f"; not shown: {note}." if note else "."),
            )
        )
    s = r.slug_scores
    if s["series"]:
        figures.append(
            _figure(
                charts.histogram(
                    s["edges"],
                    s["series"],
                    name="slug",
                    title="Title/slug score by verdict",
                    xlabel="slug_score (1 = the slug renders the title)",
                    colors=charts.VERDICT_COLORS,
                ),
                f"slug_score per page, stacked by slug_verdict; not shown: "
                f"{_pages(s['unknown'])} without a slug (verdict unknown).",
            )
        )
    return '<div class="charts">' + "".join(figures) + "</div>"


def _spam_table(r: VersionReport) -> str:
    if not r.spam_lines:
        return '<p class="muted">No furniture line repeats across pages.</p>'
    rows = [
        f'<tr><td>{_e(x["source"])}</td><td class="num">{x["pages"]:,}</td>'
        f'<td class="num">{_pct(x["share"])}</td><td>'
        + " ".join(_role(role) for role in x["roles"].split(","))
        + f"</td><td>{_e(x['line'])}</td></tr>"
        for x in r.spam_lines
    ]
    return (
        '<table><thead><tr><th>source</th><th class="num">pages</th>'
        '<th class="num">of source</th><th>role</th><th>line</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table>"
    )


def _marks(evidence: dict[str, Any]) -> list[str]:
    """Strings from the evidence worth marking where they occur in a highlighted line."""
    found = []
    for key, value in evidence.items():
        if isinstance(value, str) and len(value) >= 4 and key not in ("kind", "raw"):
            found.append(value)
    return sorted(set(found), key=len, reverse=True)


def _marked(text: str, marks: list[str]) -> str:
    """`text` escaped, with the first occurrence of each mark wrapped in <mark>."""
    spans: list[tuple[int, int]] = []
    for m in marks:
        i = text.find(m)
        if i >= 0 and all(i >= b or i + len(m) <= a for a, b in spans):
            spans.append((i, i + len(m)))
    if not spans:
        cut = text if len(text) <= _MAX_LINE else text[: _MAX_LINE - 1] + "…"
        return _e(cut)
    out, pos = [], 0
    for a, b in sorted(spans):
        out += [_e(text[pos:a]), f"<mark>{_e(text[a:b])}</mark>"]
        pos = b
    out.append(_e(text[pos:]))
    return "".join(out)


def _highlighted(findings: list[dict[str, Any]]) -> set[int]:
    lines: set[int] = set()
    for f in findings:
        if f.get("line"):
            lines.add(int(f["line"]))
        ev = f.get("evidence") or {}
        for key in ("lines",):
            lines.update(int(n) for n in ev.get(key) or [] if isinstance(n, int))
        if isinstance(ev.get("other_line"), int):
            lines.add(ev["other_line"])
    return lines


def _lines(example: Example) -> str:
    hl = _highlighted(example.findings) | set(example.about_lines)
    quoted = {m for f in example.findings for m in _marks(f.get("evidence") or {})}
    marks = sorted(quoted | set(example.quotes), key=len, reverse=True)
    total = len(example.lines)
    if hl:
        shown = {n for h in hl for n in range(h - _CONTEXT, h + _CONTEXT + 1) if 1 <= n <= total}
    else:
        shown = {x["n"] for x in example.lines if x["role"] != "blank"}
        shown = set(sorted(shown)[:_HEAD_LINES])
    items, last = [], 0
    for line in example.lines:
        n = line["n"]
        # blank lines only take room: skipped (their numbers still count) unless named
        if n not in shown or (line["role"] == "blank" and n not in hl):
            continue
        hidden = sum(1 for x in example.lines[last : n - 1] if x["role"] != "blank")
        if hidden:
            items.append(
                f'<li class="gap">⋯ {hidden} more {"line" if hidden == 1 else "lines"}</li>'
            )
        is_hl = n in hl
        text = _marked(line["text"], marks if is_hl else [])
        items.append(
            f'<li class="{"hl" if is_hl else ""}"><span class="ln">{n}</span>'
            f'{_role(line["role"])}<span class="txt">{text}</span></li>'
        )
        last = n
    hidden = sum(1 for x in example.lines[last:] if x["role"] != "blank")
    if hidden:
        items.append(f'<li class="gap">⋯ {hidden} more {"line" if hidden == 1 else "lines"}</li>')
    return '<ol class="lines">' + "".join(items) + "</ol>"


def _example(example: Example) -> str:
    meta = [f"id <code>{_e(example.id)}</code>", f"source {_e(example.source)}"]
    if example.url:
        meta.append(f"url {_e(example.url)}")
    if example.path:
        meta.append(f"path <code>{_e(example.path)}</code>")
    findings = []
    for f in example.findings:
        where = f" (line {f['line']})" if f.get("line") else ""
        evidence = json.dumps(f.get("evidence"), ensure_ascii=False, indent=1)
        findings.append(
            f'<div class="finding">{_sev(f["severity"])} {_e(f["message"])}'
            f'<span class="muted">{_e(where)}</span><details><summary>evidence</summary>'
            f'<pre class="mono">{_e(evidence)}</pre></details></div>'
        )
    title = example.title or "(no title)"
    return (
        f'<article class="example"><header><div class="t">{_e(title)}</div>'
        f'<div class="meta">{" · ".join(meta)}</div></header>'
        + "".join(findings)
        + _lines(example)
        + "</article>"
    )


def _examples(r: VersionReport) -> str:
    if not r.examples:
        return '<p class="muted">No findings, so no examples.</p>'
    legend = '<div class="legend">' + "".join(_role(x) for x in ROLE_ORDER) + "</div>"
    out = [
        "<p>The worst pages per rule (highest severity first), with the lines around each "
        "finding (blank lines left out): highlighted lines are the ones the finding names, "
        "<mark>marked</mark> text is quoted in its evidence. Line roles:</p>" + legend
    ]
    rule = None
    for ex in r.examples:
        if ex.rule != rule:
            rule = ex.rule
            out.append(f'<h3 id="rule-{_e(rule)}"><code>{_e(rule)}</code></h3>')
        out.append(_example(ex))
    return "\n".join(out)


def render_html(report: VersionReport) -> str:
    """The whole report as one HTML document."""
    r = report
    title = f"{r.name} v{r.version}: quality report"
    sections = [
        ("summary", "Summary", _summary(r)),
        ("rules", "Findings per rule and severity", _rules_table(r)),
        ("charts", "Charts", _charts(r)),
        ("spam", "Top template and spam lines", _spam_table(r)),
        ("examples", "Worst examples per rule", _examples(r)),
    ]
    toc = "".join(f'<a href="#{key}">{_e(name)}</a>' for key, name, _ in sections)
    body = "\n".join(
        f'<section id="{key}"><h2>{_e(name)}</h2>\n{html}\n</section>'
        for key, name, html in sections
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head>\n"
        f"<body><main><header><h1>{_e(title)}</h1>"
        f'<p class="sub mono">{_e(r.folder)}</p><nav class="toc">{toc}</nav></header>\n'
        f"{body}\n"
        f"<footer>Generated by pagevet {_e(__version__)} from the version's raw config "
        "(every page read) and manifest.json.</footer></main></body></html>\n"
    )
