"""manifest.json: what a version holds, proven by sha256; `verify` recomputes it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pagevet.errors import PagevetError

MANIFEST = "manifest.json"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_entries(
    folder: Path, rows: dict[str, int], hashed: list[dict[str, Any]] = ()
) -> list[dict[str, Any]]:
    """Every file of the version folder except the manifest, sorted by path. Entries in
    `hashed` (from an earlier call on the same folder) are reused: each file is hashed once."""
    known = {e["path"]: e for e in hashed}
    entries = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if rel == MANIFEST:
            continue
        if rel in known:
            entries.append(known[rel])
            continue
        entries.append(
            {
                "path": rel,
                "sha256": sha256_file(path),
                "bytes": path.stat().st_size,
                "rows": rows.get(rel),
            }
        )
    return entries


def write_manifest(folder: Path, manifest: dict[str, Any]) -> Path:
    path = folder / MANIFEST
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    return path


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise PagevetError(f"{path} not found: {folder} is not a pagevet version folder")
    try:
        return json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as exc:
        raise PagevetError(f"{path} is not valid JSON: {exc}") from None


def verify_folder(folder: Path) -> list[str]:
    """Problems found comparing the folder with its manifest (empty list: intact)."""
    manifest = read_manifest(folder)
    problems = []
    listed = set()
    for entry in manifest.get("files", []):
        listed.add(entry["path"])
        path = folder / entry["path"]
        if not path.is_file():
            problems.append(f"{entry['path']}: missing")
            continue
        size = path.stat().st_size
        if size != entry["bytes"]:
            problems.append(f"{entry['path']}: {size} bytes, manifest says {entry['bytes']}")
            continue
        actual = sha256_file(path)
        if actual != entry["sha256"]:
            problems.append(
                f"{entry['path']}: sha256 {actual[:16]}…, manifest says {entry['sha256'][:16]}…"
            )
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if rel != MANIFEST and rel not in listed:
            problems.append(f"{rel}: not in the manifest")
    return problems
