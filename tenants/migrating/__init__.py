"""Migrating the tenant databases: one tenant, the template and the fleet; plans, rollbacks, the
migration linter and the reversibility walk. (Django's own migration files are not here: tenants has
no models.)"""
