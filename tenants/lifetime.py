"""Processes that never outlive the one that started them.

A fleet worker, or a `pg_dump` a worker started, that survived a killed run would go on holding a
tenant's lock or a session on its database. On Linux the kernel kills them with their parent
(`prctl(PR_SET_PDEATHSIG)`, asked by the child itself, so it covers every exit of the parent,
SIGKILL included). Elsewhere a worker polls for its parent instead (a few tenths of a second), and a
tool it started runs to its end.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1
WATCH_INTERVAL = 0.2  # seconds between two looks at the parent where the kernel does not help

_libc: ctypes.CDLL | None = None


def _prctl_pdeathsig() -> bool:
    """Ask Linux to SIGKILL this process when the thread that started it ends; False elsewhere."""
    global _libc
    if not sys.platform.startswith("linux"):
        return False
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    return bool(_libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) == 0)


def die_with_parent(parent: int) -> None:
    """Make this process end when `parent` does: at once on Linux, within WATCH_INTERVAL elsewhere."""
    if not _prctl_pdeathsig():
        threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()
    if os.getppid() != parent:  # the parent died before either took effect
        os._exit(1)


def _watch(parent: int) -> None:
    while os.getppid() == parent:  # an orphan is adopted by init or a subreaper
        time.sleep(WATCH_INTERVAL)
    os._exit(1)


def child_dies_with_us() -> Callable[[], None] | None:
    """A `preexec_fn` for subprocess: the child is SIGKILLed when this process ends (Linux).

    It runs between fork and exec, so it only calls prctl: the C library is loaded beforehand.
    None elsewhere (the child then runs to its end).
    """
    if not sys.platform.startswith("linux"):
        return None
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    starter = os.getpid()

    def preexec() -> None:
        _prctl_pdeathsig()
        if os.getppid() != starter:  # we died between fork and prctl
            os._exit(1)

    return preexec
