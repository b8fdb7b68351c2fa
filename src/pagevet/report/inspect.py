"""One page as a person reads it: fields, each line with its role, findings beside lines."""

from __future__ import annotations

import json
from typing import Any

FIELDS = (
    "id",
    "path",
    "source",
    "url",
    "title",
    "slug",
    "byline",
    "published_at",
    "published_from",
    "crawled_at",
    "crawled_from",
    "language",
    "text_chars",
)


def page_record(row: dict[str, Any]) -> dict[str, Any]:
    """The JSON form of a page (`inspect --format jsonl`): fields, text, line roles, findings."""
    record = {k: row.get(k) for k in FIELDS}
    record["lead"] = row.get("lead")
    record["text"] = row.get("text")
    # the lines `line_roles` number: the page as parsed (for HTML, its extracted text)
    record["page_text"] = row.get("page_text")
    record["line_roles"] = row.get("line_roles") or []
    record["findings"] = [
        {**f, "evidence": json.loads(f["evidence"]) if f.get("evidence") else {}}
        for f in row.get("findings") or []
    ]
    record["flags"] = sorted(
        k.removeprefix("flag__") for k, v in row.items() if k.startswith("flag__") and v
    )
    return record


def render_page(row: dict[str, Any], width: int = 110) -> str:
    out = [f"== {row.get('path')} (id {row.get('id')})"]
    for key in FIELDS[2:]:
        value = row.get(key)
        if value is not None:
            out.append(f"{key:>15}: {value}")
    by_line: dict[int | None, list[dict[str, Any]]] = {}
    for f in row.get("findings") or []:
        by_line.setdefault(f["line"], []).append(f)
    for f in by_line.pop(None, []):
        out.append(f"{'':>15}  ! {f['rule']} [{f['severity']}] {f['message']}")
    lines = (row.get("page_text") or "").split("\n")
    roles = {r["n"]: r["role"] for r in row.get("line_roles") or []}
    out.append("")
    for n, line in enumerate(lines, start=1):
        shown = line if len(line) <= width else line[: width - 1] + "…"
        out.append(f"{n:>4} {roles.get(n, '?'):<8} │ {shown}")
        for f in by_line.get(n, []):
            out.append(f"{'':>4} {'':<8} │   ^ {f['rule']} [{f['severity']}] {f['message']}")
    return "\n".join(out) + "\n"
