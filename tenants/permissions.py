"""DRF permission for company-scoped endpoints: member roles, checked after DRF authentication.

The middleware sees token-authenticated users as anonymous (DRF authenticates later, in the
view), so membership is checked again here. Non-members get the same 404 as an unknown company.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from common.models import Membership

from .access import membership_role
from .errors import NoTenantActive, TenantNotFound

ROLE_RANK = {Membership.Role.VIEWER: 1, Membership.Role.ACCOUNTANT: 2, Membership.Role.OWNER: 3}


def required_role(request: Request, view: Any) -> str:
    """The view's `roles` map by action name (or 'read'/'write'); reading needs a viewer."""
    roles: dict[str, str] = getattr(view, "roles", {})
    action = getattr(view, "action", None)
    if action and action in roles:
        return roles[action]
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return roles.get("read", Membership.Role.VIEWER)
    return roles.get("write", Membership.Role.ACCOUNTANT)


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
            if refused is not None and membership_role(request.user, refused) is None:
                raise TenantNotFound(f"No company '{refused.slug}'.")
            raise error
        company = getattr(request._request, "company", None)
        if company is None:
            raise NoTenantActive()
        if not authenticated:
            return False  # DRF answers 401 with a WWW-Authenticate challenge
        role = membership_role(request.user, company)
        if role is None:
            raise TenantNotFound(f"No company '{company.slug}'.")
        request.company_role = role  # type: ignore[attr-defined]
        return ROLE_RANK[Membership.Role(role)] >= ROLE_RANK[Membership.Role(required_role(request, view))]
