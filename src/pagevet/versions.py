"""Version folders `versions/vX.Y.Z/`, the `LATEST` pointer, and semantic version bumps.

A foundation module (like `errors` and `config`): `store` writes version folders, while
`suites`, `hub` and `report` find them, so naming them lives below all of those."""

from __future__ import annotations

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
    pointer = versions_dir / "LATEST"
    if pointer.is_file():
        name = pointer.read_text("utf-8").strip()
        if (versions_dir / f"v{name.removeprefix('v')}").is_dir():
            return name.removeprefix("v")
    found = list_versions(versions_dir)
    return found[-1] if found else None


def version_dir(dataset_dir: Path, version: str | None) -> Path:
    """The folder of `version` (default: the latest) of a dataset; errors list what exists."""
    versions = dataset_dir / "versions"
    chosen = version.removeprefix("v") if version else latest_version(versions)
    if chosen is None:
        raise PagevetError(f"{dataset_dir} has no built version: run `pagevet build {dataset_dir}`")
    folder = versions / f"v{chosen}"
    if not folder.is_dir():
        known = ", ".join(f"v{v}" for v in list_versions(versions)) or "none"
        raise PagevetError(f"version v{chosen} of {dataset_dir} not found; built versions: {known}")
    return folder
