from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Tenancy"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_save

        from common.models import Company, DatabaseServer, Domain, Membership

        from . import checks  # noqa: F401  (registers the system checks)
        from .routing.connections import note_connected
        from .routing.registry_cache import clear

        connection_created.connect(note_connected, dispatch_uid="tenants-note-connected")

        for model in (Company, Domain, Membership, DatabaseServer):
            post_save.connect(clear, sender=model, dispatch_uid=f"registry-cache-{model.__name__}-save")
            post_delete.connect(clear, sender=model, dispatch_uid=f"registry-cache-{model.__name__}-delete")
