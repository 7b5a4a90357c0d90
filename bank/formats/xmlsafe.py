"""XML reading that never loads a DTD, expands an entity or touches the network."""

from __future__ import annotations

import io
import re

from lxml import etree

from .base import StatementFormatError, line_of

# A statement never needs a DTD. Refusing any DOCTYPE or ENTITY declaration outright closes
# external entities (XXE) and entity expansion ("billion laughs") whatever libxml2 would do.
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def refuse_declarations(data: bytes) -> None:
    """Refuse a DOCTYPE or ENTITY declaration, naming the line."""
    match = _DECLARATION.search(data)
    if match:
        kind = match.group(1).decode().upper()
        raise StatementFormatError(
            f"line {line_of(data, match.start())}: the file declares a {kind}; "
            "statement files never need one, so it is refused"
        )


def check_no_dtd(element: etree._Element) -> None:
    """The same refusal for encodings the byte scan cannot read (UTF-16 and friends)."""
    docinfo = element.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise StatementFormatError(
            "the file declares a DOCTYPE; statement files never need one, so it is refused"
        )


def iterparse(data: bytes, tags: tuple[str, ...]) -> etree.iterparse[tuple[str, etree._Element]]:
    """End events of `tags` with a hardened parser: no DTD, no entities, no network, no huge tree."""
    return etree.iterparse(
        io.BytesIO(data),
        events=("end",),
        tag=tags,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def syntax_error(exc: etree.XMLSyntaxError) -> StatementFormatError:
    """One line naming where the XML breaks."""
    message = str(exc.msg or "malformed XML").split(" (<string>")[0]
    message = re.sub(r"(,? line \d+)*(, column \d+)?$", "", message.strip())
    line = exc.lineno or (exc.position[0] if exc.position else 0)
    return StatementFormatError(f"line {line}: the XML is malformed or truncated: {message}")
