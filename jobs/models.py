"""The job record: which company, what, how far, the outcome. Lives in the common database beside
procrastinate's own queue tables, which hold only the job's id."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from common.models import Company


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        # Retried later: the company is not active yet, or an attempt failed and backs off.
        WAITING = "waiting", "Waiting"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    FINISHED = (Status.SUCCEEDED, Status.FAILED)

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="jobs")
    task = models.CharField(max_length=100)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    params = models.JSONField(default=dict, blank=True)
    progress_done = models.BigIntegerField(default=0)
    progress_total = models.BigIntegerField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # The queue's row (procrastinate_jobs.id), for operators; no foreign key into its tables.
    queue_job_id = models.BigIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)
    # A file the job made (jobs.files): its storage name, download name, type, size and the role a
    # member needs to download it. Gone (null) once pruned.
    file = models.JSONField(null=True, blank=True)
    file_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["company", "-id"]),
            models.Index(fields=["task", "status"]),
            models.Index(fields=["finished_at"], name="jobs_job_finished"),
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED
