"""Errors of the tenancy machinery; each carries its API code and HTTP status."""

from __future__ import annotations

from common.errors import DomainError


class NoTenantActive(DomainError):
    code = "tenant_required"
    status_code = 400
    default_message = (
        "No company is active: ledger data is only reachable inside a company "
        "(a /t/<slug>/ URL, the X-Tenant header, a company domain, or tenant_context() in code)."
    )


class TenantNotFound(DomainError):
    code = "tenant_not_found"
    status_code = 404
    default_message = "No such company."


class TenantMismatch(DomainError):
    code = "tenant_mismatch"
    status_code = 400
    default_message = "The X-Tenant header names a different company than the URL."


class TenantSuspended(DomainError):
    code = "tenant_suspended"
    status_code = 503
    default_message = "This company is suspended. Contact support to reactivate it."


class TenantArchived(DomainError):
    code = "tenant_archived"
    status_code = 410
    default_message = "This company is archived."


class TenantProvisioning(DomainError):
    code = "tenant_provisioning"
    status_code = 503
    default_message = "This company is still being set up. Try again in a moment."


class TenantMaintenance(DomainError):
    code = "tenant_maintenance"
    status_code = 503
    default_message = "This company's books are being moved or restored. Try again in a few minutes."


class TenantReadOnly(DomainError):
    code = "tenant_read_only"
    status_code = 503
    default_message = "This company's books are read-only just now. Try again in a moment."


class InvalidSlug(DomainError):
    code = "invalid_slug"
    status_code = 400


class TenantStateError(DomainError):
    code = "tenant_state"
    status_code = 409


class TenantBusy(DomainError):
    code = "tenant_busy"
    status_code = 409
    default_message = "Another operation on this company is running; try again when it ends."


class FleetBusy(DomainError):
    code = "fleet_busy"
    status_code = 409
    default_message = "Another migrate_all_tenants is running (lock fleet:migrate); try again when it ends."


class UnknownMigration(DomainError):
    code = "unknown_migration"
    status_code = 400


class CrossTenantAccess(DomainError):
    code = "cross_tenant_access"
    status_code = 500
    default_message = "An object of one company was used while another company is active."


class ServerUnavailable(DomainError):
    code = "server_unavailable"
    status_code = 503


class ProvisioningError(DomainError):
    code = "provisioning_failed"
    status_code = 500


class BackupError(DomainError):
    """pg_dump or pg_restore failed, a backup file is unusable, or a restored copy differs."""

    code = "backup_failed"
    status_code = 500
