"""Bank accounts: a ledger asset account plus validated bank details (IBAN and BIC by schwifty)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from bank.errors import BankAccountInUse, InvalidBankDetails
from bank.models import BankAccount
from ledger.actor import Actor
from ledger.errors import UnknownAccount, UnknownCurrency
from ledger.models import Account, Currency
from ledger.services.audit import audit_record
from ledger.services.periods import ledger_settings
from tenants.routing.db import tenant_atomic

EDITABLE = ("name", "iban", "account_number", "bic", "bank_name", "is_active")


def normalize_iban(value: str) -> str:
    """The IBAN without spaces, upper case; InvalidBankDetails naming what is wrong."""
    if not value.strip():
        return ""
    try:
        return str(IBAN(value).compact)
    except SchwiftyException as exc:
        raise InvalidBankDetails(f"Invalid IBAN: {exc}", fields={"iban": [str(exc)]}) from None


def normalize_bic(value: str) -> str:
    if not value.strip():
        return ""
    try:
        return str(BIC(value).compact)
    except SchwiftyException as exc:
        raise InvalidBankDetails(f"Invalid BIC: {exc}", fields={"bic": [str(exc)]}) from None


def _ledger_account(code: str) -> Account:
    account = Account.objects.filter(code=code).first()
    if account is None:
        raise UnknownAccount(f"No account {code!r}.", fields={"account": ["Unknown account."]})
    if account.type != Account.Type.ASSET:
        raise InvalidBankDetails(
            f"Account {code} is {account.type}; a bank account must be an asset account.",
            fields={"account": ["Must be an asset account (cash and bank)."]},
        )
    if account.children.exists():
        raise InvalidBankDetails(
            f"Account {code} has sub-accounts; choose the account the bank's money is booked on.",
            fields={"account": ["Must be a leaf account."]},
        )
    return account


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    if "iban" in cleaned:
        cleaned["iban"] = normalize_iban(cleaned["iban"] or "")
    if "bic" in cleaned:
        cleaned["bic"] = normalize_bic(cleaned["bic"] or "")
    if "account_number" in cleaned:
        cleaned["account_number"] = "".join((cleaned["account_number"] or "").split())
    if "name" in cleaned and not (cleaned["name"] or "").strip():
        raise InvalidBankDetails(
            "A bank account needs a name.", fields={"name": ["This field may not be blank."]}
        )
    return cleaned


def _saved(bank_account: BankAccount, *, update_fields: list[str] | None = None) -> BankAccount:
    try:
        with tenant_atomic():
            bank_account.save(update_fields=update_fields)
    except IntegrityError as exc:
        if "bank_iban_unique" in str(exc):
            raise InvalidBankDetails(
                "Another bank account has this IBAN.", fields={"iban": ["Already used."]}
            ) from None
        if "account_id" in str(exc):
            raise InvalidBankDetails(
                "This ledger account already has bank details.",
                fields={"account": ["Already a bank account."]},
            ) from None
        raise
    return bank_account


def bank_account_create(
    *, account: str, name: str, currency: str | None = None, actor: Actor, **details: Any
) -> BankAccount:
    ledger_account = _ledger_account(account)
    code = (currency or ledger_account.currency_id or "").upper()
    if not code:
        code = str(ledger_settings().base_currency_id)
    if not Currency.objects.filter(code=code).exists():
        raise UnknownCurrency(f"Unknown currency {code!r}.", fields={"currency": ["Unknown currency."]})
    if ledger_account.currency_id and ledger_account.currency_id != code:
        raise InvalidBankDetails(
            f"Account {account} holds {ledger_account.currency_id} only, not {code}.",
            fields={"currency": [f"Must be {ledger_account.currency_id}."]},
        )
    values = _clean({"name": name, **{k: v for k, v in details.items() if k in EDITABLE}})
    bank_account = BankAccount(account=ledger_account, currency_id=code, **values)
    with tenant_atomic():
        _saved(bank_account)
        audit_record(actor=actor, action="create", obj=bank_account, data={"account": account})
    return bank_account


def bank_account_update(*, bank_account: BankAccount, actor: Actor, **changes: Any) -> BankAccount:
    values = _clean({k: v for k, v in changes.items() if k in EDITABLE})
    for name, value in values.items():
        setattr(bank_account, name, value)
    with tenant_atomic():
        _saved(bank_account, update_fields=list(values) or None)
        audit_record(
            actor=actor, action="update", obj=bank_account, data={k: str(v) for k, v in values.items()}
        )
    return bank_account


def bank_account_delete(*, bank_account: BankAccount, actor: Actor) -> None:
    """Only a bank account without statements goes; one with history is deactivated instead."""
    if bank_account.statements.exists():
        raise BankAccountInUse(
            f"{bank_account.name} has imported statements; deactivate it instead (is_active false)."
        )
    with tenant_atomic():
        audit_record(actor=actor, action="delete", obj=bank_account, data={"name": bank_account.name})
        bank_account.delete()
