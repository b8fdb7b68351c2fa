"""Dataset recipes: `datasets/<name>/dataset.toml` says what to read and how to publish it."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pagevet.config import DEFAULT_SPLITS
from pagevet.errors import PagevetError

RECIPE_FILE = "dataset.toml"


@dataclass
class Recipe:
    folder: Path
    name: str
    pretty_name: str
    license: str
    languages: list[str]
    description: str
    sources: list[Path]
    source_names: dict[str, str]  # source path -> site name for pages whose site is not detected
    splits: dict[str, float]
    suites: list[Path]
    release_suite: Path | None
    rules: dict[str, Any] = field(default_factory=dict)
    task_categories: list[str] = field(default_factory=lambda: ["text-generation"])
    max_shard_bytes: int = 256 * 1024 * 1024
    sha256: str = ""
    hub_repo: str | None = None  # the Hub dataset repo the versions are published to

    @property
    def hub_url(self) -> str | None:
        return f"https://huggingface.co/datasets/{self.hub_repo}" if self.hub_repo else None

    @property
    def versions(self) -> Path:
        return self.folder / "versions"

    def as_config_table(self) -> dict[str, Any]:
        """The recipe's `[rules]` in `[tool.pagevet]` shape, with its languages."""
        table = dict(self.rules)
        table.setdefault("languages", self.languages)
        if "markers" in table:
            table["markers"] = [str((self.folder / m).resolve()) for m in table["markers"]]
        return table


# Every key a recipe may hold; anything else is a typo that would otherwise be ignored.
_KEYS = (
    "name", "pretty_name", "license", "languages", "description", "task_categories", "suites",
    "release_suite", "sources", "split", "rules", "max_shard_bytes", "hub_repo",
)  # fmt: skip
_SOURCE_KEYS = ("path", "source", "allow_outside")
_EXAMPLES = {"languages": "vi", "task_categories": "text-generation", "suites": "checks/pages.json"}


def _check_keys(table: dict[str, Any], known: tuple[str, ...], path: Path, where: str) -> None:
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise PagevetError(
            f"{path}: unknown {where}key(s) {', '.join(map(repr, unknown))}; valid keys are "
            f"{', '.join(known)}"
        )


def _expect(table: dict[str, Any], key: str, kind: type, words: str, path: Path) -> None:
    if key in table and not isinstance(table[key], kind):
        raise PagevetError(f"{path}: {key} must be {words}, got {table[key]!r}")


def default_suite(name: str) -> Path:
    """A suite shipped inside the package (`pages` or `release`), used by a recipe whose
    project has no `checks/` of its own."""
    return Path(__file__).resolve().parent.parent / "data" / "checks" / f"{name}.json"


def _project_root(folder: Path) -> Path:
    for candidate in [folder, *folder.parents]:
        if (candidate / "checks").is_dir() or (candidate / "pyproject.toml").is_file():
            return candidate
    return folder


