"""Read the title-slug-mismatch verdicts on real title/URL pairs.

Usage: python scripts/eval_slugs.py [EVAL_DIR]   (default: ../shared/eval next to the repo)

On `danes/` (Vietnamese news titles + URLs from hundreds of sites) it prints every edited and
mismatch verdict, a fixed-seed sample of 30 match/truncated verdicts and the count per verdict,
for a person to read and judge. On `dantri/` (clean news) it prints the rate of edited/mismatch
verdicts, which are false positives on rows whose title line is known to match the slug.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polars as pl

from pagevet.pages.parse import slug_from_url
from pagevet.pages.slugs import slug_verdicts

DEFAULT_EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
SAMPLE = 30
SEED = 7


def _load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _verdicts(rows: list[dict[str, str | None]]) -> pl.DataFrame:
    pages = pl.DataFrame(rows, schema={"id": pl.String, "title": pl.String, "slug": pl.String})
    return pages.join(slug_verdicts(pages), on="id", how="left", maintain_order="left")


def _show(frame: pl.DataFrame) -> None:
    for row in frame.iter_rows(named=True):
        print(f"  [{row['slug_verdict']} {row['slug_score']}] {row['title']}")
        print(f"      slug: {row['slug']}")


def danes(path: Path) -> None:
    docs = _load(path)
    rows = [
        {"id": str(n), "title": d.get("title"), "slug": slug_from_url(d.get("url"))}
        for n, d in enumerate(docs)
    ]
    out = _verdicts(rows)
    flagged = out.filter(pl.col("slug_verdict").is_in(["edited", "mismatch"]))
    print(f"== danes: {out.height} pages, {flagged.height} flagged edited/mismatch")
    _show(flagged.sort("slug_verdict", "slug_score"))
    clean = out.filter(pl.col("slug_verdict").is_in(["match", "truncated"]))
    print(f"== danes: sample of {SAMPLE} match/truncated (seed {SEED})")
    _show(clean.sample(min(SAMPLE, clean.height), seed=SEED))
    print("== danes: unknown")
    _show(out.filter(pl.col("slug_verdict") == "unknown"))
    print("== danes: verdict counts")
    for verdict, count in out.group_by("slug_verdict").len().sort("slug_verdict").iter_rows():
        print(f"  {verdict}: {count}")


def dantri(path: Path) -> None:
    docs = _load(path)
    rows = []
    for n, d in enumerate(docs):
        first_line = (d.get("text") or "").split("\n", 1)[0].strip()
        rows.append(
            {
                "id": str(n),
                "title": d.get("title") or first_line,
                "slug": slug_from_url(d.get("url")),
                "has_title": d.get("title") is not None,
            }
        )
    out = pl.DataFrame(rows).join(
        slug_verdicts(pl.DataFrame(rows).select("id", "title", "slug")), on="id", how="left"
    )
    flag = pl.col("slug_verdict").is_in(["edited", "mismatch"])
    for label, part in (
        ("title given (first line folds to the slug)", out.filter(pl.col("has_title"))),
        ("no title: first text line used", out.filter(~pl.col("has_title"))),
    ):
        flagged = part.filter(flag)
        rate = flagged.height / max(part.height, 1)
        print(f"== dantri, {label}: {part.height} pages, {flagged.height} flagged ({rate:.1%})")
        counts = part.group_by("slug_verdict").len().sort("slug_verdict").iter_rows()
        print("  " + ", ".join(f"{v}: {c}" for v, c in counts))
        if label.startswith("title"):
            _show(flagged)


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_EVAL
    if not root.is_dir():
        print(f"no evaluation data at {root}: nothing to do")
        return 0
    for name, run in (("danes", danes), ("dantri", dantri)):
        path = root / name / "docs.jsonl"
        if path.is_file():
            run(path)
        else:
            print(f"no {path}: skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
