"""The one place Great Expectations is imported: lazily, offline, quiet.

`import great_expectations` takes ≈ 2.7 s, so nothing imports it at module level; GX reads
`GX_ANALYTICS_ENABLED` at import time, so it is set to `false` before the first import.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from types import ModuleType
from typing import Any


def gx() -> ModuleType:
    """Import Great Expectations with analytics off (the design forbids network at run time)."""
    os.environ["GX_ANALYTICS_ENABLED"] = "false"
    import great_expectations

    return great_expectations


def ephemeral_context() -> Any:
    """An in-memory context: explicit `mode="ephemeral"` (without it GX switches to GX Cloud when
    cloud variables are set) and progress bars off."""
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx().get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return context


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def captured_gx_logs() -> Iterator[list[str]]:
    """Collect what GX logs instead of letting it reach stderr: GX reports a dropped expectation
    or a broken Data Docs cell only as a log record, and pagevet turns those into errors."""
    logger = logging.getLogger("great_expectations")
    handler = _Capture()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
