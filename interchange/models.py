"""What the interchange app keeps in each company's database: the book imports and their reports."""

from __future__ import annotations

from django.db import models


class BookImport(models.Model):
    """An uploaded file of another ledger's books, its import's status and report.

    The file is kept until the import ends (the job reads it from here), then dropped; the report
    stays. A run that dies half-way is run again from the kept file: the entries' idempotency keys
    skip what the first run wrote.
    """

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"

    format = models.CharField(max_length=20)
    file_name = models.CharField(max_length=255, blank=True)
    data = models.BinaryField(blank=True)
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    report = models.JSONField(null=True, blank=True)
    error = models.JSONField(null=True, blank=True, help_text="code and message of a failed import")
    job_id = models.BigIntegerField(null=True, blank=True, help_text="The background job, when queued.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_id = models.BigIntegerField(null=True, blank=True)
    created_by_name = models.CharField(max_length=150, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "succeeded", "failed"]),
                name="book_import_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.format} import #{self.pk} {self.file_name}".strip()
