"""Helpers for the backup, restore, move and server tests: a second PostgreSQL server, companies
with real books, and their clean-up on every server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connections
from django.test import override_settings

from common.models import Company, DatabaseServer
from ledger.actor import Actor
from ledger.models import Account
from ledger.services.entries import journal_entry_create
from pyledger_project.embedded import ensure_running, socket_dir, tune_for_tests
from tenants.lifecycle.provisioning import conninfo, database_exists, database_name, drop_database
from tenants.lifecycle.relocation import RESTORED_SUFFIX
from tenants.lifecycle.services import tenant_bootstrap
from tenants.routing.connections import alias_for, unregister
from tenants.routing.context import tenant_context


@dataclass(frozen=True)
class SecondServer:
    """A second embedded PostgreSQL: where the DatabaseServer rows of a test point."""

    host: str

    def row(self, name: str = "pg2", **fields: Any) -> DatabaseServer:
        """Register it (rows live in the test's common DB, flushed after the test)."""
        return DatabaseServer.objects.create(name=name, host=self.host, port=5432, user="postgres", **fields)

    def unsaved(self) -> DatabaseServer:
        return DatabaseServer(name="pg2", host=self.host, port=5432, user="postgres")


def start_second_server(tmp: Path) -> SecondServer:
    url = ensure_running(tmp / "pg2", cleanup=None)  # the session fixture stops it
    tune_for_tests(url)
    return SecondServer(host=socket_dir(url))


def default_server_row(name: str = "pg1", **fields: Any) -> DatabaseServer:
    """A DatabaseServer row for the server of the common DB (the test's first server)."""
    default = connections["default"].settings_dict
    return DatabaseServer.objects.create(
        name=name, host=default["HOST"], port=int(default["PORT"] or 5432), user=default["USER"], **fields
    )


def account_codes(slug: str) -> list[str]:
    with tenant_context(slug):
        return list(Account.objects.order_by("code").values_list("code", flat=True))


def add_accounts(slug: str, *codes: str) -> None:
    with tenant_context(slug):
        Account.objects.bulk_create(
            Account(code=c, name=f"Account {c}", type=Account.Type.ASSET) for c in codes
        )


BALANCE_ACCOUNTS = ("1120", "4100", "4200", "6100", "6200")


def add_balances(company: Company, *rows: tuple[str, str]) -> None:
    """Post one balanced entry, a line per (debit, credit) row on its own account, so the books
    have kept totals (a trial balance) that a copy must reproduce."""
    lines = [
        {"account": code, "debit": debit} if Decimal(debit) else {"account": code, "credit": credit}
        for code, (debit, credit) in zip(BALANCE_ACCOUNTS, rows, strict=False)
    ]
    with tenant_context(company):
        journal_entry_create(date=date(2026, 3, 1), lines=lines, actor=Actor.system("test"), post=True)


def read_only_error(company: Company) -> str | None:
    """The error a write to the company's current database gets from a fresh session, if any."""
    try:
        with psycopg.connect(**conninfo(company.server, company.db_name), autocommit=True) as conn:
            conn.execute("CREATE TEMP TABLE probe (x int)")
    except psycopg.errors.ReadOnlySqlTransaction as exc:
        return str(exc)
    return None


@pytest.fixture
def backup_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "backups"
    with override_settings(PYLEDGER_BACKUP_DIR=folder):
        yield folder


@pytest.fixture
def books(
    usd: Any, late_aliases: None, backup_dir: Path, second: SecondServer
) -> Iterator[Callable[[str], Company]]:
    """Bootstrap companies with seeded books; every database they may have had on either server
    (under either name a restore alternates between) is dropped afterwards."""
    slugs: list[str] = []

    def make(slug: str, **kwargs: Any) -> Company:
        track(slug)
        return tenant_bootstrap(slug=slug, **kwargs).company

    def track(slug: str) -> None:
        slugs.append(slug)

    make.track = track  # type: ignore[attr-defined]
    try:
        yield make
    finally:
        for slug in slugs:
            unregister(alias_for(slug))
            for server in (None, second.unsaved()):
                for name in (database_name(slug), database_name(slug) + RESTORED_SUFFIX):
                    drop_database(server, name)


def databases_of(slug: str, server: DatabaseServer | None) -> set[str]:
    return {
        name
        for name in (database_name(slug), database_name(slug) + RESTORED_SUFFIX)
        if database_exists(server, name)
    }
