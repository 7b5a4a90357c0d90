"""The e2e test server: a throwaway embedded PostgreSQL in var/e2e-postgres, the demo companies,
a staff owner and a viewer, then `runserver` on E2E_PORT (default 8765) with a job worker beside it
(book imports run as jobs; its log is var/e2e-worker.log).

Playwright starts this (see playwright.config.ts); it never touches var/postgres. The server stops
the embedded PostgreSQL when it exits. E2E_FRESH=1 starts from an empty cluster.

Users: admin / $PYLEDGER_ADMIN_PASSWORD (owner of acme and foo), viewer and accountant / same
password (viewer, accountant of acme only). acme gets a EUR bank account on 1140 for the CAMT.053
sample, new at every start.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PGDATA = ROOT / "var" / "e2e-postgres"
PASSWORD = os.environ.setdefault("PYLEDGER_ADMIN_PASSWORD", "e2e-password-1")
PORT = os.environ.get("E2E_PORT", "8765")


def start_database() -> None:
    sys.path.insert(0, str(ROOT))
    from pyledger_project.embedded import ensure_running, stop, tune_for_tests

    if os.environ.get("E2E_FRESH") == "1" and PGDATA.exists():
        stop(PGDATA)
        shutil.rmtree(PGDATA)
    url = ensure_running(PGDATA)
    tune_for_tests(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "pyledger_project.settings.dev"

    def shutdown(*_: object) -> None:
        stop(PGDATA)
        os._exit(0)

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    # Playwright may SIGKILL the server: a detached watcher stops PostgreSQL once we are gone.
    subprocess.Popen(  # noqa: S603
        [sys.executable, __file__, "--watch", str(os.getpid())],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def watch(pid: int) -> None:
    """Stop the e2e PostgreSQL when process `pid` (the server) has exited."""
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.5)
    sys.path.insert(0, str(ROOT))
    from pyledger_project.embedded import stop

    stop(PGDATA)


def fallback_books() -> None:
    """A few months of simple activity for acme when the demo generator made none."""
    from ledger.actor import Actor
    from ledger.models import JournalEntry
    from ledger.services.entries import journal_entry_create
    from tenants.routing.context import tenant_context

    with tenant_context("acme"):
        if JournalEntry.objects.exists():
            return
        actor = Actor.system("e2e")
        today = date.today()
        months = [(today.year * 12 + today.month - 1 - k) for k in range(11, -1, -1)]
        first = date(months[0] // 12, months[0] % 12 + 1, 1)
        journal_entry_create(
            date=first,
            memo="Owner's capital",
            post=True,
            actor=actor,
            lines=[{"account": "1120", "debit": "50000.00"}, {"account": "3100", "credit": "50000.00"}],
        )
        for i, m in enumerate(months):
            day = date(m // 12, m % 12 + 1, 5)
            sales = f"{8000 + 450 * i + (i % 3) * 700}.00"
            wages = f"{3900 + 60 * i}.00"
            power = f"{180 + 15 * (i % 4)}.00"
            for memo, lines in [
                ("Monthly sales", [("1120", "debit", sales), ("4100", "credit", sales)]),
                ("Office rent", [("6200", "debit", "2100.00"), ("1120", "credit", "2100.00")]),
                ("Salaries", [("6100", "debit", wages), ("1120", "credit", wages)]),
                ("Utilities", [("6300", "debit", power), ("1110", "credit", power)]),
                ("Cash deposit", [("1110", "debit", "400.00"), ("1120", "credit", "400.00")]),
            ]:
                journal_entry_create(
                    date=day,
                    memo=memo,
                    post=True,
                    actor=actor,
                    lines=[{"account": a, side: amount} for a, side, amount in lines],
                )


E2E_IBAN = "DE89370400440532013000"  # the account of bank/formats/samples/camt053_v08_sample.xml


def euro_bank_account() -> None:
    """A new, empty EUR bank account on 1140 for the bank screens' tests (the sample's IBAN).

    The previous run's account goes with everything the tests did to it: matches are undone (which
    reverses the entries booked from lines), the entries the tests posted to match are reversed,
    and its rules, statements and lines are deleted, as are the tests' rules for every account. A
    new account (new id) also gives new idempotency keys to the entries booked from the
    re-imported lines.
    """
    from bank.models import BankAccount, BankRule, Statement, StatementLine
    from bank.services.accounts import bank_account_create
    from bank.services.matching import unmatch_line
    from ledger.actor import Actor
    from ledger.models import JournalEntry
    from ledger.services.entries import journal_entry_reverse
    from tenants.routing.context import tenant_context

    actor = Actor.system("e2e")
    with tenant_context("acme"):
        old = BankAccount.objects.filter(iban=E2E_IBAN).first()
        if old is not None:
            for line in StatementLine.objects.filter(bank_account=old, status="matched"):
                line.refresh_from_db()
                if line.status == "matched":  # a match of several lines is undone once
                    unmatch_line(line=line, actor=actor)
            StatementLine.objects.filter(bank_account=old).delete()
            Statement.objects.filter(bank_account=old).delete()
            BankRule.objects.filter(bank_account=old).delete()
            old.delete()
        BankRule.objects.filter(pattern__startswith="E2E").delete()  # the tests' company-wide rules
        for entry in JournalEntry.objects.filter(status="posted", memo__startswith="E2E bank"):
            journal_entry_reverse(entry=entry, actor=actor)
        bank_account_create(
            account="1140",
            name="Euro account",
            iban=E2E_IBAN,
            currency="EUR",
            bank_name="Commerzbank",
            actor=actor,
        )


def job_worker() -> None:
    """A job worker for company jobs (the default queue: book imports), stopping with the server.

    Periodic ticks (the periodic queue) are left alone so recurring entries post only when a test
    runs them."""
    log = (ROOT / "var" / "e2e-worker.log").open("ab")
    command = [sys.executable, str(ROOT / "manage.py"), "jobs_worker", "--queue", "default"]
    subprocess.Popen(  # noqa: S603
        [*command, "--exit-with", str(os.getpid())],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
    )


def main() -> None:
    start_database()
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from common.models import Company, Membership

    call_command("dev_setup")
    fallback_books()
    euro_bank_account()
    for name in ("viewer", "accountant"):
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            user = get_user_model().objects.create_user(name, password=PASSWORD)
        Membership.objects.update_or_create(
            user=user, company=Company.objects.get(slug="acme"), defaults={"role": name}
        )
    users = "admin, viewer, accountant"
    print(f"e2e server on http://127.0.0.1:{PORT}/ ({users}; password {PASSWORD})", flush=True)
    job_worker()
    call_command("runserver", f"127.0.0.1:{PORT}", use_reloader=False, use_threading=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--watch":
        watch(int(sys.argv[2]))
    else:
        main()
