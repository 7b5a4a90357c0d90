"""Chart of accounts: create, update, deactivate. An account with postings is never deleted."""

from __future__ import annotations

from django.db import IntegrityError
from django.db.models import ProtectedError

from events import types as event_types
from events.outbox import emit
from ledger.actor import Actor
from ledger.codes import check_account_code, parent_codes
from ledger.errors import AccountInUse, UnknownAccount, UnknownCurrency
from ledger.models import Account, Currency, JournalLine
from tenants.routing.db import tenant_atomic

from .audit import audit_record

TYPES = {t.value for t in Account.Type}


def _parent(code: str | None) -> Account | None:
    if not code:
        return None
    parent = Account.objects.filter(code=code).first()
    if parent is None:
        raise UnknownAccount(f"No parent account {code!r}.", fields={"parent": ["Unknown account."]})
    return parent


def _currency(code: str | None) -> str | None:
    if not code:
        return None
    if not Currency.objects.filter(code=code.upper()).exists():
        raise UnknownCurrency(f"Unknown currency {code!r}.", fields={"currency": ["Unknown currency."]})
    return code.upper()


def account_create(
    *,
    code: str,
    name: str,
    type: str,
    actor: Actor,
    parent: str | None = None,
    currency: str | None = None,
    create_parents: bool = False,
) -> Account:
    """Add an account. With `create_parents` and no `parent`, a colon code (`Assets:Bank:EUR`)
    goes under its path's parent, and the missing ancestors (`Assets`, `Assets:Bank`) are created
    first, of the same type (account_ensure_parents)."""
    check_account_code(code)
    if type not in TYPES:
        raise AccountInUse(f"Unknown account type {type!r}.", fields={"type": [f"One of {sorted(TYPES)}."]})
    try:
        with tenant_atomic():
            if create_parents and not parent:
                above = account_ensure_parents(code=code, type=type, actor=actor)
                parent = above.code if above is not None else None
            account = Account.objects.create(
                code=code, name=name, type=type, parent=_parent(parent), currency_id=_currency(currency)
            )
            audit_record(actor=actor, action="create", obj=account, data={"code": code, "name": name})
            emit(event_types.ACCOUNT_CREATED, _payload(account))
    except IntegrityError:
        raise AccountInUse(f"Account {code!r} exists.", fields={"code": ["Already in use."]}) from None
    return account


def account_ensure_parents(*, code: str, type: str, actor: Actor) -> Account | None:
    """The account above colon code `code` (`A:B` for `A:B:C`), creating each missing ancestor
    (`A`, then `A:B`) named after its last segment, of `type`, under the one above it. Existing
    accounts are kept as they are. None for a code without a colon. Importers call it for every
    account of another ledger's chart."""
    check_account_code(code)
    above: Account | None = None
    with tenant_atomic():
        for path in parent_codes(code):
            found = Account.objects.filter(code=path).first()
            if found is None:
                found = account_create(
                    code=path,
                    name=path.rsplit(":", 1)[-1][:200],
                    type=type,
                    parent=above.code if above is not None else None,
                    actor=actor,
                )
            above = found
    return above


def account_update(
    *,
    account: Account,
    actor: Actor,
    name: str | None = None,
    parent: str | None = None,
    currency: str | None = None,
    is_active: bool | None = None,
) -> Account:
    """Rename, move, restrict to a currency, or (de)activate an account."""
    with tenant_atomic():
        locked = Account.objects.select_for_update().get(pk=account.pk)
        changes: dict[str, object] = {}
        if name is not None and name != locked.name:
            locked.name = changes["name"] = name
        if parent is not None:
            new_parent = _parent(parent)
            ancestor = new_parent
            while ancestor is not None:
                if ancestor.pk == locked.pk:
                    raise AccountInUse(
                        f"Account {parent} is {locked.code} itself or below it: that would make a loop.",
                        fields={"parent": ["Would make a loop."]},
                    )
                ancestor = ancestor.parent
            locked.parent = new_parent
            changes["parent"] = parent
        if currency is not None and (currency or None) != locked.currency_id:
            wanted = _currency(currency)
            used = JournalLine.objects.filter(account=locked).exclude(currency_id=wanted).exists()
            if wanted and used:
                raise AccountInUse(
                    f"Account {locked.code} has lines in other currencies.", fields={"currency": ["In use."]}
                )
            locked.currency_id = wanted
            changes["currency"] = wanted
        if is_active is not None and is_active != locked.is_active:
            locked.is_active = changes["is_active"] = is_active
        if changes:
            locked.save()
            action = "deactivate" if changes.get("is_active") is False else "update"
            audit_record(actor=actor, action=action, obj=locked, data={k: str(v) for k, v in changes.items()})
            emit(event_types.ACCOUNT_UPDATED, {**_payload(locked), "changed": sorted(changes)})
    return locked


def account_deactivate(*, account: Account, actor: Actor) -> Account:
    return account_update(account=account, actor=actor, is_active=False)


def account_delete(*, account: Account, actor: Actor) -> None:
    """Delete an account that never had a line; otherwise refuse (deactivate it instead)."""
    if JournalLine.objects.filter(account=account).exists() or account.children.exists():
        raise AccountInUse(f"Account {account.code} has postings or children; deactivate it instead.")
    try:
        with tenant_atomic():
            audit_record(actor=actor, action="delete", obj=account, data={"code": account.code})
            emit(event_types.ACCOUNT_DELETED, _payload(account))
            account.delete()
    except (ProtectedError, IntegrityError):
        # The ledger settings or a tax code point at it (retained earnings, VAT control, ...).
        raise AccountInUse(f"Account {account.code} is used by the ledger settings or a tax code.") from None


def _payload(account: Account) -> dict[str, object]:
    return {"id": account.pk, "code": account.code, "name": account.name, "type": account.type,
            "currency": account.currency_id, "is_active": account.is_active}  # fmt: skip
