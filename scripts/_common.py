"""Shared helpers of the analysis scripts: they live in `pagevet.analyses.common` (the scripts
are thin wrappers over `pagevet.analyses`); re-exported here for scripts that import `_common`."""

from pagevet.analyses.common import (  # noqa: F401
    add_output_args,
    add_version_args,
    emit,
    parser,
    run,
    table_text,
    version_of,
)
