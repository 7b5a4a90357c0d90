from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Registry"

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401  (registers the system checks)
            tokens,
        )

        tokens.connect()
