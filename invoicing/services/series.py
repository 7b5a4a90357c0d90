"""Gapless document numbers: INV-2026-0001, one series per kind and calendar year.

The series row is locked in the issuing transaction and its counter moves only if the document
is issued: a refused or rolled-back issue leaves no gap. Concurrent issues of one kind wait for
each other (briefly: the lock is the last thing taken before the entry is written).
"""

from __future__ import annotations

import re

from django.db import connections

from ledger.actor import Actor
from ledger.errors import InvalidInput
from ledger.services.audit import audit_record
from tenants.routing.context import current_alias
from tenants.routing.db import tenant_atomic

from ..errors import SeriesInUse
from ..models import Document, DocumentSeries

PREFIX = re.compile(r"[A-Za-z0-9-]{1,10}")

PREFIXES: dict[str, str] = {
    Document.Kind.INVOICE: "INV",
    Document.Kind.CREDIT_NOTE: "CRN",
    Document.Kind.BILL: "BILL",
    Document.Kind.VENDOR_CREDIT: "VCR",
}


def next_number(kind: str, year: int) -> tuple[DocumentSeries, int]:
    """Lock the series of `kind` and `year` (made on first use) and take its next number.
    Call inside the issuing transaction."""
    # One statement in the usual case: the UPDATE takes the row lock (held to the commit) and
    # returns the new number. A year's first document makes the row first.
    for _ in range(2):
        with connections[current_alias()].cursor() as cursor:
            cursor.execute(
                "UPDATE invoicing_documentseries SET last_number = last_number + 1"
                " WHERE kind = %s AND year = %s RETURNING id, prefix, last_number",
                [kind, year],
            )
            row = cursor.fetchone()
        if row is not None:
            pk, prefix, number = row
            return DocumentSeries(id=pk, kind=kind, year=year, prefix=prefix, last_number=number), number
        DocumentSeries.objects.get_or_create(kind=kind, year=year, defaults={"prefix": PREFIXES[kind]})
    raise RuntimeError(f"the {kind} series of {year} could not be made")


def series_set_prefix(*, kind: str, year: int, prefix: str, actor: Actor) -> DocumentSeries:
    """Set the prefix of a kind's series for a year, made if needed; refused once it has numbers
    (issued documents keep the numbers they were given)."""
    prefix = prefix.strip()
    if not PREFIX.fullmatch(prefix):
        message = "A prefix is 1 to 10 letters, digits or hyphens."
        raise InvalidInput(message, fields={"prefix": [message]})
    if kind not in PREFIXES:
        raise InvalidInput(f"No document kind {kind!r}.", fields={"kind": ["Unknown kind."]})
    if not 1900 <= year <= 9999:
        raise InvalidInput("The year is out of range.", fields={"year": ["Out of range."]})
    with tenant_atomic():
        series, _ = DocumentSeries.objects.get_or_create(kind=kind, year=year, defaults={"prefix": prefix})
        series = DocumentSeries.objects.select_for_update().get(pk=series.pk)
        if series.last_number and series.prefix != prefix:
            raise SeriesInUse(f"{series} has issued {series.last_number} numbers; its prefix stays.")
        series.prefix = prefix
        series.save(update_fields=["prefix"])
        audit_record(actor=actor, action="update", obj=series, data={"prefix": prefix})
    return series
