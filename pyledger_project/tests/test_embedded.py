"""Which pytest process starts the throwaway embedded PostgreSQL: a serial run and each pytest-xdist
worker do; xdist's controller, which runs no test, does not (pyledger_project/settings/test.py)."""

from __future__ import annotations

import pytest

from pyledger_project.embedded import xdist_controller


@pytest.mark.parametrize(
    ("argv", "addopts"),
    [
        (["pytest", "-n", "auto", "--dist", "load"], ""),
        (["pytest", "-n4"], ""),
        (["pytest", "--numprocesses=2", "ledger"], ""),
        (["pytest", "--numprocesses", "auto"], ""),
        (["pytest", "ledger"], "-n auto"),
    ],
)
def test_a_distributed_run_s_controller_starts_no_server(argv: list[str], addopts: str) -> None:
    assert xdist_controller(argv, addopts)


@pytest.mark.parametrize(
    ("argv", "addopts"),
    [
        (["pytest", "ledger", "-x", "-q"], ""),
        (["pytest", "-n", "0"], ""),
        (["pytest", "-n0"], ""),
        (["pytest", "-n", "auto", "-p", "no:xdist"], ""),
        (["pytest", "-k", "nothing", "--no-header"], "-rs"),
        (["manage.py", "runserver"], ""),
    ],
)
def test_a_serial_run_starts_its_server(argv: list[str], addopts: str) -> None:
    assert not xdist_controller(argv, addopts)
