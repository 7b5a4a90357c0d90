"""The production image and compose file, checked as files (Docker is not on every machine)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from dockerfile_parse import DockerfileParser

ROOT = Path(settings.BASE_DIR)
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
COMPOSE = ROOT / "compose.prod.yml"
SECRET_NAME = re.compile(r"SECRET|PASSWORD|TOKEN|DSN|DATABASE_URL", re.IGNORECASE)


@pytest.fixture(scope="module")
def instructions() -> list[dict[str, Any]]:
    parser = DockerfileParser(path=str(DOCKERFILE))
    return list(parser.structure)


def stages(instructions: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    found: list[list[dict[str, Any]]] = []
    for instruction in instructions:
        if instruction["instruction"] == "FROM":
            found.append([])
        if found:  # comments come before the first FROM
            found[-1].append(instruction)
    return found


def of(stage: list[dict[str, Any]], name: str) -> list[str]:
    return [i["value"] for i in stage if i["instruction"] == name]


def test_three_stages_node_builds_the_app_python_runs_it(instructions):
    web, build, runtime = stages(instructions)
    assert of(web, "FROM")[0].startswith("node:20") and of(web, "FROM")[0].endswith(" AS web")
    assert any("npm ci" in run for run in of(web, "RUN"))
    assert any("npm run build" in run for run in of(web, "RUN"))
    assert of(build, "FROM")[0] == "python:3.11-slim-bookworm AS build"
    assert any("uv sync --locked --no-dev" in run for run in of(build, "RUN"))
    assert "--from=web /src/app/dist ./app/dist" in of(build, "COPY")
    assert of(runtime, "FROM")[0] == "python:3.11-slim-bookworm AS runtime"
    # What runs comes from the build stage only: no compiler, no Node, no uv in the final image.
    assert {c.split()[0] for c in of(runtime, "COPY")} == {"--from=build"}


def test_bytecode_is_compiled_in_the_build_and_never_written_at_run_time(instructions):
    _, build, runtime = stages(instructions)
    assert any("compileall" in run and "unchecked-hash" in run for run in of(build, "RUN"))
    assert any("UV_COMPILE_BYTECODE=1" in env for env in of(build, "ENV"))
    assert any("PYTHONDONTWRITEBYTECODE=1" in env for env in of(runtime, "ENV"))


def test_it_runs_as_a_non_root_user(instructions):
    runtime = stages(instructions)[-1]
    users = of(runtime, "USER")
    assert users and users[-1] not in ("root", "0")
    last_user = max(i["startline"] for i in runtime if i["instruction"] == "USER")
    # Nothing after USER needs root (no RUN that would fail or run as the app's user by surprise).
    assert not [i for i in runtime if i["instruction"] == "RUN" and i["startline"] > last_user]
    assert any("useradd --system --uid 10001" in run for run in of(runtime, "RUN"))


def test_the_health_check_hits_healthz_and_the_server_is_gunicorn(instructions):
    runtime = stages(instructions)[-1]
    [health] = of(runtime, "HEALTHCHECK")
    assert "http://127.0.0.1:8000/healthz" in health
    [cmd] = of(runtime, "CMD")
    assert cmd == '["gunicorn", "-c", "python:pyledger_project.gunicorn_conf", "pyledger_project.wsgi"]'
    assert any("DJANGO_SETTINGS_MODULE=pyledger_project.settings.prod" in env for env in of(runtime, "ENV"))


def test_no_secret_is_baked_in(instructions):
    for instruction in instructions:
        if instruction["instruction"] in ("ENV", "ARG", "LABEL"):
            names = re.findall(r"([A-Z_]+)=", instruction["value"]) or [instruction["value"].split()[0]]
            assert not [n for n in names if SECRET_NAME.search(n)], instruction["content"]
        if instruction["instruction"] in ("COPY", "ADD"):
            assert "secrets" not in instruction["value"], instruction["content"]
        if instruction["instruction"] == "RUN":
            # collectstatic needs the production settings to load: placeholders, on that line only.
            for value in re.findall(r"(?:SECRET_KEY|DATABASE_URL)=(\S+)", instruction["value"]):
                assert "placeholder" in value, instruction["content"]
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {"deploy/secrets", ".git", ".venv", "var", "app/node_modules"} <= set(ignored)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def secrets_of(service: dict[str, Any]) -> set[str]:
    return {s if isinstance(s, str) else s["source"] for s in service.get("secrets", [])}


def test_compose_runs_app_worker_postgres_pgbouncer_and_migrations(compose):
    services = compose["services"]
    assert {"app", "worker", "postgres", "pgbouncer", "migrate"} <= set(services)
    for name in ("app", "worker", "migrate"):
        assert services[name]["build"]["dockerfile"] == "deploy/Dockerfile"
        assert "user" not in services[name]  # the image's non-root user
        assert services[name]["read_only"] is True
    assert services["worker"]["command"] == ["python", "manage.py", "jobs_worker"]
    assert services["app"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_web_goes_through_pgbouncer_workers_and_migrations_straight_to_postgres(compose):
    services = compose["services"]
    app_env = services["app"]["environment"]
    assert app_env["DATABASE_URL_FILE"] == "/run/secrets/database_url"
    assert app_env["DISABLE_SERVER_SIDE_CURSORS"] == "true"
    for name in ("worker", "migrate"):  # LISTEN/NOTIFY and session advisory locks
        env = services[name]["environment"]
        assert env["DATABASE_URL_FILE"] == "/run/secrets/database_url_direct", name
        assert "database_url" not in secrets_of(services[name])


def test_health_checks(compose):
    services = compose["services"]
    assert "pg_isready" in services["postgres"]["healthcheck"]["test"]
    assert any("/readyz" in part for part in services["app"]["healthcheck"]["test"])
    assert services["app"]["depends_on"]["pgbouncer"]


def test_every_secret_is_a_mounted_file_never_committed(compose):
    for name, service in compose["services"].items():
        env = service.get("environment", {})
        for variable, value in env.items():
            if SECRET_NAME.search(variable) and variable != "DISABLE_SERVER_SIDE_CURSORS":
                assert variable.endswith("_FILE"), f"{name}: {variable} must be a file"
                assert value.removeprefix("/run/secrets/") in secrets_of(service), f"{name}: {variable}"
        assert secrets_of(service) <= set(compose["secrets"]), name
    for name, secret in compose["secrets"].items():
        path = secret["file"]
        assert path.startswith("./deploy/secrets/") and not path.endswith(".example"), name
        ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, check=False)
        assert ignored.returncode == 0, f"{path} would be committed"
