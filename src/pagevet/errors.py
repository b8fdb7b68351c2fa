"""The one exception base of pagevet: messages say what failed, show the value, give the fix."""


class PagevetError(Exception):
    """A usage, configuration or IO problem the user can fix (the CLI maps it to exit code 2)."""
