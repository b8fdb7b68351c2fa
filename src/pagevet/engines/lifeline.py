"""Worker processes die with the process that started them, however it dies.

A pool's workers outlive a parent killed with SIGKILL (nothing runs in the parent to stop them)
and may parse on for minutes. On Linux the kernel delivers SIGKILL to a worker when its parent
dies (PR_SET_PDEATHSIG); elsewhere, and for the instant before that is set, a watchdog thread
exits when the worker's parent changes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1
_POLL_SECONDS = 1.0


def die_with_parent() -> None:
    """Pool initializer: tie this worker's life to its parent's."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent or parent == 1:
        os._exit(1)  # the parent died before the signal was armed
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="pagevet-lifeline").start()


def _watch(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(1)
        time.sleep(_POLL_SECONDS)
