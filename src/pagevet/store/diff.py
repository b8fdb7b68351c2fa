"""Compare two versions: pages added, removed, changed (by content hash), schema changes, and
per-rule rate deltas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from pagevet.store.manifest import read_manifest
from pagevet.versions import version_dir

# What "changed" means for a page: any of its content or findings, not its provenance path.
CONTENT = ["source", "url", "slug", "title", "lead", "text", "byline", "published_at",
           "crawled_at", "language", "findings"]  # fmt: skip


def _pages(folder: Path) -> pl.DataFrame:
    frame = pl.read_parquet(folder / "raw" / "*.parquet")
    present = [c for c in CONTENT if c in frame.columns]
    return frame.select(
        "id",
        pl.struct(present).hash(seed=0).alias("content_hash"),
        *[pl.col(c).hash(seed=0).alias(f"hash__{c}") for c in present],
        *[c for c in frame.columns if c.startswith("flag__")],
    )


def _field_changes(joined: pl.DataFrame, changed: list[str]) -> dict[str, int]:
    """Pages whose field changed, per field, among the pages present in both versions."""
    both = joined.filter(pl.col("id").is_in(changed))
    out = {}
    for name in CONTENT:
        a, b = f"hash__{name}", f"hash__{name}_b"
        if a in both.columns and b in both.columns:
            n = both.filter(pl.col(a) != pl.col(b)).height
            if n:
                out[name] = n
    return out


def diff_versions(dataset_dir: str | Path, a: str, b: str, examples: int = 10) -> dict[str, Any]:
    dataset_dir = Path(dataset_dir)
    fa, fb = version_dir(dataset_dir, a), version_dir(dataset_dir, b)
    ma, mb = read_manifest(fa), read_manifest(fb)
    pa_, pb = _pages(fa), _pages(fb)
    joined = pa_.join(pb, on="id", how="full", suffix="_b", coalesce=True)
    added = joined.filter(pl.col("content_hash").is_null())["id"].sort().to_list()
    removed = joined.filter(pl.col("content_hash_b").is_null())["id"].sort().to_list()
    changed = (
        joined.filter(
            pl.col("content_hash").is_not_null()
            & pl.col("content_hash_b").is_not_null()
            & (pl.col("content_hash") != pl.col("content_hash_b"))
        )["id"]
        .sort()
        .to_list()
    )
    rules = sorted(
        {c.removeprefix("flag__") for c in [*pa_.columns, *pb.columns] if c.startswith("flag__")}
    )
    rates = {}
    for rule in rules:
        col = f"flag__{rule}"
        ra = float(pa_[col].mean() or 0.0) if col in pa_.columns else None
        rb = float(pb[col].mean() or 0.0) if col in pb.columns else None
        rates[rule] = {
            "a": None if ra is None else round(ra, 4),
            "b": None if rb is None else round(rb, 4),
            "delta": None if ra is None or rb is None else round(rb - ra, 4),
        }
    schema = {}
    for config in sorted(set(ma.get("schema", {})) | set(mb.get("schema", {}))):
        sa, sb = ma.get("schema", {}).get(config, {}), mb.get("schema", {}).get(config, {})
        schema[config] = {
            "added": sorted(set(sb) - set(sa)),
            "removed": sorted(set(sa) - set(sb)),
            "changed": sorted(k for k in set(sa) & set(sb) if sa[k] != sb[k]),
        }
    return {
        "dataset": str(dataset_dir),
        "a": ma["version"],
        "b": mb["version"],
        "rows": {"a": pa_.height, "b": pb.height},
        "pages": {
            "added": len(added),
            "removed": len(removed),
            "changed": len(changed),
            "unchanged": pa_.height - len(removed) - len(changed),
        },
        "fields": _field_changes(joined, changed),
        "examples": {
            "added": added[:examples],
            "removed": removed[:examples],
            "changed": changed[:examples],
        },  # fmt: skip
        "schema": schema,
        "rule_rates": rates,
    }


def render_diff(d: dict[str, Any]) -> str:
    p = d["pages"]
    lines = [
        f"{d['dataset']}: v{d['a']} → v{d['b']}",
        f"rows {d['rows']['a']} → {d['rows']['b']}: +{p['added']} added, -{p['removed']} "
        f"removed, ~{p['changed']} changed, {p['unchanged']} unchanged",
    ]
    if d.get("fields"):
        lines.append(
            "  fields changed: "
            + ", ".join(f"{name}: {n} page{'s' * (n != 1)}" for name, n in d["fields"].items())
        )
    for kind in ("added", "removed", "changed"):
        shown = d["examples"][kind]
        if shown:
            cut = (
                f" … (list cut: first {len(shown)} of {p[kind]} shown)"
                if p[kind] > len(shown)
                else ""
            )
            lines.append(f"  {kind}: {', '.join(shown)}{cut}")
    for config, s in d["schema"].items():
        if any(s.values()):
            lines.append(f"schema {config}: +{s['added']} -{s['removed']} ~{s['changed']}")
    lines.append("")
    lines.append(f"{'rule':<26} {'v' + d['a']:>9} {'v' + d['b']:>9} {'delta':>8}")
    for rule, r in d["rule_rates"].items():
        if not r["a"] and not r["b"]:
            continue  # a rule that flags nothing in either version
        fmt = lambda x: "-" if x is None else f"{x:.1%}"  # noqa: E731
        delta = "-" if r["delta"] is None else f"{r['delta'] * 100:+.1f}pp"
        lines.append(f"{rule:<26} {fmt(r['a']):>9} {fmt(r['b']):>9} {delta:>8}")
    return "\n".join(lines)
