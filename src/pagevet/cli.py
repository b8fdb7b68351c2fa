"""pagevet's command line: click commands only. Each parses arguments, calls one library
function, renders the result and sets the exit code (0 clean, 1 findings/failures, 2 usage/IO).
Heavy libraries are imported inside the commands so `pagevet --help` stays fast."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from pagevet import __version__
from pagevet.errors import PagevetError


def _keep_examples(text: str) -> str:
    """Mark every indented paragraph (the examples) with click's `\\b`, so a narrow terminal
    never wraps a command line in the middle of a path."""
    paragraphs = text.split("\n\n")
    return "\n\n".join(
        "\b\n" + p if p.strip() and all(line.startswith("    ") for line in p.splitlines()) else p
        for p in paragraphs
    )


class _Help:
    """Help text whose examples stay one line each, whatever the terminal width."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        import inspect

        if self.help:  # type: ignore[attr-defined]
            text = inspect.cleandoc(self.help).partition("\f")[0]  # type: ignore[attr-defined]
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(_keep_examples(text))


class _Command(_Help, click.Command):
    pass


class _Group(_Help, click.Group):
    """Turn library errors into `Error: …` with their exit code: 2 (click's usage-error code)
    for usage, configuration and IO problems, 1 for data that fails a gate."""

    command_class = _Command
    group_class = type

    def invoke(self, ctx: click.Context):  # noqa: D102
        try:
            return super().invoke(ctx)
        except PagevetError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pagevet")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """pagevet turns raw scraped web pages into versioned, audited datasets.

    Example:

        pagevet inspect datasets/sample-news/raw/ | less
    """
    # Builds, checks and validation never touch the network (only publish talks to the Hub);
    # the libraries read these variables when first imported, after this.
    quiet = {"HF_HUB_DISABLE_TELEMETRY": "1", "HF_UPDATE_DOWNLOAD_COUNTS": "0",
             "GX_ANALYTICS_ENABLED": "false"}  # fmt: skip
    if ctx.invoked_subcommand != "publish":
        quiet["HF_HUB_OFFLINE"] = "1"
    for key, value in quiet.items():
        os.environ.setdefault(key, value)


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
    from pagevet.rules.engine import check_rule_ids

    config = load_config()
    check_rule_ids([*_split(select), *_split(ignore)], "--select/--ignore")
    if select:
        config.select = _split(select)
    config.ignore = [*config.ignore, *_split(ignore)]
    if fail_on:
        config.fail_on = fail_on
    return config


def _page_total(paths) -> int | None:
    """Pages to read when the files say it (one page per text/HTML file), else None (JSONL,
    WARC and Parquet files hold an unknown number of pages)."""
    from pagevet.sources import iter_input_files
    from pagevet.sources.reader import page_format

    total = 0
    for path in iter_input_files(paths):
        if page_format(path) not in (None, "text", "html"):
            return None
        total += 1
    return total


def _say_config(config) -> None:
    """-v: the configuration files read, on stderr."""
    if config.read_from:
        for origin in config.read_from:
            click.echo(f"config: read [tool.pagevet] from {origin}", err=True)
    else:
        click.echo(
            "config: no pyproject.toml with [tool.pagevet] here or above: defaults", err=True
        )


def _progress_callback(total: int | None = None, quiet: bool = False):
    """A rich progress bar on stderr when it is a terminal (pages, the total when known, rate,
    ETA); None (silent) otherwise, and with --quiet. Never on stdout."""
    if quiet or not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = [SpinnerColumn(), TextColumn("{task.description}")]
    if total:
        columns += [BarColumn(), MofNCompleteColumn(), TextColumn("pages")]
    else:
        columns += [TextColumn("{task.completed} pages")]
    columns += [
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        *([TimeRemainingColumn()] if total else []),
    ]
    progress = Progress(*columns, console=Console(stderr=True), transient=True)
    task = progress.add_task("reading", total=total, rate="")

    def advance(n: int) -> None:
        progress.advance(task, n)
        speed = progress.tasks[0].speed
        progress.update(task, rate=f"{speed:,.0f} pages/s" if speed else "")

    return progress, advance


class _Timer:
    """The closing summary line on stderr: pages and pages per second."""

    def __init__(self, quiet: bool) -> None:
        import time

        self.quiet, self.start = quiet, time.perf_counter()

    def done(self, pages: int, verb: str = "read") -> None:
        import time

        if self.quiet:
            return
        seconds = max(time.perf_counter() - self.start, 1e-9)
        click.echo(
            f"{verb} {pages:,} pages in {seconds:.1f} s ({pages / seconds:,.0f} pages/s)", err=True
        )


quiet_option = click.option(
    "--quiet", "-q", is_flag=True, help="No progress bar and no summary line on stderr."
)


def engine_option(fn):
    fn = click.option(
        "--ray-address",
        metavar="ADDRESS",
        default=None,
        help="With --engine ray: the Ray cluster to join (auto, host:port, ray://host:10001; "
        "default $RAY_ADDRESS, else a local Ray instance).",
    )(fn)
    return click.option(
        "--engine",
        type=click.Choice(["local", "ray"]),
        default="local",
        show_default=True,
        help="local: worker processes on this machine; ray: Ray Data (pip install 'pagevet[distributed]').",
    )(fn)


def _engine(engine: str, ray_address: str | None, paths=()):
    """The engine object or name `run` takes; URLs and --ray-address need the Ray engine."""
    from pagevet.engines.inputs import is_url

    if engine != "ray":
        if ray_address:
            raise click.UsageError("--ray-address needs --engine ray")
        if any(is_url(p) for p in paths):
            raise click.UsageError("filesystem URLs are read by --engine ray; give local paths")
        return engine
    from pagevet.engines import get_engine

    return get_engine("ray", ray_address=ray_address)


class _PathOrURL(click.Path):
    """An existing local path, or a filesystem URL (`scheme://…`, checked when read)."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and "://" in value:
            return value
        return super().convert(value, param, ctx)


