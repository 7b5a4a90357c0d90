"""Return schemes: the boxes of a tax return and which tax codes fill them by default.

A taxed journal line adds to one *component* of its tax code:

- `sales_net`: the net of a sale (a net line of a "sales" entry, or of a hand entry on an
  income account), credit positive;
- `output_tax`: tax charged on sales (a tax line of a "sales" entry, or a credit on the tax
  account in a hand entry), credit positive;
- `purchases_net`: the net of a purchase (a net line of a "purchases" entry, or of a hand entry
  on any other account), debit positive;
- `input_tax`: tax paid on purchases (a tax line of a "purchases" entry, or a debit on the tax
  account in a hand entry), debit positive.

Credit notes and vendor credits post the opposite sides, so they reduce the same components.
A scheme maps each (code, component) to boxes; some boxes are sums of others (`formula`).
Schemes are code, not data: their boxes are the tax office's. Which codes fill which boxes is
data (tax.models.TaxBoxMapping), with the defaults below for the codes the seed creates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

COMPONENTS = ("sales_net", "output_tax", "purchases_net", "input_tax")
# Boxes of a mapping: component -> box keys (a component may count in several boxes, e.g. a
# reverse-charge acquisition's net in both "purchases" and "acquisitions").
Boxes = dict[str, list[str]]


@dataclass(frozen=True)
class Box:
    key: str
    label: str
    # Computed boxes: (sign, box key) terms; plain boxes sum their mapped components.
    formula: tuple[tuple[int, str], ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Scheme:
    key: str
    name: str
    boxes: tuple[Box, ...]
    payable: str  # the box that says what is owed (positive) or to be reclaimed (negative)
    defaults: Mapping[str, Boxes] = field(default_factory=dict)
    # Schemes with a box of their own per code or per rate build boxes from the codes.
    per: str = ""  # "", "code" or "rate"

    @property
    def editable(self) -> bool:
        return not self.per


def _same(output: str, inputs: str, sales: str, purchases: str | None = None) -> Boxes:
    boxes: Boxes = {"output_tax": [output], "input_tax": [inputs], "sales_net": [sales]}
    if purchases:
        boxes["purchases_net"] = [purchases]
    return boxes


UK_VAT = Scheme(
    key="uk-vat",
    name="UK VAT return (boxes 1-9)",
    boxes=(
        Box("1", "VAT due on sales and other outputs"),
        Box("2", "VAT due on acquisitions of goods from EU member states (Northern Ireland)"),
        Box("3", "Total VAT due (box 1 + box 2)", ((1, "1"), (1, "2"))),
        Box("4", "VAT reclaimed on purchases and other inputs"),
        Box("5", "Net VAT to pay (negative: to reclaim) (box 3 - box 4)", ((1, "3"), (-1, "4"))),
        Box("6", "Total value of sales and all other outputs, excluding VAT"),
        Box("7", "Total value of purchases and all other inputs, excluding VAT"),
        Box("8", "Total value of supplies of goods to EU member states, excluding VAT"),
        Box("9", "Total value of acquisitions of goods from EU member states, excluding VAT"),
    ),
    payable="5",
    defaults={code: _same("1", "4", "6", "7") for code in ("VAT20", "VAT5", "VAT0")},
)

DE_USTVA = Scheme(
    key="de-ustva",
    name="Umsatzsteuer-Voranmeldung (Germany)",
    boxes=(
        Box("81", "Steuerpflichtige Umsätze zum Steuersatz von 19 % (Bemessungsgrundlage)"),
        Box("81-tax", "Umsatzsteuer auf Kz 81"),
        Box("86", "Steuerpflichtige Umsätze zum Steuersatz von 7 % (Bemessungsgrundlage)"),
        Box("86-tax", "Umsatzsteuer auf Kz 86"),
        Box("35", "Umsätze zu anderen Steuersätzen (Bemessungsgrundlage)"),
        Box("36", "Umsatzsteuer auf Kz 35"),
        Box("41", "Innergemeinschaftliche Lieferungen an Abnehmer mit USt-IdNr."),
        Box("48", "Steuerfreie Umsätze ohne Vorsteuerabzug"),
        Box("66", "Vorsteuerbeträge aus Rechnungen von anderen Unternehmern"),
        Box(
            "83",
            "Verbleibende Umsatzsteuer-Vorauszahlung (negativ: Überschuss)",
            ((1, "81-tax"), (1, "86-tax"), (1, "36"), (-1, "66")),
        ),
    ),
    payable="83",
    defaults={"VAT19": _same("81-tax", "66", "81"), "VAT7": _same("86-tax", "66", "86")},
)

PER_RATE = Scheme(
    key="eu-rates",
    name="Net and tax per rate (any EU VAT return)",
    boxes=(),
    payable="net-tax",
    per="rate",
)

PER_CODE = Scheme(
    key="per-code",
    name="Net and tax per tax code (any country)",
    boxes=(),
    payable="net-tax",
    per="code",
)

SCHEMES: dict[str, Scheme] = {s.key: s for s in (UK_VAT, DE_USTVA, PER_RATE, PER_CODE)}


def rate_text(rate: object) -> str:
    """20.0000 -> "20", 5.5000 -> "5.5"."""
    text = format(rate, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def generated_boxes(key: str) -> Boxes:
    """The boxes of one code (or rate) in a per-code or per-rate scheme."""
    return {c: [f"{key} {c.replace('_', ' ')}"] for c in COMPONENTS}


def boxes_of(scheme: Scheme, codes: Iterable[tuple[str, object]], mapped: Mapping[str, Boxes]) -> list[Box]:
    """The scheme's boxes; for per-code/per-rate schemes, one per key and component, in order,
    then the totals and the payable box."""
    if not scheme.per:
        return list(scheme.boxes)
    keys: list[str] = []
    for code, rate in codes:
        key = code if scheme.per == "code" else f"{rate_text(rate)}%"
        if key not in keys and mapped.get(code):
            keys.append(key)
    built = [
        Box(box, box)
        for key in keys
        for boxes in [generated_boxes(key)]
        for c in COMPONENTS
        for box in boxes[c]
    ]
    output = tuple((1, b.key) for b in built if b.key.endswith("output tax"))
    inputs = tuple((-1, b.key) for b in built if b.key.endswith("input tax"))
    return [
        *built,
        Box("output-tax", "Total tax on sales", output),
        Box("input-tax", "Total tax on purchases", tuple((1, k) for _, k in inputs)),
        Box("net-tax", "Net tax to pay (negative: to reclaim)", output + inputs),
    ]


def default_boxes(scheme: Scheme, code: str, rate: object) -> Boxes:
    """What a code fills when no mapping says otherwise."""
    if scheme.per == "code":
        return generated_boxes(code)
    if scheme.per == "rate":
        return generated_boxes(f"{rate_text(rate)}%")
    return {k: list(v) for k, v in scheme.defaults.get(code, {}).items()}
