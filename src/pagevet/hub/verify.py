"""Check a built version folder against its `manifest.json` before anything is published.

The byte-level check is `pagevet.store.manifest.verify_folder`, the same one `pagevet verify` runs;
this module adds what publishing needs on top: a well-formed manifest whose version matches the
folder name, safe repo paths, and the two content ids the Hub reports (sha256 for LFS files, the git
blob id for regular files, computed only when asked for).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from pagevet.errors import PagevetError
from pagevet.store.manifest import MANIFEST, read_manifest, sha256_file, verify_folder

_SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class VersionFile:
    """One file of a verified version folder."""

    path: str
    local_path: Path
    sha256: str
    bytes: int

    @cached_property
    def git_oid(self) -> str:
        """The git blob id, which the Hub reports for files it does not store with LFS."""
        digest = hashlib.sha1(b"blob %d\0" % self.bytes)
        with self.local_path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()


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


def _release_success(manifest: dict[str, Any]) -> bool | None:
    suites = manifest.get("suites")
    release = suites.get("release") if isinstance(suites, dict) else None
    success = release.get("success") if isinstance(release, dict) else None
    return success if isinstance(success, bool) else None


def _checked_entry(entry: Any, manifest_path: Path) -> dict[str, Any]:
    path = entry.get("path") if isinstance(entry, dict) else None
    if not isinstance(path, str):
        raise PagevetError(f"{manifest_path} has a file entry without a path: {entry!r}")
    parts = PurePosixPath(path).parts
    if path.startswith("/") or not parts or any(p in ("..", ".", ".git") for p in parts):
        raise PagevetError(f"{manifest_path} lists an unsafe path {path!r}: rebuild the version")
    if path == MANIFEST:
        raise PagevetError(f"{manifest_path} lists itself: rebuild the version")
    sha256, size = entry.get("sha256"), entry.get("bytes")
    if not isinstance(sha256, str) or not _SHA256.match(sha256) or not isinstance(size, int):
        raise PagevetError(
            f"{manifest_path}: entry {path!r} needs a sha256 hex digest and a byte count"
        )
    return entry


def verify_version_dir(version_dir: Path) -> VerifiedVersion:
    """Recompute the sha256 of every file and compare it, and the file list, to the manifest.

    Raises PagevetError naming the first file that is missing, changed or not in the manifest.
    """
    root = Path(version_dir).resolve()
    if not root.is_dir():
        raise PagevetError(
            f"version folder {root} does not exist: build it first with `pagevet build`"
        )
    manifest = read_manifest(root)
    manifest_path = root / MANIFEST
    name, version, entries = manifest.get("name"), manifest.get("version"), manifest.get("files")
    if not isinstance(name, str) or not name:
        raise PagevetError(f"{manifest_path}: 'name' must be a non-empty string, got {name!r}")
    if not isinstance(version, str) or not _SEMVER.match(version):
        raise PagevetError(f"{manifest_path}: 'version' must look like 1.2.3, got {version!r}")
    if root.name != f"v{version}":
        raise PagevetError(
            f"{root} holds version {version} but is named {root.name!r}: "
            f"version folders are named v<version> (expected v{version})"
        )
    if not isinstance(entries, list):
        raise PagevetError(f"{manifest_path}: 'files' must be a list of {{path, sha256, bytes}}")
    checked = [_checked_entry(entry, manifest_path) for entry in entries]

    if problems := verify_folder(root):
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PagevetError(
            f"{root} does not match its {MANIFEST}: {problems[0]}{more}. Versions are immutable: "
            "rebuild the version with `pagevet build` instead of editing its files"
        )

    files = {
        e["path"]: VersionFile(e["path"], root / e["path"], e["sha256"], e["bytes"])
        for e in checked
    }
    files[MANIFEST] = VersionFile(
        MANIFEST, manifest_path, sha256_file(manifest_path), manifest_path.stat().st_size
    )
    parent = manifest.get("parent")
    return VerifiedVersion(
        root=root,
        name=name,
        version=version,
        parent=parent if isinstance(parent, str) else None,
        release_success=_release_success(manifest),
        files=dict(sorted(files.items())),
    )
