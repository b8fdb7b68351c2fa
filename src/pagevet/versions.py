"""Version folders `versions/vX.Y.Z/`, the `LATEST` pointer, and semantic version bumps.

A foundation module (like `errors` and `config`): `store` writes version folders, while
`suites`, `hub` and `report` find them, so naming them lives below all of those."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from pagevet.errors import PagevetError

_VERSION = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)$")


def parse_version(text: str) -> tuple[int, int, int]:
    m = _VERSION.match(text.strip())
    if not m:
        raise PagevetError(f"version {text!r} is not of the form X.Y.Z (e.g. 1.2.0)")
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def format_version(v: tuple[int, int, int]) -> str:
    return f"{v[0]}.{v[1]}.{v[2]}"


def bump(version: str, part: str) -> str:
    major, minor, patch = parse_version(version)
    if part == "major":
        return format_version((major + 1, 0, 0))
    if part == "minor":
        return format_version((major, minor + 1, 0))
    return format_version((major, minor, patch + 1))


def list_versions(versions_dir: Path) -> list[str]:
    """Built versions, oldest first."""
    if not versions_dir.is_dir():
        return []
    found = [p.name[1:] for p in versions_dir.iterdir() if p.is_dir() and _VERSION.match(p.name)]
    return sorted(found, key=parse_version)


def latest_version(versions_dir: Path) -> str | None:
    """The version LATEST names, moved on along `parent` links when a build was killed between
    renaming its folder into place and updating LATEST; else the highest version built."""
    pointer = versions_dir / "LATEST"
    name = None
    try:
        text = pointer.read_text("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        text = ""
    if _VERSION.match(text) and (versions_dir / f"v{text.removeprefix('v')}").is_dir():
        name = text.removeprefix("v")
    found = list_versions(versions_dir)
    if name is None:
        return found[-1] if found else None
    children = _children(versions_dir, found)
    while name in children:
        name = children.pop(name)
    return name


def _children(versions_dir: Path, found: list[str]) -> dict[str, str]:
    """parent version -> the newest version built on it (from each manifest's `parent`)."""
    children: dict[str, str] = {}
    for version in found:
        try:
            manifest = json.loads((versions_dir / f"v{version}" / "manifest.json").read_bytes())
        except (OSError, ValueError):
            continue
        parent = manifest.get("parent") if isinstance(manifest, dict) else None
        if isinstance(parent, str) and parent != version:
            children[parent] = version
    return children


def write_latest(versions_dir: Path, version: str, before_replace=None) -> None:
    """Point LATEST at `version` atomically (written beside, then renamed over)."""
    staged = versions_dir / ".LATEST.tmp"
    with staged.open("w", encoding="utf-8") as handle:
        handle.write(f"v{version}\n")
        handle.flush()
        os.fsync(handle.fileno())
    if before_replace:
        before_replace()
    os.replace(staged, versions_dir / "LATEST")


def version_dir(dataset_dir: Path, version: str | None) -> Path:
    """The folder of `version` (default: the latest) of a dataset; errors list what exists."""
    versions = dataset_dir / "versions"
    if version:
        parse_version(version)  # a version is X.Y.Z, never a path ("1.0.0/../../other")
    chosen = version.strip().removeprefix("v") if version else latest_version(versions)
    if chosen is None:
        raise PagevetError(f"{dataset_dir} has no built version: run `pagevet build {dataset_dir}`")
    folder = versions / f"v{chosen}"
    if not folder.is_dir():
        known = ", ".join(f"v{v}" for v in list_versions(versions)) or "none"
        raise PagevetError(f"version v{chosen} of {dataset_dir} not found; built versions: {known}")
    return folder
