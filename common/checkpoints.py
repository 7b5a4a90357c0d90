"""Record fiscal years' hash-chain heads in the common database (ChainCheckpoint).

The heads are read in the company's database (ledger.totals.chain_heads); this module only files
them, so the backup code can record the heads of the snapshot it dumped without knowing the books.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

from django.db import transaction
from django.utils import timezone

from .models import ChainCheckpoint, Company


class Head(TypedDict):
    """One fiscal year's chain head, as a backup manifest holds it (JSON)."""

    fiscal_year_id: int
    fiscal_year: str
    last_number: int
    head_hash: str
    entry_count: int
    totals: dict[str, str]


def record_heads(company: Company, heads: Iterable[Head], *, reason: str) -> list[ChainCheckpoint]:
    """Add a checkpoint for each head not checkpointed already (same year, number and hash).

    A head that contradicts an earlier checkpoint is added too: verify_ledger compares the books
    with every checkpoint, so the earlier one keeps telling.
    """
    heads = list(heads)
    if not heads:
        return []
    known = set(
        ChainCheckpoint.objects.filter(
            company=company,
            superseded_at__isnull=True,
            fiscal_year_id__in=[h["fiscal_year_id"] for h in heads],
        ).values_list("fiscal_year_id", "last_number", "head_hash")
    )
    new = [
        ChainCheckpoint(company=company, reason=reason, **head)
        for head in heads
        if (head["fiscal_year_id"], head["last_number"], head["head_hash"]) not in known
    ]
    return ChainCheckpoint.objects.bulk_create(new)


def restart_checkpoints(company: Company, heads: Iterable[Head]) -> list[ChainCheckpoint]:
    """The books were replaced by a backup: earlier checkpoints no longer apply; the backup's
    heads are the new starting point. One transaction."""
    with transaction.atomic(using="default"):
        ChainCheckpoint.objects.filter(company=company, superseded_at__isnull=True).update(
            superseded_at=timezone.now()
        )
        return record_heads(company, heads, reason=ChainCheckpoint.Reason.RESTORE)
