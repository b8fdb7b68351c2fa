"""Linter-style configuration: `[tool.pagevet]` in pyproject.toml, a recipe's `[rules]`, flags.

[tool.pagevet]
select = ["title-slug-mismatch", "nav-spam"]   # default: every rule
ignore = ["near-duplicate"]
fail-on = "error"
markers = ["my-markers.toml"]                  # extra marker lexicons (pages/markers.py)
exclude = ["raw/drafts/*"]                     # files not read at all (globs of paths)

[tool.pagevet.per-file-ignores]                # rules not reported for pages under a glob
"raw/old-site/*" = ["nav-spam"]

[tool.pagevet.waive]                           # waivers: rules not reported for a page id
"7c163b9f9ddf6534" = ["gambling-spam"]

[tool.pagevet.severity]
nav-spam = "warning"

[tool.pagevet.rules.too-short]
min_chars = 300
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pagevet.errors import PagevetError
from pagevet.findings import SEVERITIES

# Split ratios of a dataset whose recipe has no [split] table (and of `validate` on raw pages).
DEFAULT_SPLITS = {"train": 0.8, "validation": 0.1, "test": 0.1}


@dataclass
class Config:
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    markers: list[str] = field(default_factory=list)
    fail_on: str = "error"
    languages: list[str] | None = None
    origin: str = "defaults"
    # Where each rule id was named, so the rules layer can say where an unknown one came from
    # (the registry lives above this module: `rules.engine.select_rules` checks the ids).
    rule_origins: dict[str, str] = field(default_factory=dict)
    # glob (of a page's path) -> rule ids whose findings are dropped there, like ruff's
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)  # globs of files not read at all
    waive: dict[str, list[str]] = field(default_factory=dict)  # page id -> rules waived
    read_from: list[str] = field(default_factory=list)  # the files this configuration came from

    def merged(self, table: dict[str, Any], origin: str) -> Config:
        """This configuration updated by a `[tool.pagevet]`-shaped table from `origin`."""
        known = {
            "select", "ignore", "severity", "rules", "markers", "fail-on", "languages",
            "per-file-ignores", "exclude", "waive",
        }  # fmt: skip
        unknown = sorted(set(table) - known)
        if unknown:
            raise PagevetError(
                f"{origin}: unknown setting(s) {', '.join(unknown)}; "
                f"valid settings are {', '.join(sorted(known))}"
            )
        for key in ("select", "ignore", "markers", "languages", "exclude"):
            if key in table and not (
                isinstance(table[key], list) and all(isinstance(x, str) for x in table[key])
            ):
                raise PagevetError(
                    f"{origin}: {key} must be a list of strings, got {table[key]!r}; "
                    f'write {key} = ["…"]'
                )
        _check_tables(table, origin)
        out = Config(
            select=list(table["select"]) if "select" in table else self.select,
            ignore=[*self.ignore, *table.get("ignore", [])],
            severity={**self.severity, **table.get("severity", {})},
            params={**self.params},
            markers=[*self.markers, *table.get("markers", [])],
            fail_on=table.get("fail-on", self.fail_on),
            languages=table.get("languages", self.languages),
            origin=origin,
            rule_origins={**self.rule_origins},
            per_file_ignores={**self.per_file_ignores, **table.get("per-file-ignores", {})},
            exclude=[*self.exclude, *table.get("exclude", [])],
            waive={**self.waive, **table.get("waive", {})},
            read_from=[*self.read_from, origin],
        )
        for rule, values in table.get("rules", {}).items():
            out.params[rule] = {**out.params.get(rule, {}), **values}
        named = [*table.get("select", []), *table.get("ignore", []), *table.get("severity", {})]
        named += [r for rules in table.get("per-file-ignores", {}).values() for r in rules]
        named += [r for rules in table.get("waive", {}).values() for r in rules]
        for rule in [*named, *table.get("rules", {})]:
            out.rule_origins.setdefault(rule, origin)
        if out.languages:
            out.params["language-mismatch"] = {
                "languages": out.languages,
                **out.params.get("language-mismatch", {}),
            }
        for rule, sev in out.severity.items():
            if sev not in SEVERITIES:
                raise PagevetError(
                    f"{origin}: severity {sev!r} for {rule} is not one of {', '.join(SEVERITIES)}"
                )
        if out.fail_on not in (*SEVERITIES, "never"):
            raise PagevetError(
                f"{origin}: fail-on {out.fail_on!r} is not one of {', '.join(SEVERITIES)}, never"
            )
        return out


def _check_tables(table: dict[str, Any], origin: str) -> None:
    """Refuse values of the wrong shape (they would crash a rule mid-run): `severity` maps rule
    ids to words, `rules` maps rule ids to tables of parameters (their types are checked by
    the rule, which knows its defaults)."""
    if "fail-on" in table and not isinstance(table["fail-on"], str):
        raise PagevetError(
            f'{origin}: fail-on must be a string such as "error", got {table["fail-on"]!r}'
        )
    for key in ("severity", "rules"):
        if key in table and not isinstance(table[key], dict):
            raise PagevetError(f"{origin}: {key} must be a table ([…{key}]), got {table[key]!r}")
    for key, example in (("per-file-ignores", '"raw/old/*" = ["nav-spam"]'),
                         ("waive", '"7c163b9f9ddf6534" = ["gambling-spam"]')):  # fmt: skip
        if key not in table:
            continue
        if not isinstance(table[key], dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in table[key].values()
        ):
            raise PagevetError(
                f"{origin}: {key} must be a table of lists of rule ids, e.g. [{key}] {example}; "
                f"got {table[key]!r}"
            )
    for rule, values in table.get("rules", {}).items():
        if not isinstance(values, dict):
            raise PagevetError(
                f"{origin}: rules.{rule} must be a table of parameters ([…rules.{rule}]), "
                f"got {values!r}"
            )


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise PagevetError(f"{path} is not valid TOML: {exc}") from None


def find_pyproject(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(start: Path | None = None, recipe: dict[str, Any] | None = None) -> Config:
    """Defaults, then `[tool.pagevet]` of the nearest pyproject.toml, then a recipe's `[rules]`."""
    config = Config()
    pyproject = find_pyproject((start or Path.cwd()).resolve())
    if pyproject is not None:
        table = _read(pyproject).get("tool", {}).get("pagevet")
        if table:
            config = config.merged(table, str(pyproject))
            base = pyproject.parent
            config.markers = [str((base / m).resolve()) for m in config.markers]
    if recipe:
        rules = dict(recipe.get("rules", {}))
        if "languages" in recipe and "languages" not in rules:
            rules["languages"] = recipe["languages"]
        config = config.merged(rules, "recipe")
    return config
