"""What keeps a version safe to publish and a failed build harmless: no machine paths in the
data, no leftovers of killed builds, IO failures as clear errors with nothing partial left."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl

from pagevet.errors import PagevetError

TEMP_PREFIX = ".building-"


def path_prefixes(dataset_dir: Path, sources: Iterable[Path]) -> list[tuple[str, str]]:
    """(absolute prefix, what replaces it) for every path a build records, longest prefix
    first: the dataset folder is removed, and a source outside it is written relative to the
    recipe folder as the recipe names it (`/data/crawl/a.txt` -> `../crawl/a.txt`). Published
    files then hold no path of the machine that built them."""
    root = dataset_dir.resolve()
    prefixes = {str(root) + os.sep: ""}
    for source in sources:
        base = source if source.is_dir() else source.parent
        if not base.is_relative_to(root):
            prefixes[str(base) + os.sep] = Path(os.path.relpath(base, root)).as_posix() + "/"
    return sorted(prefixes.items(), key=lambda item: len(item[0]), reverse=True)


def relative_paths(pages: pl.DataFrame, prefixes: list[tuple[str, str]]) -> pl.DataFrame:
    """`path`, `read_error` and the findings' messages and evidence with each prefix replaced
    (see `path_prefixes`)."""

    def strip(expr: pl.Expr, anywhere: bool) -> pl.Expr:
        for prefix, replacement in prefixes:
            expr = (
                expr.str.replace_all(prefix, replacement, literal=True)
                if anywhere
                else expr.str.replace("^" + re.escape(prefix), replacement.replace("$", "$$"))
            )
        return expr

    finding = pl.element().struct.with_fields(
        strip(pl.field("message"), True), strip(pl.field("evidence"), True)
    )
    return pages.with_columns(
        strip(pl.col("path"), False),
        strip(pl.col("read_error"), True),
        pl.col("findings").list.eval(finding),
    )


def remove_leftovers(versions: Path) -> list[Path]:
    """Delete the temporary folders and files of builds that were killed (the caller holds the
    build lock, so none of them belongs to a running build)."""
    removed = []
    if not versions.is_dir():
        return removed
    for entry in versions.iterdir():
        if entry.name.startswith(TEMP_PREFIX) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
        elif entry.name.startswith(".") and entry.name.endswith(".tmp") and entry.is_file():
            entry.unlink(missing_ok=True)
            removed.append(entry)
    return removed


def remove_empty_versions(versions: Path) -> None:
    """Remove a `versions/` folder a failed first build created (its lock file and
    leftovers), so the dataset folder looks as it did before; one holding a version stays."""
    if not versions.is_dir() or versions.is_symlink():
        return
    if any(not e.name.startswith(".") for e in versions.iterdir()):
        return
    shutil.rmtree(versions, ignore_errors=True)


@contextmanager
def writing_errors(versions: Path) -> Iterator[None]:
    """A disk that is full, read-only or not ours fails the build with exit 2 and a sentence,
    not a traceback; the caller has already removed its temporary folder."""
    try:
        yield
    except OSError as error:
        reason = error.strerror or str(error)
        raise PagevetError(
            f"cannot write the new version under {versions}: {reason}. Nothing was written; "
            "free some space or make the folder writable, then build again"
        ) from None


def refuse_output_in_version(path: Path) -> None:
    """Versions are immutable: refuse an output file (a report, a validation result) that would
    land inside a version folder, however the path is spelled (`..`, symlinks)."""
    target = path.resolve()
    for folder in target.parents:
        if (folder / "manifest.json").is_file() and folder.parent.name == "versions":
            raise PagevetError(
                f"{path} is inside the version folder {folder}: versions are immutable; write "
                f"the output elsewhere (e.g. beside it, {folder.parent / (folder.name + '.report.html')})"
            )
