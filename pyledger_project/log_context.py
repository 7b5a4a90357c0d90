"""What every log line (and error report) of this request or job carries: request id, job id, user.

Context variables, so each thread or task sees its own. The request middleware
(pyledger_project.observability) sets `request_id` and `user_id`; the company comes from the
tenant context (tenants.routing.context) or from `company` when set. A job runner sets the job:

    from pyledger_project.log_context import bind

    with bind(job_id=job.id, company=job.company_slug), tenant_context(company):
        run(job)      # every line logged inside carries job_id and company

No Django import here: the logging configuration reads it before Django is set up.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

request_id: ContextVar[str | None] = ContextVar("pyledger_request_id", default=None)
job_id: ContextVar[str | None] = ContextVar("pyledger_job_id", default=None)
user_id: ContextVar[int | None] = ContextVar("pyledger_user_id", default=None)
company: ContextVar[str | None] = ContextVar("pyledger_log_company", default=None)
# The request being answered: its user is read once authentication has run (never triggers it).
request: ContextVar[Any] = ContextVar("pyledger_log_request", default=None)

VARIABLES: dict[str, ContextVar[Any]] = {
    "request_id": request_id,
    "job_id": job_id,
    "user_id": user_id,
    "company": company,
}
_BINDABLE: dict[str, ContextVar[Any]] = {**VARIABLES, "request": request}


@contextmanager
def bind(**values: Any) -> Iterator[None]:
    """Set some of request_id, job_id, user_id, company for the block; the previous values after."""
    unknown = set(values) - set(_BINDABLE)
    if unknown:
        raise TypeError(f"unknown log context: {', '.join(sorted(unknown))}")
    tokens = [(_BINDABLE[name], _BINDABLE[name].set(value)) for name, value in values.items()]
    try:
        yield
    finally:
        for variable, token in reversed(tokens):
            variable.reset(token)


def user_id_of(http_request: Any) -> int | None:
    """The id of the request's user if authentication has already found one; no lookup of its own
    (Django's lazy user is read only once evaluated, DRF sets the user it authenticated)."""
    user = getattr(http_request, "__dict__", {}).get("user")
    if user is None:
        return None
    user = user.__dict__.get("_wrapped", user)  # a SimpleLazyObject: what it wraps, once evaluated
    if type(user) is object:  # Django's `empty`: not evaluated yet
        return None
    return user.pk if getattr(user, "is_authenticated", False) else None


def current() -> dict[str, Any]:
    """The values set in this context (company: the explicit one; the tenant's is added by logs)."""
    values = {name: value for name, variable in VARIABLES.items() if (value := variable.get()) is not None}
    http_request = request.get()
    found = user_id_of(http_request) if "user_id" not in values and http_request is not None else None
    if found is not None:
        values["user_id"] = found
    return values
