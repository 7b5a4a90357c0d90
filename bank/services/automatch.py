"""Auto-match: first the lines whose entry is already in the books (exact amount, one clear
candidate), then rules that book the rest. A dry run answers the same without writing.

Pass one pairs a line and an entry only when each is the other's single best choice, and the
choice is clear: the only candidate on both sides, or a reference match ahead of the others.
Anything doubtful is left for a person; a wrong match costs more than a click.

Between the two, passes other apps register (`register_pass`) may settle lines their own way:
sales and purchases settles open invoices and bills from a line (invoicing.settlement). Bank
knows nothing of them, so the dependency stays one way.

Entries booked by rules carry an idempotency key derived from the line (see matching.entry_key),
so running auto-match twice, or again after a crash, never books twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from django.db import connections

from bank import candidates
from bank.locks import lock_bank_account
from bank.models import BankAccount, BankRule, Match, MatchedEntry, StatementLine
from bank.services import rules as rule_service
from bank.services.matching import Split, create_entry
from ledger.actor import Actor
from ledger.models import AuditEvent, JournalEntry
from tenants.routing.context import current_alias
from tenants.routing.db import tenant_atomic

BATCH = 2000
CLEAR_MARGIN = 0.15  # the best candidate's score must lead the next one by this much


@dataclass(frozen=True)
class Action:
    line_id: int
    kind: str  # "match", "rule", or the name of a registered pass ("settle")
    entry_id: int | None = None
    rule_id: int | None = None
    document_id: int | None = None


class LinePass(Protocol):
    """Settle what it can of `lines` (unmatched, without a clear entry); say what it did, and
    why it refused any line it tried."""

    def __call__(
        self, *, bank_account: BankAccount, lines: list[StatementLine], actor: Actor, dry_run: bool
    ) -> tuple[list[Action], list[str]]: ...


_passes: dict[str, LinePass] = {}


def register_pass(name: str, line_pass: LinePass) -> None:
    """Run `line_pass` after the exact matches and before the rules (once per name)."""
    _passes[name] = line_pass


@dataclass
class AutoMatchResult:
    dry_run: bool
    lines: int = 0  # unmatched lines looked at
    matched: int = 0
    booked: int = 0
    settled: int = 0  # by registered passes
    actions: list[Action] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def left(self) -> int:
        return self.lines - self.matched - self.booked - self.settled

    def as_dict(self) -> dict[str, Any]:
        """The answer of the API and the result of the auto-match job."""
        return {
            "dry_run": self.dry_run,
            "lines": self.lines,
            "matched": self.matched,
            "booked": self.booked,
            "settled": self.settled,
            "left": self.left,
            "refused": self.errors,
            "actions": [asdict(a) for a in self.actions],
        }

    @property
    def summary(self) -> str:
        verb = "would match" if self.dry_run else "matched"
        settled = ""
        if self.settled:
            settled = f"{'would settle' if self.dry_run else 'settled'} {self.settled} against documents, "
        return (
            f"{self.lines} unmatched lines: {verb} {self.matched} to entries, {settled}"
            f"{'would book' if self.dry_run else 'booked'} {self.booked} by rules, {self.left} left"
            + (f" ({len(self.errors)} refused: {self.errors[0]})" if self.errors else "")
        )


def _batches(bank_account: BankAccount) -> Iterator[list[StatementLine]]:
    last = 0
    while True:
        batch = list(
            StatementLine.objects.filter(
                bank_account=bank_account, status=StatementLine.Status.UNMATCHED, pk__gt=last
            ).order_by("pk")[:BATCH]
        )
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def pairs(
    lines: Sequence[StatementLine], found: dict[int, list[candidates.Candidate]]
) -> list[tuple[int, int]]:
    """(line id, entry id) pairs that are each other's clear single best choice."""
    best_for_line: dict[int, tuple[int, float]] = {}
    claims: dict[int, list[tuple[float, int]]] = defaultdict(list)
    by_id = {line.pk: line for line in lines}
    for line_id, cands in found.items():
        if not cands:
            continue
        scored = candidates.ranked(by_id[line_id], cands)
        top = scored[0]
        clear = len(scored) == 1 or (
            "reference" in top.reasons and top.score - scored[1].score >= CLEAR_MARGIN
        )
        for s in scored:
            claims[s.candidate.entry_id].append((s.score, line_id))
        if clear:
            best_for_line[line_id] = (top.candidate.entry_id, top.score)
    out: list[tuple[int, int]] = []
    for line_id, (entry_id, score) in best_for_line.items():
        rivals = [s for s, other in claims[entry_id] if other != line_id]
        if not rivals or (
            "reference" in _reasons(by_id[line_id], found, entry_id) and score - max(rivals) >= CLEAR_MARGIN
        ):
            out.append((line_id, entry_id))
    return out


