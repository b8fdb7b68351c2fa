"""What keeps a version safe to publish and a failed build harmless: no machine paths in the
data, no leftovers of killed builds, IO failures as clear errors with nothing partial left."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl

from pagevet.errors import PagevetError

TEMP_PREFIX = ".building-"


def path_prefixes(dataset_dir: Path, sources: Iterable[Path]) -> list[str]:
    """Absolute prefixes to strip from every path a build records, longest first: the dataset
    folder, and the parent folder of each source outside it (so `/data/crawl/a.txt` is recorded
    as `crawl/a.txt`). Published files then hold no path of the machine that built them."""
    root = dataset_dir.resolve()
    prefixes = {str(root) + os.sep}
    for source in sources:
        try:
            source.relative_to(root)
        except ValueError:
            prefixes.add(str(source.parent) + os.sep)
    return sorted(prefixes, key=len, reverse=True)


def relative_paths(pages: pl.DataFrame, prefixes: list[str]) -> pl.DataFrame:
    """`path`, `read_error` and the findings' messages and evidence with `prefixes` removed."""

    def strip(expr: pl.Expr, anywhere: bool) -> pl.Expr:
        for prefix in prefixes:
            expr = (
                expr.str.replace_all(prefix, "", literal=True)
                if anywhere
                else expr.str.strip_prefix(prefix)
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
