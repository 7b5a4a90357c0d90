"""compose.dev.yml stays runnable: its services, secret files, init script and pgbouncer mode."""

from __future__ import annotations

import configparser
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COMPOSE_FILE = ROOT / "compose.dev.yml"
PGBOUNCER_INI = ROOT / "deploy" / "pgbouncer" / "pgbouncer.ini"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def secrets_of(service: dict[str, Any]) -> set[str]:
    return {s if isinstance(s, str) else s["source"] for s in service.get("secrets", [])}


def bind_sources(service: dict[str, Any]) -> list[str]:
    """Host paths of a service's bind mounts (named volumes have no slash in their source)."""
    sources = []
    for volume in service.get("volumes", []):
        source = volume.split(":", 1)[0] if isinstance(volume, str) else volume.get("source", "")
        if source.startswith((".", "/")):
            sources.append(source)
    return sources


def test_it_defines_postgres_pgbouncer_and_the_app(compose):
    assert {"postgres", "pgbouncer", "app"} <= set(compose["services"])
    assert compose["services"]["postgres"]["image"].startswith("postgres:17")


def test_every_secret_is_a_file_in_the_repository_and_none_is_a_real_secret(compose):
    for name, secret in compose["secrets"].items():
        path = ROOT / secret["file"]
        assert path.is_file(), f"secret {name}: {path} is missing"
        assert path.name.endswith(".example"), f"secret {name} must point at an example file"


def test_every_secret_a_service_uses_is_declared(compose):
    for name, service in compose["services"].items():
        assert secrets_of(service) <= set(compose["secrets"]), name


@pytest.mark.parametrize("service", ["app", "setup"])
def test_the_app_reads_its_secrets_from_mounted_files(compose, service):
    env = compose["services"][service]["environment"]
    mounted = secrets_of(compose["services"][service])
    for variable in ("DATABASE_URL", "SECRET_KEY"):
        assert variable not in env, f"{service} passes {variable} in plain text"
        path = env[f"{variable}_FILE"]
        assert path.startswith("/run/secrets/")
        assert path.removeprefix("/run/secrets/") in mounted


def test_postgres_takes_its_password_from_a_secret_file(compose):
    postgres = compose["services"]["postgres"]
    assert "POSTGRES_PASSWORD" not in postgres["environment"]
    secret = postgres["environment"]["POSTGRES_PASSWORD_FILE"].removeprefix("/run/secrets/")
    assert secret in secrets_of(postgres)


def test_the_app_goes_through_pgbouncer_and_the_setup_goes_direct(compose):
    app_url = (ROOT / compose["secrets"]["database_url"]["file"]).read_text().strip()
    direct_url = (ROOT / compose["secrets"]["database_url_direct"]["file"]).read_text().strip()
    assert "@pgbouncer:6432/" in app_url
    assert "@postgres:5432/" in direct_url
    assert compose["services"]["app"]["environment"]["DISABLE_SERVER_SIDE_CURSORS"] == "true"


def test_the_init_script_creates_the_sample_tenants(compose):
    mounts = [v for v in compose["services"]["postgres"]["volumes"] if "docker-entrypoint-initdb.d" in v]
    assert len(mounts) == 1
    folder = ROOT / mounts[0].split(":", 1)[0]
    scripts = sorted(p for p in folder.iterdir() if p.suffix in {".sql", ".sh"})
    assert scripts, f"no init script in {folder}"
    text = "\n".join(p.read_text() for p in scripts)
    assert "CREATE DATABASE tenant_acme" in text
    assert "CREATE DATABASE tenant_foo" in text


def test_pgbouncer_pools_by_transaction_and_covers_tenants_created_later(compose):
    mounted = [v for v in compose["services"]["pgbouncer"]["volumes"] if v.endswith("pgbouncer.ini:ro")]
    assert mounted == ["./deploy/pgbouncer/pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini:ro"]
    ini = configparser.ConfigParser(inline_comment_prefixes=None)
    ini.read(PGBOUNCER_INI)
    assert ini["pgbouncer"]["pool_mode"] == "transaction"
    assert "*" in ini["databases"]
    auth_file = ini["pgbouncer"]["auth_file"].removeprefix("/run/secrets/")
    assert auth_file in secrets_of(compose["services"]["pgbouncer"])


def test_the_userlist_and_the_urls_agree_with_the_postgres_password(compose):
    def read(name: str) -> str:
        return (ROOT / str(compose["secrets"][name]["file"])).read_text().strip()

    password = read("postgres_password")
    assert read("pgbouncer_userlist") == f'"pyledger" "{password}"'
    assert f"pyledger:{password}@" in read("database_url")
    assert f"pyledger:{password}@" in read("database_url_direct")


def test_every_file_the_compose_file_refers_to_exists(compose):
    referenced = [secret["file"] for secret in compose["secrets"].values()]
    for service in compose["services"].values():
        referenced += bind_sources(service)
        build = service.get("build")
        if isinstance(build, dict):
            referenced.append(str(Path(build.get("context", ".")) / build.get("dockerfile", "Dockerfile")))
    assert referenced
    missing = [path for path in referenced if not (ROOT / path).exists()]
    assert not missing
