"""The application one api_load server runs, for the production servers (gunicorn, uvicorn, granian).

    PYLEDGER_BENCH_VARIANT=tenancy|baseline gunicorn benchmarks._api_app:wsgi ...

The benchmark's settings and databases (benchmarks._setup), the variant applied before the
handler loads its middleware, then the project's own entry points (pyledger_project.wsgi / asgi):
the code path production serves, with the baseline's bypass of tenancy when asked for.
"""

from __future__ import annotations

import logging
import os
import warnings

from benchmarks._setup import configure

warnings.filterwarnings("ignore", message="No directory at")  # no collected static files here
configure("api")

from django.conf import settings  # noqa: E402

settings.PYLEDGER_REGISTRY_CACHE_SECONDS = 5.0  # production defaults (the test settings
settings.PYLEDGER_LEDGER_CACHE_SECONDS = 5.0  # switch both caches off)
if os.environ.get("PYLEDGER_BENCH_VARIANT") == "baseline":
    from benchmarks.api_load import apply_baseline

    apply_baseline()
logging.getLogger("django.server").setLevel(logging.ERROR)

from pyledger_project.asgi import application as asgi  # noqa: E402
from pyledger_project.wsgi import application as wsgi  # noqa: E402

__all__ = ["asgi", "wsgi"]