def _page_paths(paths, config):
    """The page files to read: an error when there are none, without the files the
    configuration's `exclude` names. Filesystem URLs (the Ray engine's) are listed when read."""
    from pagevet.engines.inputs import is_url
    from pagevet.sources import require_page_files

    urls = [p for p in paths if is_url(p)]
    local = [p for p in paths if not is_url(p)]
    if local:
        require_page_files(local)
    if config.exclude and local:
        from pagevet.sources import iter_input_files
        from pagevet.suppress import excluded

        local = [str(p) for p in iter_input_files(local) if not excluded(str(p), config)]
        if not local and not urls:
            raise PagevetError("every page file is excluded by the configuration's `exclude`")
    return [*local, *urls]


def _check_on_ray(paths, config, engine, quiet):
    """check's report from a run on Ray: only the pages with findings come to this process;
    the per-stage statistics go to stderr (not with --quiet)."""
    import dataclasses

    from pagevet.pipeline import run_distributed
    from pagevet.report.check import CheckReport

    timer = _Timer(quiet)
    done = run_distributed(_page_paths(paths, config), config, engine=engine)
    flagged = done.flagged()
    report = (
        CheckReport.from_pages(flagged, config.fail_on)
        if flagged.height
        else CheckReport(pages=0, findings=[], fail_on=config.fail_on)
    )
    report = dataclasses.replace(report, pages=done.count())
    if not quiet:
        click.echo(done.summary(), err=True)
    timer.done(report.pages, "checked")
    return report


