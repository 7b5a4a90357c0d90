"""PostgreSQL logging settings that keep ledger data out of the server's log.

By default PostgreSQL writes the full text of a statement that fails (`log_min_error_statement =
error`): a refused posting lands in the log with its memo, amounts and accounts, and a
constraint's DETAIL line quotes the failing row. These settings keep the error itself (what
failed, which constraint) and drop the statement, its parameters and the row. Slow-statement
logging goes too: it logs the statement with its values (use pg_stat_statements, which
normalises them).

Applied with ALTER DATABASE to every database pyledger creates (tenants/lifecycle/provisioning.py), with
ALTER SYSTEM to the embedded server (embedded.py); a production server's own configuration or
`ALTER ROLE` covers the common database (docs/operations.md).
"""

from __future__ import annotations

QUIET_LOG_SETTINGS: dict[str, str] = {
    "log_statement": "none",  # no statement logged for being run
    "log_min_error_statement": "panic",  # nor for failing
    "log_min_duration_statement": "-1",  # nor for being slow
    "log_parameter_max_length": "0",  # no bind parameters with a logged statement
    "log_parameter_max_length_on_error": "0",  # nor with an error
    "log_error_verbosity": "terse",  # no DETAIL ("Failing row contains …"), HINT, QUERY or CONTEXT
}
