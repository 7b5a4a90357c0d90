"""Auto-match's pass for documents: a line that names an open document whose open amount is the
line's amount settles it, when that is the line's one clear choice.

Conservative on purpose (a wrong settlement costs more than a click): the line has no entry
candidate in the books (its payment might be booked already), exactly one suggestion matches on
amount and number together and no other suggestion names a document, and no other line of the
batch claims the same document. Everything else is left for a person.
"""

from __future__ import annotations

from collections import Counter

from bank import candidates
from bank.models import BankAccount, Match, StatementLine
from bank.services.automatch import Action
from common.errors import DomainError
from ledger.actor import Actor

from .services import statement_line_settle
from .suggestions import Suggestion, suggest


def _clear(suggestions: list[Suggestion]) -> Suggestion | None:
    exact = [s for s in suggestions if s.exact_single]
    named = [s for s in suggestions if "reference" in s.reasons]
    return exact[0] if len(exact) == 1 and len(named) == 1 else None


def settle_pass(
    *, bank_account: BankAccount, lines: list[StatementLine], actor: Actor, dry_run: bool
) -> tuple[list[Action], list[str]]:
    found = candidates.find(bank_account, lines)
    free = [line for line in lines if not found.get(line.pk)]
    chosen = {line.pk: _clear(s) for line, s in zip(free, suggest(free).values(), strict=True)}
    claims = Counter(s.documents[0].id for s in chosen.values() if s is not None)
    actions: list[Action] = []
    errors: list[str] = []
    for line in free:
        pick = chosen[line.pk]
        if pick is None or claims[pick.documents[0].id] > 1:
            continue
        document = pick.documents[0]
        if dry_run:
            actions.append(Action(line.pk, "settle", document_id=document.id))
            continue
        try:
            settled = statement_line_settle(
                line=line,
                documents=[{"document": document.id, "amount": pick.allocations[0]}],
                actor=actor,
                kind=Match.Kind.AUTO,
            )
        except DomainError as error:  # a closed period, an archived contact: a person decides
            errors.append(f"line {line.pk}: {error}")
            continue
        actions.append(Action(line.pk, "settle", entry_id=settled.payment.entry_id, document_id=document.id))
    return actions, errors
