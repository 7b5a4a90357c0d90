"""Each fiscal year's hash-chain head, anchored in the common database (common.ChainCheckpoint).

The chain in a company's database proves that no entry changed *unless* whoever changed it also
recomputed every later hash, which a superuser of that database can do. A checkpoint records a
year's last entry number and hash where that superuser cannot write; `verify_ledger` checks that
every checkpointed entry still exists with the recorded hash, so rewriting an entry up to a
checkpoint, or cutting entries off below one, is caught.

Checkpoints are taken:
- by `manage.py checkpoint_ledgers` (every active company, or the ones named): run it on a
  schedule, e.g. daily, and after bulk imports;
- by every backup, from the snapshot it dumps (tenants/lifecycle/backups.py); the manifest holds the heads;
- after a year-end close commits.
A restore that replaces the books supersedes the company's checkpoints and starts again from the
backup's heads.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import connections

from common.checkpoints import record_heads
from common.models import ChainCheckpoint, Company
from tenants.routing.context import current_alias, current_tenant, get_company, tenant_context
from tenants.routing.db import tenant_on_commit

from .totals import chain_heads

logger = logging.getLogger(__name__)

# Where each checkpointed entry is now (its hash; NULL when it is gone), and where each year ends.
LOOKUP_SQL = """
SELECT c.year, c.number, e.hash,
       (SELECT max(x.number) FROM ledger_journalentry x
         WHERE x.fiscal_year_id = c.year AND x.status IN ('posted', 'reversed'))
  FROM unnest(%s::bigint[], %s::integer[]) AS c(year, number)
  LEFT JOIN ledger_journalentry e
    ON e.fiscal_year_id = c.year AND e.number = c.number AND e.status IN ('posted', 'reversed')
"""


def _when(mark: ChainCheckpoint) -> str:
    return f"the {mark.reason} checkpoint of {mark.taken_at:%Y-%m-%d %H:%M} UTC"


def year_problems(company_id: int) -> dict[int, str]:
    """Per fiscal year, how the current chain contradicts the company's checkpoints (one line).

    Per year the earliest checkpoint the chain no longer matches is reported: the change lies
    between it and the checkpoint before it.
    """
    marks = list(
        ChainCheckpoint.objects.filter(company_id=company_id, superseded_at__isnull=True).order_by(
            "fiscal_year_id", "last_number", "taken_at"
        )
    )
    if not marks:
        return {}
    pairs = sorted({(m.fiscal_year_id, m.last_number) for m in marks})
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(LOOKUP_SQL, [[y for y, _ in pairs], [n for _, n in pairs]])
        found = {(year, number): (stored, last) for year, number, stored, last in cursor.fetchall()}
    problems: dict[int, str] = {}
    matched: dict[int, int] = {}  # per year, the last checkpointed number that still matches
    for mark in marks:
        year = mark.fiscal_year_id
        if year in problems:
            continue
        stored, last = found[(year, mark.last_number)]
        if stored == mark.head_hash:
            matched[year] = mark.last_number
            continue
        if stored is None:
            problems[year] = (
                f"{mark.fiscal_year}: entry no. {mark.last_number} is gone (the year now ends at no. "
                f"{last or 0}), but {_when(mark)} recorded it: entries were cut off the end"
            )
        else:
            since = matched.get(year, 0) + 1
            span = f"no. {since}" if since == mark.last_number else f"no. {since}-{mark.last_number}"
            problems[year] = (
                f"{mark.fiscal_year}: entry no. {mark.last_number} is not the one {_when(mark)} "
                f"recorded: entries {span} were rewritten and the chain recomputed"
            )
    return problems


def checkpoint_problems() -> list[str]:
    """How the active company's chain contradicts its checkpoints; empty when it does not."""
    tenant = current_tenant()
    assert tenant is not None
    return list(year_problems(tenant.company_id).values())


@dataclass
class CheckpointResult:
    slug: str
    recorded: list[ChainCheckpoint] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # years left without a new checkpoint


def take_checkpoints(
    company: Company | str, *, reason: str = ChainCheckpoint.Reason.SCHEDULE
) -> CheckpointResult:
    """Checkpoint each fiscal year's head, except in years whose chain contradicts an earlier
    checkpoint: those are reported, not recorded over."""
    company = get_company(company)
    with tenant_context(company) as tenant:
        problems = year_problems(company.pk)
        connection = connections[tenant.alias]
        connection.ensure_connection()
        heads = chain_heads(connection.connection)
    recorded = record_heads(company, [h for h in heads if h["fiscal_year_id"] not in problems], reason=reason)
    return CheckpointResult(slug=company.slug, recorded=recorded, problems=list(problems.values()))


def checkpoint_on_commit() -> None:
    """Checkpoint the active company once the current transaction on its database commits (a
    year-end close). A failure is logged, not raised: the books are closed either way, and the
    next scheduled run checkpoints them."""
    tenant = current_tenant()
    assert tenant is not None

    def run() -> None:
        try:
            take_checkpoints(tenant.slug, reason=ChainCheckpoint.Reason.YEAR_CLOSE)
        except Exception:
            logger.exception("Checkpoint after the year-end close of %s failed", tenant.slug)

    tenant_on_commit(run)