def _run(paths, config, engine="local", quiet=False, columns=None):
    """The pipeline's pages (only `columns`, when given), with one worker per core, a progress
    bar on a terminal and a summary line (both on stderr, both off with --quiet)."""
    from pagevet.engines.local import default_workers
    from pagevet.pipeline import run

    paths = _page_paths(paths, config)
    timer = _Timer(quiet)
    progress, advance = _progress_callback(
        None if quiet or not sys.stderr.isatty() else _page_total(paths), quiet
    )
    options = {"engine": engine, "workers": default_workers(), "columns": columns}
    if progress is None:
        pages = run(paths, config, **options).pages
    else:
        with progress:
            pages = run(paths, config, progress=advance, **options).pages
    timer.done(pages.height, "checked")
    return pages


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=_PathOrURL(exists=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "jsonl", "json", "github"]),
    default="text",
    show_default=True,
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Known findings (written with --write-baseline): only new findings are shown and count.",
)
@click.option(
    "--write-baseline", is_flag=True, help="Write every current finding to --baseline FILE."
)
@click.option("-v", "--verbose", is_flag=True, help="Say which configuration files were read.")
@rule_options
@engine_option
@quiet_option
def check(
    paths,
    fmt,
    baseline,
    write_baseline,
    verbose,
    select,
    ignore,
    fail_on,
    engine,
    ray_address,
    quiet,
):
    """Run every rule on pages and print linter-style findings (no build).

    PATHS are page files or folders: text dumps (.txt, .txt.gz), HTML, WARC, JSONL, Parquet;
    with --engine ray also filesystem URLs (file://, s3://, gs://, hdfs://).
    Exit code: 0 clean, 1 findings at or above --fail-on, 2 usage or IO error.

    Example:

        pagevet check datasets/sample-news/raw --ignore near-duplicate --fail-on warning
    """
    import json

    from pagevet.report.baseline import read_baseline, without_baseline, write_baseline_file
    from pagevet.report.check import CheckReport, render_github, render_jsonl, render_text

    if write_baseline and baseline is None:
        raise PagevetError("--write-baseline needs --baseline FILE: the file to write")
    config = _config(select, ignore, fail_on)
    if verbose:
        _say_config(config)
    known = read_baseline(baseline) if baseline is not None and not write_baseline else None
    engine = _engine(engine, ray_address, paths)
    if hasattr(engine, "run_distributed"):  # only the pages with findings reach this process
        report = _check_on_ray(paths, config, engine, quiet)
    else:
        pages = _run(paths, config, engine, quiet, columns=list(CheckReport.COLUMNS))
        report = CheckReport.from_pages(pages, config.fail_on)
    if write_baseline:
        n = write_baseline_file(baseline, report)
        click.echo(
            f"wrote {n} finding(s) to {baseline}: `check --baseline {baseline}` shows only new ones"
        )
        return
    if known is not None:
        report, hidden = without_baseline(report, known)
        if not quiet:
            click.echo(f"{hidden} known finding(s) in {baseline} not shown", err=True)
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


def _page_addresses(paths: tuple[str, ...]) -> tuple[list[str], dict[str, set[int]]]:
    """Files to read, and the records asked for as `FILE#N` (the `path#record` check prints)."""
    files: list[str] = []
    records: dict[str, set[int]] = {}
    for given in paths:
        name, sep, record = given.rpartition("#")
        if sep and record.isdigit() and not os.path.lexists(given):
            if not os.path.lexists(name):
                raise PagevetError(f"{name}: no such file (from {given!r})")
            name = str(Path(name))
            records.setdefault(name, set()).add(int(record))
            given = name
        elif not os.path.lexists(given):
            raise PagevetError(f"{given}: no such file or folder; check the path")
        if given not in files:
            files.append(given)
    return files, records


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True
)
@click.option(
    "--id", "page_ids", multiple=True, metavar="ID", help="Show only the page(s) with this id."
)
@click.option("-v", "--verbose", is_flag=True, help="Say which configuration files were read.")
@rule_options
@quiet_option
def inspect(paths, fmt, page_ids, verbose, select, ignore, fail_on, quiet):
    """Show each page's fields, every line with its role, and the findings beside the lines.

    PATHS are page files or folders; FILE#N is record N of a multi-page file (JSONL, Parquet,
    WARC), as `pagevet check` prints it.

    Example:

        pagevet inspect datasets/sample-news/raw/thoibaohoanvu/046_53b6767849651a8e.txt

        pagevet inspect datasets/sample-news/raw/dailyexample/pages.jsonl#14

        pagevet inspect --format jsonl crawl/ | jq .title
    """
    import polars as pl

    from pagevet.report.inspect import page_record, render_page

    config = _config(select, ignore, fail_on)
    if verbose:
        _say_config(config)
    files, records = _page_addresses(paths)
    pages = _run(files, config, quiet=quiet)
    if records:
        wanted = pl.lit(False)
        for name, numbers in records.items():
            wanted = wanted | ((pl.col("path") == name) & pl.col("record").is_in(sorted(numbers)))
        whole = [f for f in files if f not in records]
        pages = pages.filter(wanted | pl.col("path").is_in(whole) | _under(whole))
        missing = [
            f"{name}#{n}"
            for name, numbers in records.items()
            for n in sorted(numbers)
            if pages.filter((pl.col("path") == name) & (pl.col("record") == n)).is_empty()
        ]
        if missing:
            raise PagevetError(f"no record {', '.join(missing)}: records are numbered from 0")
    if page_ids:
        pages = pages.filter(pl.col("id").is_in(_split(page_ids)))
        if pages.is_empty():
            raise PagevetError(
                f"no page with id {', '.join(_split(page_ids))} under {', '.join(files)}"
            )
    for row in pages.iter_rows(named=True):
        if fmt == "jsonl":
            import json

            click.echo(json.dumps(page_record(row), ensure_ascii=False, default=str))
        else:
            click.echo(render_page(row))


