"""The one exception base of pagevet: messages say what failed, show the value, give the fix."""


class PagevetError(Exception):
    """A usage, configuration or IO problem the user can fix (the CLI maps it to exit code 2)."""

    exit_code = 2


class GateFailed(PagevetError):
    """The data failed a gate (a suite under `build --strict`): exit code 1, not a usage error."""

    exit_code = 1
