"""The fuzz suite's figures: how many hostile requests it sends and how many got a 5xx.

    .venv/bin/python -m benchmarks.fuzz [--seeds 0,1,2]

Runs pyledger_project/tests/test_fuzz.py (the test `make test` runs with seed 0) once per seed
given, on the test database, and prints its closing figures: requests sent (as an owner and
anonymously), answers that were a 5xx, refused writes checked against the trial balance and
how many changed it. More seeds draw other hostile values for each place. Exits non-zero when
any request got a 5xx or changed the books.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0", help="comma-separated seeds (default 0, as in make test)")
    args = parser.parse_args()
    env = {**os.environ, "PYLEDGER_FUZZ_SEEDS": args.seeds}
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:logging", "pyledger_project/tests/test_fuzz.py"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    figures = [line for line in run.stdout.splitlines() if line.startswith("fuzz:")]
    print(f"Fuzz suite, seeds {args.seeds}")
    for line in figures:
        print("  " + line.removeprefix("fuzz: "))
    print(f"  {elapsed:.1f} s in all, pytest exit {run.returncode}")
    if run.returncode != 0:
        print(run.stdout[-4000:])
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
