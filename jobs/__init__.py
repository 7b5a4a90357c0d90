"""Background jobs per company, on a PostgreSQL queue (procrastinate) in the common database.

    from jobs import company_job, enqueue

    @company_job("bank.import_statement")
    def import_statement(job: JobHandle, *, upload: int) -> dict: ...

    enqueue("bank.import_statement", company=acme, params={"upload": 7})

Every job names its company and runs inside its tenant context; see docs/operations.md.
"""
