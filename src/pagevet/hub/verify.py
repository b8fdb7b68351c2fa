"""Check a built version folder against its `manifest.json` before anything is published."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pagevet.errors import PagevetError

MANIFEST = "manifest.json"
_SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class VersionFile:
    """One file of a version folder, hashed the two ways the Hub identifies content."""

    path: str
    local_path: Path
    sha256: str
    bytes: int
    git_oid: str  # git blob id, what the Hub reports for files not stored with LFS


@dataclass(frozen=True)
class VerifiedVersion:
    """A version folder whose every file matches its manifest (manifest.json included as a file)."""

    root: Path
    name: str
    version: str
    parent: str | None
    release_success: bool | None
    files: dict[str, VersionFile]

    @property
    def tag(self) -> str:
        return f"v{self.version}"


def hash_file(path: Path) -> tuple[str, int, str]:
    """sha256, size and git blob id of a file, in one read."""
    size = path.stat().st_size
    sha256 = hashlib.sha256()
    git = hashlib.sha1(b"blob %d\0" % size)
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            sha256.update(chunk)
            git.update(chunk)
    return sha256.hexdigest(), size, git.hexdigest()


def _load_manifest(root: Path) -> dict[str, Any]:
    manifest_path = root / MANIFEST
    if not root.is_dir():
        raise PagevetError(
            f"version folder {root} does not exist: build it first with `pagevet build`"
        )
    if not manifest_path.is_file():
        raise PagevetError(
            f"{root} has no {MANIFEST}: it is not a built version folder; build it with `pagevet build`"
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise PagevetError(
            f"{manifest_path} is not valid JSON ({error}): rebuild the version with `pagevet build`"
        ) from error
    if not isinstance(manifest, dict):
        raise PagevetError(f"{manifest_path} must hold a JSON object: rebuild the version")
    return manifest


def _manifest_field(manifest: dict[str, Any], key: str, root: Path) -> Any:
    if key not in manifest:
        raise PagevetError(f"{root / MANIFEST} has no {key!r} field: rebuild the version")
    return manifest[key]


def _release_success(manifest: dict[str, Any]) -> bool | None:
    suites = manifest.get("suites")
    release = suites.get("release") if isinstance(suites, dict) else None
    success = release.get("success") if isinstance(release, dict) else None
    return success if isinstance(success, bool) else None


def _listed_path(entry: Any, root: Path) -> str:
    path = entry.get("path") if isinstance(entry, dict) else None
    if not isinstance(path, str):
        raise PagevetError(f"{root / MANIFEST} has a file entry without a path: {entry!r}")
    parts = PurePosixPath(path).parts
    if path.startswith("/") or not parts or any(p in ("..", ".", ".git") for p in parts):
        raise PagevetError(f"{root / MANIFEST} lists an unsafe path {path!r}: rebuild the version")
    if path == MANIFEST:
        raise PagevetError(f"{root / MANIFEST} lists itself: rebuild the version")
    if not _SHA256.match(str(entry.get("sha256"))) or not isinstance(entry.get("bytes"), int):
        raise PagevetError(
            f"{root / MANIFEST}: entry {path!r} needs a sha256 hex digest and a byte count"
        )
    return path


def verify_version_dir(version_dir: Path) -> VerifiedVersion:
    """Recompute the sha256 of every file and compare it, and the file list, to the manifest.

    Raises PagevetError naming the first file that is missing, changed or not in the manifest.
    """
    root = Path(version_dir).resolve()
    manifest = _load_manifest(root)
    name = _manifest_field(manifest, "name", root)
    version = _manifest_field(manifest, "version", root)
    entries = _manifest_field(manifest, "files", root)
    if not isinstance(name, str) or not name:
        raise PagevetError(f"{root / MANIFEST}: 'name' must be a non-empty string, got {name!r}")
    if not isinstance(version, str) or not _SEMVER.match(version):
        raise PagevetError(f"{root / MANIFEST}: 'version' must look like 1.2.3, got {version!r}")
    if root.name != f"v{version}":
        raise PagevetError(
            f"{root} holds version {version} but is named {root.name!r}: "
            f"version folders are named v<version> (expected v{version})"
        )
    if not isinstance(entries, list):
        raise PagevetError(f"{root / MANIFEST}: 'files' must be a list")

    files: dict[str, VersionFile] = {}
    for entry in entries:
        path = _listed_path(entry, root)
        local = root / path
        if not local.is_file():
            raise PagevetError(
                f"{path} is listed in {MANIFEST} but missing from {root}: "
                "the version folder is incomplete; rebuild it with `pagevet build`"
            )
        sha256, size, git_oid = hash_file(local)
        if sha256 != entry["sha256"] or size != entry["bytes"]:
            raise PagevetError(
                f"{path} in {root} does not match {MANIFEST}: it has sha256 {sha256} ({size} bytes), "
                f"the manifest says {entry['sha256']} ({entry['bytes']} bytes). Versions are "
                "immutable: rebuild the version with `pagevet build` instead of editing its files"
            )
        files[path] = VersionFile(path, local, sha256, size, git_oid)

    on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    if extra := sorted(on_disk - set(files) - {MANIFEST}):
        raise PagevetError(
            f"{extra[0]} is in {root} but not in {MANIFEST}"
            + (f" (and {len(extra) - 1} more)" if len(extra) > 1 else "")
            + ": remove it or rebuild the version with `pagevet build`"
        )
    sha256, size, git_oid = hash_file(root / MANIFEST)
    files[MANIFEST] = VersionFile(MANIFEST, root / MANIFEST, sha256, size, git_oid)
    parent = manifest.get("parent")
    return VerifiedVersion(
        root=root,
        name=name,
        version=version,
        parent=parent if isinstance(parent, str) else None,
        release_success=_release_success(manifest),
        files=dict(sorted(files.items())),
    )
