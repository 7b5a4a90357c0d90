"""CSV profiles: checked by the format layer before they are saved, so an import never meets an
impossible profile."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError

import bank.formats as formats
from bank.errors import InvalidBankDetails
from bank.models import BankAccount, CsvProfile
from ledger.actor import Actor
from ledger.errors import InvalidInput
from ledger.services.audit import audit_record
from tenants.routing.db import tenant_atomic

FIELDS = (
    "name",
    "delimiter",
    "encoding",
    "skip_rows",
    "has_header",
    "date_format",
    "decimal_separator",
    "thousands_separator",
    "columns",
)


def profile_save(*, profile: CsvProfile, actor: Actor, **values: Any) -> CsvProfile:
    if "bank_account_id" in values:
        bank_id = values.pop("bank_account_id")
        if bank_id is not None and not BankAccount.objects.filter(pk=bank_id).exists():
            raise InvalidInput("No such bank account.", fields={"bank_account": ["Unknown bank account."]})
        profile.bank_account_id = bank_id
    for name in FIELDS:
        if name in values:
            setattr(profile, name, values[name])
    if not isinstance(profile.columns, dict) or not all(
        isinstance(k, str) and isinstance(v, str | int) for k, v in profile.columns.items()
    ):
        raise InvalidInput(
            "columns maps field names to column headers.", fields={"columns": ["Not a mapping."]}
        )
    from bank.services.imports import csv_profile_of

    try:
        csv_profile_of(profile, "XXX").validate()  # XXX: ISO 4217 "no currency"; the import sets it
    except formats.StatementFormatError as exc:
        raise InvalidInput(str(exc), fields={"columns": [str(exc)]}) from None
    created = profile.pk is None
    try:
        with tenant_atomic():
            profile.save()
            audit_record(
                actor=actor,
                action="create" if created else "update",
                obj=profile,
                data={"name": profile.name},
            )
    except IntegrityError:
        raise InvalidBankDetails(
            "Another profile has this name.", fields={"name": ["Already used."]}
        ) from None
    return profile


def profile_delete(*, profile: CsvProfile, actor: Actor) -> None:
    with tenant_atomic():
        audit_record(actor=actor, action="delete", obj=profile, data={"name": profile.name})
        profile.delete()
