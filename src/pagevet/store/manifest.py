"""manifest.json: what a version holds, proven by sha256; `verify` recomputes it."""

from __future__ import annotations

import hashlib
import json
import os
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


def digest_path(folder: Path) -> Path:
    """Where the sha256 of a version's manifest is kept: `versions/vX.Y.Z.sha256`, beside the
    folder (a file cannot hold its own hash), in `sha256sum -c` format."""
    return folder.parent / f"{folder.name}.sha256"


def write_manifest_digest(folder: Path, manifest: Path) -> Path:
    """Record the sha256 of `manifest` (still in its temporary folder) for the version that will
    be `folder`; written atomically."""
    path = digest_path(folder)
    staged = path.with_name(f".{path.name}.tmp")
    staged.write_text(f"{sha256_file(manifest)}  {folder.name}/{MANIFEST}\n", "utf-8")
    os.replace(staged, path)
    return path


def manifest_digest_problem(folder: Path) -> str | None:
    """Why manifest.json cannot be trusted (edited after the build, or its digest missing)."""
    path = digest_path(folder)
    try:
        recorded = path.read_text("utf-8").split()[0]
    except (OSError, IndexError, UnicodeDecodeError):
        return (
            f"{MANIFEST}: its digest {path.name} is missing or unreadable beside the version "
            "folder, so the manifest cannot be checked"
        )
    actual = sha256_file(folder / MANIFEST)
    if actual != recorded:
        return f"{MANIFEST}: sha256 {actual[:16]}…, {path.name} says {recorded[:16]}…"
    return None


def verify_folder(folder: Path) -> list[str]:
    """Problems found comparing the folder with its manifest, and the manifest with its digest
    (empty list: intact)."""
    manifest = read_manifest(folder)
    problems = [problem] if (problem := manifest_digest_problem(folder)) else []
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
