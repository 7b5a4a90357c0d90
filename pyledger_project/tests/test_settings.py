"""Production settings: deploy checks pass, missing secrets stop the start, no secret is printed.

Each test starts `manage.py` in a fresh process: settings are read once per process.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from pyledger_project.embedded import stop

PROD = "pyledger_project.settings.prod"
DEV = "pyledger_project.settings.dev"
PASSWORD = "s3cretpw"
# Port 1 on loopback: nothing listens there, the connection is refused at once.
UNREACHABLE_URL = f"postgres://pyledger:{PASSWORD}@127.0.0.1:1/pyledger"

# Variables of the caller that would change what the child process reads.
CLEARED = {
    "DATABASE_URL",
    "DATABASE_URL_FILE",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "ALLOWED_HOSTS",
    "DJANGO_DEBUG",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "LOG_LEVEL",
}


def manage(*args: str, settings_module: str, **env: str) -> subprocess.CompletedProcess[str]:
    child_env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    child_env.update(DJANGO_SETTINGS_MODULE=settings_module, **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def secret_key_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret_key"
    path.write_text(secrets.token_urlsafe(64) + "\n")
    return path


@pytest.mark.slow
def test_the_deploy_checks_pass_with_production_settings(secret_key_file):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        settings_module=PROD,
        SECRET_KEY_FILE=str(secret_key_file),
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/x",
        ALLOWED_HOSTS="books.example.com",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.slow
def test_production_refuses_to_start_without_a_secret_key():
    result = manage(
        "check",
        settings_module=PROD,
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/x",
        ALLOWED_HOSTS="books.example.com",
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set SECRET_KEY or SECRET_KEY_FILE." in result.stderr


@pytest.mark.slow
def test_production_refuses_to_start_without_a_database(secret_key_file):
    result = manage(
        "check", settings_module=PROD, SECRET_KEY_FILE=str(secret_key_file), ALLOWED_HOSTS="books.example.com"
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set DATABASE_URL or DATABASE_URL_FILE." in result.stderr


@pytest.mark.slow
def test_an_unreadable_secret_file_stops_the_start_naming_the_variable(tmp_path):
    result = manage(
        "check",
        settings_module=PROD,
        SECRET_KEY_FILE=str(tmp_path / "missing"),
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/x",
    )
    assert result.returncode != 0
    assert "SecretFileError: SECRET_KEY_FILE names" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("settings_module", [PROD, DEV])
def test_a_failed_connection_prints_one_line_and_never_the_password(secret_key_file, settings_module):
    result = manage(
        "list_tenants",
        settings_module=settings_module,
        SECRET_KEY_FILE=str(secret_key_file),
        DATABASE_URL=UNREACHABLE_URL,
        ALLOWED_HOSTS="books.example.com",
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert PASSWORD not in output
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("CommandError: Database unreachable:")
    assert "127.0.0.1" in lines[0]


@pytest.mark.slow
def test_a_password_given_as_a_secret_file_is_never_printed_either(tmp_path, secret_key_file):
    url_file = tmp_path / "database_url"
    url_file.write_text(UNREACHABLE_URL + "\n")
    result = manage(
        "migrate_all_tenants",
        settings_module=PROD,
        SECRET_KEY_FILE=str(secret_key_file),
        DATABASE_URL_FILE=str(url_file),
    )
    assert result.returncode != 0
    assert PASSWORD not in result.stdout + result.stderr
    assert "Database unreachable" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [("help",), ("embedded_db", "stop"), ("--version",), ("spectacular", "--validate", "--fail-on-warn")],
)
def test_commands_without_a_database_leave_the_development_server_stopped(tmp_path, args):
    pgdata = tmp_path / "postgres"

    result = manage(*args, settings_module=DEV, PYLEDGER_DEV_PGDATA=str(pgdata))

    assert result.returncode == 0, result.stderr
    assert not pgdata.exists()


@pytest.mark.slow
def test_a_command_that_needs_the_database_starts_it_and_embedded_db_stops_that_one(tmp_path):
    pgdata = tmp_path / "postgres"

    started = manage("showmigrations", "common", settings_module=DEV, PYLEDGER_DEV_PGDATA=str(pgdata))
    stopped = manage("embedded_db", "stop", settings_module=DEV, PYLEDGER_DEV_PGDATA=str(pgdata))

    assert started.returncode == 0, started.stderr
    assert stopped.stdout.strip() == "stopped"
    assert not (pgdata / "postmaster.pid").exists()


@pytest.mark.slow
def test_the_test_settings_start_no_server_for_mypy_s_django_plugin(tmp_path):
    # make test type-checks before it tests: the plugin loads these settings (for the apps and
    # models), and a server started there was left running after the run.
    pgdata = tmp_path / "test-postgres"
    child_env = {k: v for k, v in os.environ.items() if k not in CLEARED and k != "TEST_DATABASE_URL"}
    child_env.update(
        DJANGO_SETTINGS_MODULE="pyledger_project.settings.test", PYLEDGER_TEST_PGDATA=str(pgdata)
    )
    code = "import mypy, os, django; django.setup(); os._exit(0)"  # mypy ends so, without atexit

    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    started = (pgdata / "postmaster.pid").exists()
    if started:
        stop(pgdata)
    assert result.returncode == 0, result.stderr
    assert not started
