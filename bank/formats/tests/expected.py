"""The one statement every sample file holds, whatever its format."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from bank.formats import CsvProfile, ParsedLine

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

ACCOUNT = "DE89370400440532013000"
OPENING = Decimal("12345.67")
CLOSING = Decimal("20147.12")
PERIOD = (date(2026, 1, 1), date(2026, 1, 31))


def _line(
    booked: str,
    value: str,
    amount: str,
    name: str,
    account: str,
    reference: str,
    description: str,
    transaction_id: str,
) -> ParsedLine:
    return ParsedLine(
        booking_date=date.fromisoformat(booked),
        value_date=date.fromisoformat(value),
        amount=Decimal(amount),
        currency="EUR",
        counterparty_name=name,
        counterparty_account=account,
        reference=reference,
        description=description,
        transaction_id=transaction_id,
    )


LINES = (
    _line(
        "2026-01-02",
        "2026-01-02",
        "2380.00",
        "Müller & Söhne GmbH",
        "DE44500105175407324931",
        "RE-2026-0001",
        "Rechnung RE-2026-0001 vom 15.12.2025",
        "20260102-0001",
    ),
    _line(
        "2026-01-05",
        "2026-01-05",
        "-1190.00",
        "Immobilien Schäfer KG",
        "DE02120300000000202051",
        "MIETE-2026-01",
        "Miete Januar 2026 Büro Kölner Straße 12",
        "20260105-0002",
    ),
    _line(
        "2026-01-08",
        "2026-01-07",
        "-49.99",
        "Telekom Deutschland GmbH",
        "DE02100500000054540402",
        "KD-4711-0815",
        "Telefon und Internet 01/2026 Kundennr. 4711 0815",
        "20260108-0003",
    ),
    _line(
        "2026-01-12",
        "2026-01-12",
        "12000.00",
        "Acme Corporation Ltd",
        "GB33BUKB20201555555555",
        "INV-1002",
        "Payment invoice INV-1002",
        "20260112-0004",
    ),
    _line("2026-01-15", "2026-01-15", "-3.50", "", "", "", "Kontoführungsentgelt 12/2025", "20260115-0005"),
    _line(
        "2026-01-20",
        "2026-01-20",
        "-2100.00",
        "Anna Schmidt",
        "DE12500105170648489890",
        "LOHN-2026-01-001",
        "Gehalt Januar 2026",
        "20260120-0006-1",
    ),
    _line(
        "2026-01-20",
        "2026-01-20",
        "-2350.50",
        "Jörg Weiß",
        "DE27100777770209299700",
        "LOHN-2026-01-002",
        "Gehalt Januar 2026",
        "20260120-0006-2",
    ),
    _line(
        "2026-01-28",
        "2026-01-28",
        "350.00",
        "Bäckerei Groß e.K.",
        "DE75512108001245126199",
        "",
        "Rechnung RE-2026-0007 Teilzahlung 350 €",
        "20260128-0008",
    ),
    _line(
        "2026-01-30",
        "2026-01-30",
        "-1234.56",
        "Finanzamt Köln-Altstadt",
        "DE86370500000001234567",
        "UST 12/2025",
        "Umsatzsteuer-Voranmeldung 12/2025 Steuernr. 214/5678/1234",
        "20260130-0009",
    ),
)


def comparable(line: ParsedLine) -> tuple[object, ...]:
    """What must agree across formats (the bank's own transaction codes differ by format)."""
    return (
        line.booking_date,
        line.value_date,
        line.amount,
        line.currency,
        line.counterparty_name,
        line.counterparty_account,
        line.reference,
        line.description,
        line.transaction_id,
    )


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


# The profiles of the two CSV samples: a German bank's export and a US-style one.
CSV_PROFILES = {
    "csv_sample_de.csv": CsvProfile(
        delimiter=";",
        encoding="cp1252",
        skip_rows=6,
        date_format="%d.%m.%Y",
        decimal_separator=",",
        thousands_separator=".",
        columns={
            "booking_date": "Buchungstag",
            "value_date": "Wertstellung",
            "counterparty_name": "Auftraggeber / Begünstigter",
            "counterparty_account": "IBAN",
            "description": "Verwendungszweck",
            "reference": "Kundenreferenz",
            "amount": "Betrag (EUR)",
            "transaction_id": "Transaktions-ID",
        },
        default_currency="EUR",
        account="DE89 3704 0044 0532 0130 00",
    ),
    "csv_sample_us.csv": CsvProfile(
        encoding="utf-8-sig",
        date_format="%m/%d/%Y",
        thousands_separator=",",
        columns={
            "booking_date": "Posting Date",
            "value_date": "Value Date",
            "counterparty_name": "Payee",
            "counterparty_account": "Payee Account",
            "reference": "Reference",
            "description": "Memo",
            "debit": "Debit",
            "credit": "Credit",
            "currency": "Currency",
            "transaction_id": "Transaction ID",
        },
        account=ACCOUNT,
    ),
}
