"""Injected faults, so tests can prove crash safety deterministically.

`PAGEVET_FAULT=<point>` kills the process with SIGKILL when it reaches that point of a build;
`PAGEVET_FAULT=enospc:<point>` raises "No space left on device" there instead. Unset (always,
outside tests) every point is a no-op.

With `PAGEVET_FAULT_ONCE=<file>` as well, only the first process to reach the point dies (it
creates `<file>`): a retried task then runs through, as after a lost worker.
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
    "clean-written",
    "raw-written",
    "parse-cache-committed",
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
    if fault == name and _first_time():
        os.kill(os.getpid(), signal.SIGKILL)
    if fault == f"enospc:{name}":
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _first_time() -> bool:
    once = os.environ.get("PAGEVET_FAULT_ONCE")
    if not once:
        return True
    try:
        os.close(os.open(once, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True