def load_recipe(folder: str | Path) -> Recipe:
    """Read and check `dataset.toml`; errors name the file, the key and the fix."""
    folder = Path(folder)
    path = folder / RECIPE_FILE
    if not path.is_file():
        raise PagevetError(
            f"{path} not found: create it with `pagevet init {folder} --source PATH`"
        )
    data = path.read_bytes()
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PagevetError(f"{path} is not valid TOML: {exc}") from None
    _check_keys(raw, _KEYS, path, "")
    for key in ("name", "license", "languages"):
        if key not in raw:
            raise PagevetError(f"{path}: missing required key {key!r}")
    for key in ("name", "pretty_name", "license", "description", "release_suite", "hub_repo"):
        _expect(raw, key, str, "a string", path)
    for key in ("languages", "task_categories", "suites"):
        if key in raw and not (
            isinstance(raw[key], list) and all(isinstance(x, str) and x for x in raw[key])
        ):
            raise PagevetError(
                f'{path}: {key} must be a list of strings (e.g. {key} = ["{_EXAMPLES[key]}"]), '
                f"got {raw[key]!r}"
            )
    if not raw["languages"]:
        raise PagevetError(f'{path}: languages is empty: list at least one, e.g. ["vi"]')
    _expect(raw, "rules", dict, "a table ([rules])", path)
    _expect(raw, "split", dict, "a table ([split])", path)
    max_shard = raw.get("max_shard_bytes", 256 * 1024 * 1024)
    if not isinstance(max_shard, int) or isinstance(max_shard, bool) or max_shard < 1:
        raise PagevetError(f"{path}: max_shard_bytes must be a positive integer, got {max_shard!r}")
    sources = raw.get("sources") or []
    if not sources:
        raise PagevetError(f'{path}: no [[sources]] table: add one with `path = "raw"`')
    if not isinstance(sources, list) or not all(isinstance(e, dict) for e in sources):
        raise PagevetError(f'{path}: sources must be [[sources]] tables with a `path = "…"`')
    source_paths = []
    source_names: dict[str, str] = {}
    inside = folder.resolve()
    for entry in sources:
        _check_keys(entry, _SOURCE_KEYS, path, "[[sources]] ")
        if not isinstance(entry.get("path"), str) or not entry["path"]:
            raise PagevetError(f"{path}: a [[sources]] entry has no `path` (a string)")
        _expect(entry, "source", str, "a string", path)
        _expect(entry, "allow_outside", bool, "true or false", path)
        resolved = (folder / entry["path"]).resolve()
        if not entry.get("allow_outside") and not resolved.is_relative_to(inside):
            raise PagevetError(
                f"{path}: source {entry['path']!r} is outside the dataset folder {folder}: "
                "move or link the crawl into the folder, or add `allow_outside = true` to that "
                "[[sources]] entry if reading it is intended"
            )
        source_paths.append(resolved)
        if entry.get("source"):
            source_names[str(resolved)] = str(entry["source"])
    split_table = raw.get("split") or DEFAULT_SPLITS
    unknown_splits = sorted(set(split_table) - set(DEFAULT_SPLITS))
    if unknown_splits:
        raise PagevetError(
            f"{path}: unknown split(s) {', '.join(map(repr, unknown_splits))} in [split]; valid "
            f"splits are {', '.join(DEFAULT_SPLITS)}"
        )
    for name, ratio in split_table.items():
        if not isinstance(ratio, int | float) or isinstance(ratio, bool):
            raise PagevetError(f"{path}: [split] {name} must be a number, got {ratio!r}")
    splits = {k: float(v) for k, v in split_table.items()}
    if abs(sum(splits.values()) - 1.0) > 1e-6 or not all(v > 0 for v in splits.values()):
        raise PagevetError(f"{path}: [split] ratios {splits} must be positive and sum to 1")
    root = _project_root(folder.resolve())
    suites = [
        (root / s).resolve() if not Path(s).is_absolute() else Path(s)
        for s in raw.get("suites", ["checks/pages.json"])
    ]
    if "suites" not in raw and not suites[0].is_file():
        suites = [default_suite("pages")]  # no checks/ of its own: the suite pagevet ships
    release = raw.get("release_suite", "checks/release.json")
    release_path = (root / release).resolve() if release else None
    if release_path is not None and not release_path.is_file():
        if "release_suite" in raw:
            raise PagevetError(
                f"{path}: release_suite {release!r} does not exist ({release_path}): create it "
                '(`pagevet suite new release`), fix the path, or set release_suite = "" to '
                "publish without a release gate"
            )
        release_path = default_suite("release")
    return Recipe(
        folder=folder,
        release_suite=release_path,
        name=str(raw["name"]),
        pretty_name=str(raw.get("pretty_name", raw["name"])),
        license=str(raw["license"]),
        languages=[str(x) for x in raw["languages"]],
        description=str(raw.get("description", "")).strip(),
        sources=source_paths,
        source_names=source_names,
        splits=splits,
        suites=suites,
        rules=dict(raw.get("rules", {})),
        task_categories=list(raw.get("task_categories", ["text-generation"])),
        max_shard_bytes=max_shard,
        hub_repo=raw.get("hub_repo") or None,
        sha256=hashlib.sha256(data).hexdigest(),
    )
