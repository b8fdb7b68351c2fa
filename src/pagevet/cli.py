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


def main() -> None:
    cli(prog_name="pagevet")


if __name__ == "__main__":
    sys.exit(main())
