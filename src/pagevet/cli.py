"""pagevet's command line: click commands only. Each parses arguments, calls one library
function, renders the result and sets the exit code (0 clean, 1 findings/failures, 2 usage/IO).
Heavy libraries are imported inside the commands so `pagevet --help` stays fast."""

from __future__ import annotations

import sys

import click

from pagevet import __version__
from pagevet.errors import PagevetError


class _Group(click.Group):
    """Turn library errors into `Error: …` with exit code 2 (click's usage-error code)."""

    def invoke(self, ctx: click.Context):  # noqa: D102
        try:
            return super().invoke(ctx)
        except PagevetError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pagevet")
def cli() -> None:
    """pagevet turns raw scraped web pages into versioned, audited datasets.

    Example:

        pagevet inspect datasets/sample-news/raw/ | less
    """


def rule_options(fn):
    """--select/--ignore/--fail-on, shared by the commands that run rules."""
    fn = click.option(
        "--fail-on",
        type=click.Choice(["error", "warning", "info", "never"]),
        default=None,
        help="Exit 1 when a finding has this severity or worse (default: error).",
    )(fn)
    fn = click.option(
        "--ignore", multiple=True, metavar="RULE", help="Skip a rule (repeatable, or comma list)."
    )(fn)
    fn = click.option(
        "--select", multiple=True, metavar="RULE", help="Run only these rules (repeatable)."
    )(fn)
    return fn


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def _config(select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str | None):
    from pagevet.config import load_config

    config = load_config()
    if select:
        config.select = _split(select)
    config.ignore = [*config.ignore, *_split(ignore)]
    if fail_on:
        config.fail_on = fail_on
    return config


def _progress_callback():
    """A rich progress bar on stderr when it is a terminal; None (silent) otherwise."""
    if not sys.stderr.isatty():
        return None, None
    from rich.progress import Progress, SpinnerColumn, TextColumn

    progress = Progress(
        SpinnerColumn(), TextColumn("{task.description} {task.completed} pages"), transient=True
    )
    task = progress.add_task("reading", total=None)
    return progress, lambda n: progress.advance(task, n)


def _check_pages(paths, config):
    from pagevet.engines.local import check_pages

    progress, advance = _progress_callback()
    if progress is None:
        return check_pages(paths, config)
    with progress:
        return check_pages(paths, config, progress=advance)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "jsonl", "json", "github"]),
    default="text",
    show_default=True,
)
@rule_options
def check(paths, fmt, select, ignore, fail_on):
    """Run every rule on pages and print linter-style findings (no build).

    PATHS are page files or folders: text dumps (.txt, .txt.gz), HTML, WARC, JSONL, Parquet.
    Exit code: 0 clean, 1 findings at or above --fail-on, 2 usage or IO error.

    Example:

        pagevet check datasets/sample-news/raw --ignore near-duplicate --fail-on warning
    """
    import json

    from pagevet.report.check import CheckReport, render_github, render_jsonl, render_text

    config = _config(select, ignore, fail_on)
    report = CheckReport.from_pages(_check_pages(paths, config), config.fail_on)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        out = render_jsonl(report)
        if out:
            click.echo(out)
    elif fmt == "github":
        out = render_github(report)
        if out:
            click.echo(out)
    else:
        click.echo(render_text(report))
    sys.exit(1 if report.failed else 0)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True
)
@rule_options
def inspect(paths, fmt, select, ignore, fail_on):
    """Show each page's fields, every line with its role, and the findings beside the lines.

    Example:

        pagevet inspect datasets/sample-news/raw/baotinmoi/000_1a2b3c4d5e6f7a8b.txt

        pagevet inspect --format jsonl crawl/ | jq .title
    """
    from pagevet.report.inspect import page_record, render_page

    config = _config(select, ignore, fail_on)
    pages = _check_pages(paths, config)
    for row in pages.iter_rows(named=True):
        if fmt == "jsonl":
            import json

            click.echo(json.dumps(page_record(row), ensure_ascii=False, default=str))
        else:
            click.echo(render_page(row))


def main() -> None:
    cli(prog_name="pagevet")


if __name__ == "__main__":
    sys.exit(main())
