"""Injected faults, so tests can prove crash safety deterministically.

`PAGEVET_FAULT=<point>` kills the process with SIGKILL when it reaches that point of a build;
`PAGEVET_FAULT=enospc:<point>` raises "No space left on device" there instead. Unset (always,
outside tests) every point is a no-op.
"""

from __future__ import annotations

import errno
import os
import signal

# Every point a build passes, in order (tests kill at each one).
BUILD_POINTS = (
    "start",
    "locked",
    "cleaned",
    "parsing",
    "pages-checked",
    "derived",
    "tmp-created",
    "shard-written",
    "default-written",
    "raw-written",
    "fingerprinted",
    "suites-run",
    "card-written",
    "croissant-written",
    "manifest-written",
    "digest-written",
    "before-rename",
    "renamed",
    "latest-staged",
    "latest-written",
)


def fault_point(name: str) -> None:
    fault = os.environ.get("PAGEVET_FAULT")
    if not fault:
        return
    if fault == name:
        os.kill(os.getpid(), signal.SIGKILL)
    if fault == f"enospc:{name}":
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