def _under(folders: list[str]):
    import polars as pl

    expr = pl.lit(False)
    for folder in folders:
        if os.path.isdir(folder):
            expr = expr | pl.col("path").str.starts_with(folder.rstrip("/") + "/")
    return expr


# --- validate, suite: Great Expectations suites as the data gate ---------------------------


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--source",
    required=True,
    type=click.Path(exists=True, path_type=Path),
    help="Folder or file of pages the dataset is built from.",
)
def init(folder, source):
    """Write a dataset recipe (dataset.toml) and a README stub in FOLDER.

    Example:

        pagevet init datasets/vn-news --source crawl/vn-news/
    """
    from pagevet.store.starter import init_dataset

    result = init_dataset(folder, source)
    click.echo(f"wrote {result.recipe} from {result.sampled} sampled page(s)")
    click.echo("  languages: " + (", ".join(result.languages) or "none detected: set `languages`"))
    for rel, site in result.sources:
        click.echo(f"  source {rel}: {site or 'no site detected: set `source`'}")
    click.echo('  license: "other": choose the licence the publisher gave')
    if result.suites_written:
        click.echo(
            "no checks/ folder found: wrote starter suites "
            + " and ".join(str(p) for p in result.suites_written)
        )
    click.echo(f"edit it, then run: pagevet build {folder}")


@cli.command()
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--version", "version", metavar="X.Y.Z", help="Version number (default: from the diff)."
)
@click.option("--strict", is_flag=True, help="Fail (exit 1, write nothing) when a suite fails.")
@click.option("--docs", is_flag=True, help="Also write GX Data Docs HTML under validation/docs/.")
@engine_option
@click.option(
    "--report",
    "report",
    is_flag=True,
    help="Also write the HTML quality report beside the new version (versions/vX.Y.Z.report.html).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--full",
    is_flag=True,
    help="Parse every page and run every rule again instead of reusing the last build's "
    "parsed pages and rule results for unchanged pages (DATASET/.pagevet-cache/).",
)
@quiet_option
def build(dataset, version, strict, docs, engine, ray_address, fmt, report, full, quiet):
    """Build the next immutable version of a dataset under DATASET/versions/vX.Y.Z/.

    The folder is a Hugging Face dataset repo: README.md card, data/ (default config),
    raw/ (raw config), manifest.json, validation/, croissant.json. Without --version the
    number comes from the diff to the parent (schema -> major, rows -> minor, card -> patch);
    when nothing changed no version is written.

    Example:

        pagevet build datasets/sample-news
    """
    import json

    from pagevet.engines.local import default_workers
    from pagevet.store.build import build_version

    options = {
        "version": version,
        "strict": strict,
        "docs": docs,
        "workers": default_workers(),
        "engine": _engine(engine, ray_address),
        "reuse": not full,
    }
    timer = _Timer(quiet)
    progress, advance = _progress_callback(None, quiet)
    if progress is None:
        result = build_version(dataset, **options)
    else:
        with progress:
            result = build_version(dataset, progress=advance, **options)
    ran = getattr(options["engine"], "last_run", None)  # the Ray engine's per-stage figures
    if ran is not None and not quiet:
        click.echo(ran.summary(), err=True)
    if result.created:
        timer.done(result.manifest["counts"]["pages"], "built")
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    elif not result.created:
        click.echo(f"{dataset}: nothing changed since v{result.version}; no new version written")
    else:
        counts = result.manifest["counts"]
        click.echo(
            f"built {result.folder} ({result.bump}; parent "
            f"{'v' + result.parent if result.parent else 'none'}): {counts['pages']} pages, "
            f"{counts['readable']} readable, splits {counts['splits']}"
        )
        for name, s in result.manifest["suites"].items():
            verdict = "passed" if s["success"] else "FAILED"
            click.echo(f"suite {name}: {verdict} ({s['passed']}/{s['evaluated']} expectations)")
        flagged = {r: n for r, n in counts["flags"].items() if n}
        click.echo("pages flagged: " + ", ".join(f"{r} {n}" for r, n in flagged.items()))
    if report and result.created:
        from pagevet.report.render import write_report

        click.echo(f"report: {write_report(result.folder)}", err=fmt == "json")


@cli.command()
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("a")
@click.argument("b")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def diff(dataset, a, b, fmt):
    """Compare versions A and B: pages added/removed/changed, schema, rule-rate deltas.

    Example:

        pagevet diff datasets/sample-news v1.0.0 v1.1.0 --format json
    """
    import json

    from pagevet.store.diff import diff_versions, render_diff

    result = diff_versions(dataset, a, b)
    click.echo(json.dumps(result, indent=2) if fmt == "json" else render_diff(result))


