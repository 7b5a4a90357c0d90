"""DRF permission for company-scoped endpoints: the roles of tenants.routing.access, checked after DRF
authentication.

The middleware sees token-authenticated users as anonymous (DRF authenticates later, in the
view), so access is checked again here. Whoever may not enter the company gets the same 404 as
for an unknown company; a cross-company access that is allowed is recorded (note_cross_company).
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from ..errors import NoTenantActive, TenantNotFound
from .access import ACCOUNTANT, VIEWER, access_for, is_write, note_cross_company, role_for


def required_role(request: Request, view: Any) -> str:
    """The view's `roles` map by action name (or 'read'/'write'); reading needs a viewer."""
    roles: dict[str, str] = getattr(view, "roles", {})
    action = getattr(view, "action", None)
    if action and action in roles:
        return roles[action]
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return roles.get("read", VIEWER)
    return roles.get("write", ACCOUNTANT)


class CompanyRolePermission(BasePermission):
    message = "Your role in this company does not allow this."

    def has_permission(self, request: Request, view: Any) -> bool:
        authenticated = bool(request.user and request.user.is_authenticated)
        refusal = getattr(request._request, "tenant_refusal", None)
        if refusal is not None:
            # The middleware held back its answer until the user is known (see middleware.prepare).
            error, refused = refusal
            if not authenticated:
                return False
            if refused is not None and role_for(request.user, refused) is None:
                raise TenantNotFound(f"No company '{refused.slug}'.")
            raise error
        company = getattr(request._request, "company", None)
        if company is None:
            raise NoTenantActive()
        if not authenticated:
            return False  # DRF answers 401 with a WWW-Authenticate challenge
        access = access_for(request.user, company)
        if access is None:
            raise TenantNotFound(f"No company '{company.slug}'.")
        request.company_role = access.role  # type: ignore[attr-defined]  # DRF's Request declares none
        if not access.allows(required_role(request, view)):
            return False
        write = is_write(request.method or "GET", access)
        note_cross_company(user=request.user, company=company, access=access, write=write, interface="api")
        return True
