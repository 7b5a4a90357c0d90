"""OpenAPI hooks: document each company endpoint once, under /t/{tenant_slug}/, and the error
answers every operation can give, in the one shape of common/api_errors.py."""

from __future__ import annotations

from typing import Any

from pyledger_project.schema_titles import SUMMARIES

PUBLIC_PREFIXES = ("/api/v1/auth/", "/api/v1/me/")


def drop_host_duplicates(
    endpoints: list[tuple[str, str, str, Any]], **kwargs: Any
) -> list[tuple[str, str, str, Any]]:
    """The /api/v1/… copies of company endpoints (for X-Tenant and domains) stay undocumented."""
    return [
        (path, regex, method, view)
        for path, regex, method, view in endpoints
        if path.startswith("/t/") or path.startswith(PUBLIC_PREFIXES)
    ]


ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error answer: a stable snake_case code, a message for people, and the "
    "inputs that were wrong (empty when none). The codes are listed in docs/api.md.",
    "properties": {
        "code": {"type": "string", "example": "unbalanced_entry"},
        "message": {"type": "string", "example": "Debits and credits differ by 1.00 USD."},
        "fields": {"type": "object", "additionalProperties": True},
    },
    "required": ["code", "message", "fields"],
}

# Status -> what it means here; which operations get which is decided in `errors_for`.
ERRORS = {
    "400": "Invalid input: validation_error, parse_error, invalid_parameter, unbalanced_entry, …; "
    "or tenant_mismatch / tenant_required",
    "401": "not_authenticated or authentication_failed (no, unknown, expired or revoked credentials)",
    "403": "permission_denied: the role is too low, or a session write without a CSRF token; "
    "token_limit_reached",
    "404": "not_found, or tenant_not_found (unknown company, or not a member)",
    "406": "not_acceptable: an Accept header the endpoint cannot produce",
    "409": "A state conflict: period_closed, entry_not_draft, account_in_use, idempotency_conflict, "
    "ledger_not_seeded, …",
    "410": "tenant_archived",
    "413": "request_too_large: a body over the upload limit",
    "415": "unsupported_media_type: a body other than JSON, form or multipart",
    "429": "throttled: too many sign-in attempts; signin_locked: too many failed sign-ins, locked a while",
    "503": "tenant_suspended, tenant_provisioning, tenant_maintenance, tenant_read_only, server_unavailable",
}
BODY_METHODS = {"post", "put", "patch"}


def errors_for(path: str, method: str) -> list[str]:
    """The error statuses an operation can answer with."""
    statuses = ["400", "401", "403", "404", "406"]
    if method in BODY_METHODS:
        statuses += ["413", "415"]
    if path.startswith("/t/"):
        statuses += ["409", "410", "503"]
    if path.startswith("/api/v1/auth/"):
        statuses.append("429")
    return statuses


# Tag slug (the first path segment after the API prefix) -> the section ReDoc and Swagger show.
TAGS = {
    "auth": "Sign-in",
    "me": "Sign-in",
    "accounts": "Accounts",
    "journal-entries": "Journal entries",
    "periods": "Periods and years",
    "fiscal-years": "Periods and years",
    "exchange-rates": "Currencies and taxes",
    "tax-codes": "Currencies and taxes",
    "reports": "Reports",
    "members": "Members",
    "audit-events": "Audit",
    "bank-accounts": "Bank",
    "statements": "Bank",
    "statement-lines": "Bank",
    "bank-rules": "Bank",
    "csv-profiles": "Bank",
    "contacts": "Sales and purchases",
    "invoices": "Sales and purchases",
    "bills": "Sales and purchases",
    "payments": "Sales and purchases",
    "document-series": "Sales and purchases",
    "invoicing-settings": "Sales and purchases",
    "revaluations": "Currencies and taxes",
    "tax-returns": "Tax returns",
    "tax-schemes": "Tax returns",
    "recurring-entries": "Recurring entries",
    "jobs": "Background jobs",
    "events": "Events and webhooks",
    "webhooks": "Events and webhooks",
    "export": "Imports and exports",
    "imports": "Imports and exports",
}


def name_sections(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing: operations grouped by resource with readable section names, and a summary
    for every operation (ReDoc titled them with generated ids such as api_v1_me_retrieve)."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            operation["tags"] = [
                TAGS.get(tag, tag.replace("-", " ").capitalize()) for tag in operation.get("tags", [])
            ]
            if operation.get("operationId") in SUMMARIES:
                operation.setdefault("summary", SUMMARIES[operation["operationId"]])
    return result


# Response fields that only some answers carry (required in the schema by default as read-only).
OPTIONAL_FIELDS = {"AccountWithBalance": ("children",)}


def mark_optional_fields(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing: the fields of OPTIONAL_FIELDS are left out of their component's `required`."""
    schemas = result.get("components", {}).get("schemas", {})
    for name, fields in OPTIONAL_FIELDS.items():
        component = schemas.get(name, {})
        if "required" in component:
            component["required"] = [f for f in component["required"] if f not in fields]
    return result


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing: the Error component, and the error answers of each operation (success
    answers stay as the views describe them)."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    shared = components.setdefault("responses", {})
    for status, description in ERRORS.items():  # one definition each, referenced by the operations
        shared[f"Error{status}"] = {"description": description, "content": body}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in errors_for(path, method):
                responses.setdefault(status, {"$ref": f"#/components/responses/Error{status}"})
    return result