@cli.command()
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--version", "version", metavar="X.Y.Z", help="Version to check (default: latest).")
def verify(dataset, version):
    """Recompute the sha256 of every file of a version against its manifest.

    Exit 1 naming each missing, changed or unlisted file.

    Example:

        pagevet verify datasets/sample-news --version 1.0.0
    """
    from pagevet.store.manifest import verify_folder
    from pagevet.versions import version_dir

    folder = version_dir(dataset, version)
    problems = verify_folder(folder)
    for problem in problems:
        click.echo(f"{folder}/{problem}", err=True)
    if problems:
        click.echo(f"{folder}: {len(problems)} problem(s): the version is damaged", err=True)
        sys.exit(1)
    click.echo(f"{folder}: every file matches manifest.json")


@cli.command()
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--repo", required=True, metavar="OWNER/NAME", help="Hub dataset repo id.")
@click.option("--version", "version", metavar="X.Y.Z", help="Version to publish (default: latest).")
@click.option("--private", is_flag=True, help="Create the repo private if it does not exist.")
@click.option("--dry-run", is_flag=True, help="Print the plan as JSON and change nothing.")
@click.option("--force", is_flag=True, help="Publish even when the release suite failed.")
@click.option(
    "--endpoint", envvar="HF_ENDPOINT", help="Hub URL (default: $HF_ENDPOINT or the Hub)."
)
def publish(dataset, repo, version, private, dry_run, force, endpoint):
    """Publish a built version to the Hugging Face Hub as one commit plus a tag vX.Y.Z.

    The plan lists every file operation with its sha256 and the parent commit it expects;
    re-publishing an identical version changes nothing. The token comes from $HF_TOKEN or
    `hf auth login` and is never printed.

    Example:

        pagevet publish datasets/sample-news --repo my-org/sample-news --dry-run
    """
    import json

    from huggingface_hub.utils import disable_progress_bars

    from pagevet.hub import apply_plan, plan_publish
    from pagevet.versions import version_dir

    disable_progress_bars()
    folder = version_dir(dataset, version)
    plan = plan_publish(folder, repo, endpoint=endpoint, private=private, offline_ok=dry_run)
    if dry_run:
        click.echo(json.dumps(plan.to_dict(), indent=2, ensure_ascii=False))
        if plan.remote_error:
            click.echo(
                f"the remote parent could not be read ({plan.remote_error}); this is the local "
                f"plan: {len(plan.operations)} file(s) to add, then tag {plan.tag}",
                err=True,
            )
        return
    if plan.is_noop:
        click.echo(
            f"{repo}: v{plan.version} is already published at tag v{plan.version}; nothing to do"
        )
        return
    result = apply_plan(plan, endpoint=endpoint, force=force)
    click.echo(
        f"{repo}: {result.operations} file operation(s) in commit {result.commit[:12]}, "
        f"tagged {result.tag}" + (f" ({result.commit_url})" if result.commit_url else "")
    )


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--suite",
    "suites",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Suite file to run (repeatable). Default: checks/pages.json of the current "
    "directory or of PATH's project.",
)
@click.option(
    "--version",
    "version",
    default=None,
    metavar="V",
    help="Version of a dataset folder to validate (default: the latest).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "junit", "github"]),
    default="text",
    show_default=True,
    help="github: ::error/::warning annotations, plus a Markdown table appended to "
    "$GITHUB_STEP_SUMMARY when it is set.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report to FILE (a verdict line per suite still goes to stderr).",
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Validation date behind the suites' today/tomorrow parameters (default: today, UTC).",
)
def validate(path, suites, version, fmt, output, as_of):
    """Run Great Expectations suites on a built table and gate on the result.

    PATH is a Parquet file, a folder of Parquet files, or a built version folder (its
    data/*.parquet). Exit code: 0 when every error-severity (critical) expectation passes,
    1 when one fails, 2 on usage or configuration errors (unknown expectation type, missing
    column, unreadable file). Warnings are reported and never fail.

    Example:

        pagevet validate datasets/vn-news/versions/v1.0.0

        pagevet validate pages.parquet --suite checks/release.json --format junit -o report.xml
    """
    from pagevet.suites import append_step_summary, render, validate_path

    results = validate_path(
        path, suites or None, version=version, as_of=as_of.date() if as_of else None
    )
    report = render(results, fmt)
    if output is None:
        click.echo(report.rstrip("\n"))
    else:
        from pagevet.store.safety import refuse_output_in_version

        refuse_output_in_version(output)
        output.write_text(report if report.endswith("\n") else report + "\n", encoding="utf-8")
        for result in results:
            verdict = "passed" if result.success else "FAILED"
            stats = result.statistics()
            click.echo(
                f"{result.suite}: {verdict} ({stats['failed']} failed, {stats['warned']} "
                f"warned, {stats['passed']} passed) -> {output}",
                err=True,
            )
    if fmt == "github":
        append_step_summary(results)
    sys.exit(0 if all(r.success for r in results) else 1)


