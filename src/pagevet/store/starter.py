"""`pagevet init`: a recipe guessed from a sample of the crawl, and starter suites.

The languages come from the pages' detected languages, the site names from their URLs or
metadata, source paths are written relative to the recipe folder, and the licence is left
as "other" for the user to choose: pagevet never claims a licence the publisher did not give.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pagevet.errors import PagevetError
from pagevet.sources import iter_input_files, read_pages

SAMPLE_PAGES = 100  # pages read per source folder to guess languages and site names
MIN_LANGUAGE_SHARE = 0.05  # a language on fewer of the sampled pages is not listed

RECIPE_FILE = "dataset.toml"

RECIPE_TEMPLATE = """\
# pagevet dataset recipe: what to read, how to check it, how to publish it.
# Written by `pagevet init` from a sample of {sampled} page(s); check every value.
name = "{name}"
pretty_name = "{pretty_name}"
# CHOOSE A LICENCE: the terms the pages' publisher gave (e.g. "cc-by-4.0"), as an id the
# Hub understands. "other" until you know; pagevet never guesses a licence.
license = "other"
languages = [{languages}]{language_note}
description = \"\"\"
Describe where the pages come from and what the dataset is for.
\"\"\"
task_categories = ["text-generation"]
suites = ["checks/pages.json"] # Great Expectations suites run on every build
release_suite = "checks/release.json"  # stricter suite; `publish` refuses a version failing it
{sources}
[split]                        # exact and near duplicates share a split; stable across versions
train = 0.8
validation = 0.1
test = 0.1

[rules]                        # like [tool.pagevet]: select, ignore, severity, per-rule params
ignore = []
"""


@dataclass
class InitResult:
    recipe: Path
    languages: list[str]
    sources: list[tuple[str, str | None]]  # (path relative to the recipe, detected site)
    sampled: int
    suites_written: list[Path] = field(default_factory=list)


def _groups(source: Path) -> list[Path]:
    """The source folders a recipe lists: each sub-folder holding pages (a site per folder is
    the usual crawl layout), plus the source itself when files sit directly in it."""
    if not source.is_dir():
        return [source]
    groups = []
    direct = False
    for child in sorted(source.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_dir() and next(iter_input_files([child]), None) is not None:
            groups.append(child)
        elif child.is_file() and next(iter_input_files([source]), None) is not None:
            direct = True
    return [source] if direct or not groups else groups


def _sample(path: Path) -> pl.DataFrame:
    """Up to SAMPLE_PAGES pages under `path`, parsed (language, source detected)."""
    from pagevet.pages.markers import load_markers
    from pagevet.pages.table import parse_batch

    batches = itertools.islice(read_pages([path], batch_size=SAMPLE_PAGES), 1)
    frames = [pl.from_arrow(parse_batch(b, load_markers(()))) for b in batches]
    if not frames:
        return pl.DataFrame(
            {"language": [], "source": []}, schema={"language": pl.String, "source": pl.String}
        )
    frame = pl.concat(frames)
    return frame.filter(pl.col("read_error").is_null()).select("language", "source")


def _guess(source: Path) -> tuple[list[str], list[tuple[Path, str | None]], int]:
    languages: Counter[str] = Counter()
    sources: list[tuple[Path, str | None]] = []
    sampled = 0
    for group in _groups(source):
        sample = _sample(group)
        sampled += sample.height
        languages.update(lang for lang in sample["language"] if lang and lang != "und")
        sites = Counter(s for s in sample["source"] if s)
        sources.append((group, sites.most_common(1)[0][0] if sites else None))
    total = sum(languages.values())
    chosen = [
        lang for lang, n in languages.most_common() if total and n / total >= MIN_LANGUAGE_SHARE
    ]
    return chosen, sources, sampled


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _project_has_checks(folder: Path) -> bool:
    return any((p / "checks").is_dir() for p in [folder, *folder.parents])


def init_dataset(folder: str | Path, source: str | Path) -> InitResult:
    """Write `dataset.toml` (guessed from a sample of `source`), a README stub, and starter
    suites `checks/pages.json` and `checks/release.json` beside the recipe when no folder
    above it has a `checks/`. Refuses to overwrite an existing recipe."""
    from pagevet.store.recipe import default_suite

    folder, source = Path(folder), Path(source)
    path = folder / RECIPE_FILE
    if path.exists():
        raise PagevetError(f"{path} already exists: edit it, or remove it to start over")
    languages, groups, sampled = _guess(source)
    folder.mkdir(parents=True, exist_ok=True)
    home = folder.resolve()
    entries = []
    listed: list[tuple[str, str | None]] = []
    for group, site in groups:
        rel = Path(os.path.relpath(group.resolve(), home)).as_posix()
        lines = ["", "[[sources]]", f"path = {_toml_string(rel)}"]
        if not group.resolve().is_relative_to(home):
            lines.append("allow_outside = true            # the crawl lives outside this folder")
        if site:
            lines.append(f"source = {_toml_string(site)}  # detected from the pages' URLs/metadata")
        else:
            lines.append(
                '# source = "example.vn"        # site name for pages where none is detected'
            )
        entries.append("\n".join(lines) + "\n")
        listed.append((rel, site))
    name = folder.resolve().name
    path.write_text(
        RECIPE_TEMPLATE.format(
            name=name,
            pretty_name=name.replace("-", " ").title(),
            sampled=sampled,
            languages=", ".join(_toml_string(lang) for lang in (languages or ["en"])),
            language_note=(
                f"  # detected on {sampled} sampled page(s)"
                if languages
                else "  # NOT DETECTED (too little text): set the pages' languages"
            ),
            sources="".join(entries),
        ),
        "utf-8",
    )
    readme = folder / "README.md"
    if not readme.exists():
        readme.write_text(
            f"# {name}\n\nRecipe for a pagevet dataset. Build it with `pagevet build {folder}`;"
            " versions appear under `versions/`.\n",
            "utf-8",
        )
    written = []
    if not _project_has_checks(home):
        (folder / "checks").mkdir()
        for suite in ("pages", "release"):
            target = folder / "checks" / f"{suite}.json"
            shutil.copyfile(default_suite(suite), target)
            written.append(target)
    return InitResult(path, languages, listed, sampled, written)
