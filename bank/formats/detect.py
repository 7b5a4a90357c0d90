"""Which format a statement file is in, from its content (never from its name)."""

from __future__ import annotations

import re

from .base import StatementFormatError

_HEAD = 64 * 1024
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Files that are surely not text: archives, PDFs, office documents, images.
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff")
_CAMT = re.compile(r"camt\.(\d{3})\.\d{3}\.\d{2}")
_OFX_HEADER = re.compile(r"^\s*OFXHEADER\s*:", re.IGNORECASE)
_OFX_TAG = re.compile(r"<OFX>", re.IGNORECASE)
_MT940_TAG = re.compile(r"^:(20|25|28C|60[FM]|61|62[FM]):", re.MULTILINE)


def head_text(data: bytes) -> str:
    """The start of the file as text, whatever its byte-order mark says (latin-1 when none)."""
    head = data[:_HEAD]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="replace")
    return head.decode("latin-1")


def detect_format(data: bytes) -> str:
    """`camt053`, `ofx`, `mt940` or `csv`; refuses empty and binary files."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise StatementFormatError("the file is empty")
    head = data[:_HEAD]
    if head.startswith(_BINARY_MAGIC) or (
        b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    ):
        raise StatementFormatError("the file is not text (an archive, a PDF or another binary file?)")
    text = head_text(data)
    stripped = text.lstrip()
    if _OFX_HEADER.match(text) or (stripped.startswith("<") and _OFX_TAG.search(text)):
        return "ofx"
    if stripped.startswith("<"):
        found = _CAMT.search(text)
        if found and found.group(1) == "053":
            return "camt053"
        if found:
            raise StatementFormatError(
                f"the XML is {found.group(0)}, not a CAMT.053 bank statement "
                "(camt.052 reports and camt.054 notifications are not statements)"
            )
        raise StatementFormatError("the XML is neither a CAMT.053 statement nor OFX")
    if len(_MT940_TAG.findall(text)) >= 2:
        return "mt940"
    if _looks_like_text(text):
        return "csv"
    raise StatementFormatError("the file is neither CAMT.053, OFX, MT940 nor a CSV text file")


def _looks_like_text(text: str) -> bool:
    """Hardly any control characters (a stray form feed or two is fine)."""
    control = sum(1 for char in text if ord(char) < 32 and char not in "\t\r\n\f")
    return control <= len(text) // 100
