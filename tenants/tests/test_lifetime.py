"""A process started for a job dies with the process that started it, on every platform."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tenants.tests.migration_support import PROJECT_DIR

# A parent that forks a worker; the worker asks to die with it, then idles.
FAMILY = """
import os, sys, time
from tenants import lifetime
if sys.argv[1] == "watch":
    lifetime._prctl_pdeathsig = lambda: False  # as on a platform without PR_SET_PDEATHSIG
worker = os.fork()
if worker == 0:
    lifetime.die_with_parent(os.getppid())
    time.sleep(60)
    os._exit(0)
print(worker, flush=True)
time.sleep(60)
"""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.slow  # subprocesses, killed and waited for
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
@pytest.mark.parametrize(("how", "bound"), [("prctl", 0.5), ("watch", 1.0)])
def test_a_worker_dies_soon_after_its_parent_is_killed(how, bound):
    parent = subprocess.Popen(
        [sys.executable, "-c", FAMILY, how], cwd=PROJECT_DIR, stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    time.sleep(0.1)  # the worker has asked by now
    assert alive(worker)

    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=5)
    killed = time.monotonic()
    while alive(worker) and time.monotonic() < killed + bound:
        time.sleep(0.01)

    assert not alive(worker)
    parent.stdout.close()
