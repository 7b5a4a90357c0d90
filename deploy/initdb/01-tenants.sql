-- Run once by the postgres image (/docker-entrypoint-initdb.d) when it initialises an empty data
-- volume, as POSTGRES_USER. Pre-creates the databases of the demo companies; `manage.py dev_setup`
-- (the `setup` service of compose.dev.yml) then migrates and seeds them, and registers them in the
-- common database. To run it again, remove the volume: `docker compose -f compose.dev.yml down -v`.
--
-- Names follow PYLEDGER_TENANT_DB_PREFIX (default "tenant_") + slug.
CREATE DATABASE tenant_acme;
CREATE DATABASE tenant_foo;
