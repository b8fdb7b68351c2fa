"""Shared helpers for the analysis scripts: arguments, version lookup and output.

Each analysis runs as `pagevet analyze NAME`, `python -m pagevet.analyses.NAME` or
`python scripts/NAME.py` (a thin wrapper). The polars queries themselves live in
`pagevet.report.analyses`, where the HTML report uses them too.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from pagevet.errors import PagevetError
from pagevet.report.analyses import resolve_version


def parser(doc: str | None, prog: str | None = None) -> argparse.ArgumentParser:
    """An argument parser whose --help shows the script's docstring (with its example)."""
    text = (doc or "").strip()
    summary, _, rest = text.partition("\n\n")
    return argparse.ArgumentParser(
        prog=prog,
        description=summary,
        epilog=rest or None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def add_version_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "path",
        type=Path,
        help="dataset folder (its latest version is read) or a version folder "
        "(datasets/NAME/versions/vX.Y.Z)",
    )
    p.add_argument("--version", help="version of a dataset folder to read (default: latest)")


def add_output_args(
    p: argparse.ArgumentParser, limit: int | None = None, tables: list[str] | None = None
) -> None:
    """--csv/--json, --limit (text tables only) and, when a script prints several tables,
    --table to pick the one --csv writes."""
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--csv", action="store_true", help="write CSV to stdout (every row)")
    fmt.add_argument("--json", action="store_true", help="write JSON to stdout (every row)")
    if tables:
        p.add_argument(
            "--table",
            choices=tables,
            default=tables[0],
            help=f"table --csv writes (default {tables[0]})",
        )
    if limit is not None:
        p.add_argument(
            "--limit",
            type=int,
            default=limit,
            help=f"rows per table to print (default {limit}; 0 for all)",
        )


def version_of(args: argparse.Namespace) -> Path:
    return resolve_version(args.path, args.version)


def table_text(frame: pl.DataFrame, max_width: int = 80) -> str:
    """A Markdown-style table: readable in a terminal and pasteable into a README. Missing
    strings print as blanks."""
    with pl.Config(
        tbl_formatting="ASCII_MARKDOWN",
        tbl_hide_column_data_types=True,
        tbl_hide_dataframe_shape=True,
        tbl_rows=-1,
        tbl_cols=-1,
        tbl_width_chars=1000,
        fmt_str_lengths=max_width,
        float_precision=None,
    ):
        # a `|` inside a cell would end it: escaped as Markdown wants (`\|`)
        return str(
            frame.with_columns(
                pl.col(pl.String).fill_null("").str.replace_all("|", "\\|", literal=True)
            )
        )


def emit(
    args: argparse.Namespace, sections: dict[str, pl.DataFrame], limit: int | None = None
) -> None:
    """Print `sections` as tables (each under its title when there are several; at most
    `limit`, default --limit, rows each), as JSON (every row; one list of records per section,
    a bare list for a single section) or as CSV (every row of the --table section, default the
    first: CSV holds one table). Section names are lower-case words; JSON keys use `_`."""
    if getattr(args, "json", False):
        data: Any = {name.replace(" ", "_"): frame.to_dicts() for name, frame in sections.items()}
        if len(sections) == 1:
            data = next(iter(data.values()))
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if getattr(args, "csv", False):
        chosen = getattr(args, "table", None)
        frame = sections[chosen] if chosen else next(iter(sections.values()))
        sys.stdout.write(frame.write_csv())
        return
    if limit is None:
        limit = getattr(args, "limit", 0) or 0
    for i, (name, frame) in enumerate(sections.items()):
        if len(sections) > 1:
            print(("\n" if i else "") + f"## {name}\n")
        shown = frame.head(limit) if limit > 0 else frame
        print(table_text(shown) if frame.height else "(none)")
        if shown.height < frame.height:
            print(f"… {frame.height - shown.height} more rows (--limit 0 shows all)")


def run(main: Callable[..., None], argv: list[str] | None = None) -> None:
    """Run an analysis' main: library errors become `Error: …` on stderr and exit code 2."""
    try:
        main(argv)
    except PagevetError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(2)
    except BrokenPipeError:  # `| head` closed the pipe: not an error
        sys.stderr.close()
