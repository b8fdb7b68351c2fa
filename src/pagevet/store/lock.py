"""One build of a dataset at a time: an exclusive lock on `versions/.lock`, which holds the pid.

The lock is an `flock` on the file, so the kernel drops it when its holder dies however it dies
(SIGKILL included): a lock file left by a dead build is simply taken over. The pid written into
it is for the message a second build prints when it is refused.
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pagevet.errors import PagevetError

LOCK_FILE = ".lock"


@contextmanager
def build_lock(versions: Path, dataset: Path) -> Iterator[None]:
    """Hold the build lock of the dataset whose versions live in `versions` (created if
    missing), or raise PagevetError naming the running build's pid."""
    path = versions / LOCK_FILE
    try:
        versions.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise PagevetError(
            f"cannot create the build lock {path}: {error.strerror or error}; make "
            f"{versions} writable"
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            raise PagevetError(
                f"another build of {dataset} is running (pid {holder}, lock {path}): wait for "
                "it to finish, then build again"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock; the file stays, as the lock of the next build
