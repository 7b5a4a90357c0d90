"""Settings for the benchmarks: the test settings, with names that cannot clash with tests or dev.

`benchmarks._setup` sets the variables below before Django starts; a `manage.py` subprocess the
benchmark launches inherits them, so it works on the same throwaway databases.

- PYLEDGER_BENCH_COMMON_DB: name of the common database (created and dropped by the benchmark).
- PYLEDGER_BENCH_TENANT_PREFIX: prefix of tenant database names (`bench_<script>_`).
"""

from __future__ import annotations

import os

from pyledger_project.settings.test import *  # noqa: F403
from pyledger_project.settings.test import DATABASES

PYLEDGER_TENANT_DB_PREFIX = os.environ.get("PYLEDGER_BENCH_TENANT_PREFIX", "bench_tenant_")

_common = os.environ.get("PYLEDGER_BENCH_COMMON_DB")
if _common:
    DATABASES["default"]["NAME"] = _common