def _reasons(
    line: StatementLine, found: dict[int, list[candidates.Candidate]], entry_id: int
) -> tuple[str, ...]:
    for c in found[line.pk]:
        if c.entry_id == entry_id:
            return candidates.score(line, c).reasons
    return ()


def _store_pairs(chosen: list[tuple[int, int]], actor: Actor) -> int:
    """Write the matches of one batch in a few statements; entries changed meanwhile are skipped."""
    if not chosen:
        return 0
    ids = [e for _, e in chosen]
    taken = set(MatchedEntry.objects.filter(entry_id__in=ids).values_list("entry_id", flat=True))
    live = (
        set(
            JournalEntry.objects.select_for_update(of=("self",))
            .filter(pk__in=ids, status=JournalEntry.Status.POSTED)
            .values_list("pk", flat=True)
        )
        - taken
    )
    chosen = [(line, entry) for line, entry in chosen if entry in live]
    matches = Match.objects.bulk_create(
        [Match(kind=Match.Kind.AUTO, created_by_name=actor.name) for _ in chosen]
    )
    MatchedEntry.objects.bulk_create(
        [MatchedEntry(match=m, entry_id=entry) for m, (_, entry) in zip(matches, chosen, strict=True)]
    )
    # One UPDATE joined to the pairs (bulk_update's CASE per row grows with the square of a batch).
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(
            "UPDATE bank_statementline AS l SET status = %s, match_id = v.match_id"
            " FROM unnest(%s::bigint[], %s::bigint[]) AS v(line_id, match_id) WHERE l.id = v.line_id",
            [StatementLine.Status.MATCHED, [line for line, _ in chosen], [m.pk for m in matches]],
        )
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor_id=actor.id,
                actor_name=actor.name,
                action="bank_match",
                object_type="match",
                object_id=str(m.pk),
                data={"lines": [line], "entries": [entry], "kind": Match.Kind.AUTO},
            )
            for m, (line, entry) in zip(matches, chosen, strict=True)
        ]
    )
    return len(chosen)


def auto_match(*, bank_account: BankAccount, actor: Actor, dry_run: bool = False) -> AutoMatchResult:
    result = AutoMatchResult(dry_run=dry_run)
    rules = [
        r
        for r in BankRule.objects.select_related("counter_account", "tax_code").filter(is_active=True)
        if r.bank_account_id in (None, bank_account.pk)
    ]
    for batch in _batches(bank_account):
        result.lines += len(batch)
        with tenant_atomic():
            lock_bank_account(current_alias(), bank_account.pk)
            found = candidates.find(bank_account, batch)
            chosen = pairs(batch, found)
            if dry_run:
                result.matched += len(chosen)
            else:
                result.matched += _store_pairs(chosen, actor)
            result.actions += [Action(line, "match", entry_id=entry) for line, entry in chosen]
        done = {line for line, _ in chosen}
        for line_pass in _passes.values():
            rest = [line for line in batch if line.pk not in done]
            actions, errors = line_pass(bank_account=bank_account, lines=rest, actor=actor, dry_run=dry_run)
            result.actions += actions
            result.settled += len(actions)
            result.errors += errors
            done |= {action.line_id for action in actions}
        for line in batch:
            if line.pk in done:
                continue
            rule = next((r for r in rules if rule_service.fits(r, line)), None)
            if rule is None:
                continue
            result.actions.append(Action(line.pk, "rule", rule_id=rule.pk))
            result.booked += 1
            if not dry_run:
                split = Split(
                    account=rule.counter_account.code,
                    amount=abs(line.amount),
                    tax_code=rule.tax_code.code if rule.tax_code else None,
                )
                create_entry(
                    line=line,
                    splits=[split],
                    actor=actor,
                    memo=rule_service.memo(rule, line),
                    kind=Match.Kind.RULE,
                    rule=rule,
                )
    return result