@cli.group()
def suite() -> None:
    """Create and list Great Expectations suites (checks/*.json).

    Example:

        pagevet suite new pages-strict && pagevet suite list
    """


@suite.command("new")
@click.argument("name")
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("checks"),
    show_default=True,
    help="Folder to write NAME.json into.",
)
def suite_new(name, folder):
    """Write a starter suite checks/NAME.json to edit (refuses to overwrite).

    Example:

        pagevet suite new pages-strict
    """
    from pagevet.suites import new_suite

    if not name or name.startswith(".") or any(c in name for c in "/\\\0\n"):
        raise PagevetError(
            f"suite name {name!r} is not a plain name: use letters, digits and dashes "
            "(e.g. pages-strict); --dir says where the file goes"
        )
    click.echo(f"wrote {new_suite(name, folder / f'{name}.json')}")


@suite.command("list")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=Path("checks"))
def suite_list(folder):
    """List the suites in FOLDER with each expectation in words (each suite is verified with
    GX, so a broken suite file fails here too).

    Example:

        pagevet suite list checks/
    """
    from pagevet.suites import describe_expectation, find_suites, load_suite

    paths = find_suites(folder)
    if not paths:
        click.echo(f"no suites in {folder} (create one with `pagevet suite new NAME`)")
    for path in paths:
        loaded = load_suite(path)
        errors = sum(e.severity == "error" for e in loaded.expectations)
        click.echo(
            f"{path}  {loaded.name}: {len(loaded.expectations)} expectations "
            f"({errors} error, {len(loaded.expectations) - errors} warning/info)"
        )
        for exp in loaded.expectations:
            click.echo(f"  [{exp.severity}] {describe_expectation(exp)}")


@cli.command()
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--version", "version", metavar="X.Y.Z", help="Version to report (default: latest).")
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: versions/vX.Y.Z.report.html beside the version, or stdout "
    "for --format md).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["html", "md"]), default="html", show_default=True
)
def report(dataset, version, out, fmt):
    """Write a version's quality report: one self-contained HTML page (summary, suite
    verdicts, findings per rule, charts, template/spam lines, worst examples with their lines)
    that works offline, or a short Markdown summary (--format md).

    DATASET is a dataset folder (with --version, default the latest) or a version folder.

    Example:

        pagevet report datasets/sample-news --out report.html

        pagevet report datasets/sample-news --format md >> "$GITHUB_STEP_SUMMARY"
    """
    from pagevet.report.analyses import resolve_version
    from pagevet.report.render import render_report, write_report

    folder = resolve_version(dataset, version)
    if out is not None:
        from pagevet.store.safety import refuse_output_in_version

        refuse_output_in_version(out)
    if fmt == "md" and out is None:
        click.echo(render_report(folder, "md"), nl=False)
        return
    click.echo(f"wrote {write_report(folder, out, fmt)}")


@cli.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.argument("name")
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def analyze(name, args):
    """Run a polars analysis over a built version: NAME is spam-lines, findings-by-source,
    date-ranges, slug-report or compare-versions; ARGS go to it (`pagevet analyze NAME -h`).

    The same analyses run as `python -m pagevet.analyses.NAME` and `python scripts/NAME.py`.

    Example:

        pagevet analyze date-ranges datasets/sample-news --problems
    """
    import importlib

    from pagevet.analyses import ANALYSES
    from pagevet.analyses.common import run

    module = name.replace("-", "_")
    if name in ("-h", "--help"):
        click.echo(click.get_current_context().get_help())
        return
    if module not in ANALYSES:
        known = ", ".join(a.replace("_", "-") for a in ANALYSES)
        raise PagevetError(f"no analysis {name!r}: choose one of {known}")
    run(importlib.import_module(f"pagevet.analyses.{module}").main, list(args))


def main() -> None:
    cli(prog_name="pagevet")


if __name__ == "__main__":
    sys.exit(main())
