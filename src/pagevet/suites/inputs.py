"""What `pagevet validate PATH` validates: PATH resolved to Parquet files and a project.

PATH is a dataset folder (`datasets/NAME`: its latest version, or `--version`), a built
version folder (its `data/*.parquet`, the default config), a Parquet file or folder of them,
or raw pages (files or folders a reader takes), which are checked in memory first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pagevet.errors import PagevetError

if TYPE_CHECKING:
    import polars as pl

DEFAULT_SUITE = Path("checks") / "pages.json"


@dataclass(frozen=True)
class ValidationInput:
    """Parquet files forming one table, and the project folder whose `checks/` may hold the
    default suite (None when no ancestor of the input has a `checks/` folder)."""

    files: tuple[Path, ...]
    label: str
    project: Path | None
    pages: tuple[Path, ...] = ()  # raw pages to check in memory instead of Parquet files

    def read(self, columns: Sequence[str] | None = None) -> pl.DataFrame:
        """The table, with only those of `columns` it has (None: every column). Missing ones
        are left for `run_suite` to report with the expectations that need them."""
        import polars as pl

        if self.pages:
            table = _checked_pages(self.pages)
            present = [c for c in dict.fromkeys(columns or table.columns) if c in table.columns]
            return table.select(present or table.columns[:1])
        try:
            scan = pl.scan_parquet(list(self.files))
            if columns is not None:
                present = scan.collect_schema().names()
                wanted = [c for c in dict.fromkeys(columns) if c in present]
                scan = scan.select(wanted or present[:1])  # keep the row count
            return scan.collect()
        except Exception as exc:
            raise PagevetError(
                f"cannot read {self.label} as one table: {exc}. Fix: check the "
                "files are Parquet with the same schema."
            ) from exc


def resolve_validation_input(path: str | Path, version: str | None = None) -> ValidationInput:
    """Resolve PATH (a Parquet file, a folder of Parquet files, or a version folder holding
    `data/*.parquet`) into the files to validate."""
    path = Path(path)
    if (path / "dataset.toml").is_file():
        from pagevet.versions import version_dir

        folder = version_dir(path, version)
        return ValidationInput(
            files=tuple(sorted((folder / "data").glob("*.parquet"))),
            label=str(folder),
            project=_project_of(path),
        )
    if version is not None:
        raise PagevetError(
            f"--version {version} needs a dataset folder (one with dataset.toml); got {path}. "
            "Fix: pass datasets/NAME, or the version's folder itself."
        )
    if not path.exists():
        raise PagevetError(
            f"{path} does not exist. Fix: pass a Parquet file or a folder of Parquet files."
        )
    if path.is_file():
        if path.suffix != ".parquet":
            raise PagevetError(
                f"{path} is not a .parquet file. Fix: pass a Parquet file or a "
                "folder of Parquet files."
            )
        files = [path]
    else:
        files = sorted(path.glob("*.parquet")) or sorted((path / "data").glob("*.parquet"))
        if not files:
            from pagevet.sources import iter_input_files

            if next(iter(iter_input_files([path])), None) is None:
                raise PagevetError(
                    f"{path} holds no pages and no *.parquet files (nor data/*.parquet). Fix: "
                    "pass a dataset folder, a built version, Parquet files, or a crawl folder."
                )
            return ValidationInput(
                files=(), label=str(path), project=_project_of(path), pages=(path,)
            )
    return ValidationInput(files=tuple(files), label=str(path), project=_project_of(path))


def _checked_pages(paths: Sequence[Path]) -> pl.DataFrame:
    """Raw pages run through the rules and shaped like a version's default table."""
    from pagevet.config import load_config
    from pagevet.pipeline import run

    return run(list(paths), load_config()).default()


def _project_of(path: Path) -> Path | None:
    start = path.resolve()
    for folder in [start, *start.parents]:
        if (folder / "checks").is_dir():
            return folder
    return None


def default_suite_paths(source: ValidationInput) -> list[Path]:
    """`checks/pages.json` of the current directory, else of the input's project."""
    candidates = [DEFAULT_SUITE]
    if source.project is not None:
        candidates.append(source.project / DEFAULT_SUITE)
    for candidate in candidates:
        if candidate.is_file():
            return [candidate]
    looked = ", ".join(str(c.resolve()) for c in candidates)
    raise PagevetError(
        f"no default suite: looked for {looked}. Fix: pass --suite FILE, or "
        "create one with `pagevet suite new pages`."
    )
